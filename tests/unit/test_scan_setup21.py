"""Configured-address writes in a set-up window (issue #15, round 21 merge): a payee or called contract that
anyone may set only until a flag nobody lowers is raised, or only through an imported `initializer`, is a low
note; the same setter with no window stays a finding."""

from __future__ import annotations

from nexus.scan import scan_source

LOGGED = """pragma solidity ^0.4.24;
contract Sink {{ function note(address a, uint v) public; }}
contract Bank {{
    address public owner;
    mapping(address => uint) public balances;
    Sink sink;
    bool closed;
    constructor() public {{ owner = msg.sender; }}
    function setSink(address s) public {{
        {gate}
        sink = Sink(s);
    }}
    function close() public {{ closed = true; }}
    function sweep() public {{ require(msg.sender == owner); owner.transfer(address(this).balance); }}
    function deposit() public payable {{ balances[msg.sender] += msg.value; sink.note(msg.sender, msg.value); }}
}}
"""

INIT = """pragma solidity ^0.8.20;
import "./Initializable.sol";
interface IRegistry { function feeOf(address a) external view returns (uint256); }
contract Pool is Initializable {
    address public owner;
    IRegistry public registry;
    constructor() { owner = msg.sender; }
    function initialize(IRegistry r) public MODS { registry = r; }
    function fee() external view returns (uint256) { return registry.feeOf(msg.sender); }
    function sweep() external { require(msg.sender == owner); payable(owner).transfer(address(this).balance); }
}
"""


def _sink(src: str) -> list[tuple[str, str]]:
    return [(f.severity, f.confidence) for f in scan_source(src, "B.sol") if f.detector == "unprotected-owner-write"]


def test_setter_closed_by_a_flag_nobody_lowers_is_a_note() -> None:
    assert _sink(LOGGED.format(gate="if (closed) revert();")) == [("low", "low")]
    assert _sink(LOGGED.format(gate="")) == [("high", "medium")]  # no window: anyone, any time


def test_a_flag_someone_lowers_again_is_no_window() -> None:
    src = LOGGED.format(gate="if (closed) revert();").replace(
        "function close() public { closed = true; }",
        "function close() public { closed = true; }\n    function reopen() public { closed = false; }",
    )
    assert _sink(src) == [("high", "medium")]


def _registry(src: str) -> list[tuple[str, str]]:
    found = scan_source(src, "P.sol")
    return [
        (f.severity, f.confidence) for f in found if f.detector == "unprotected-owner-write" and "registry" in f.message
    ]


def test_configured_address_behind_an_imported_initializer_is_a_note() -> None:
    assert _registry(INIT.replace("MODS", "initializer")) == [("low", "low")]
    assert _registry(INIT.replace("MODS", "")) == [("high", "medium")]  # no initializer: anyone, any time


def test_a_conversion_that_resolves_to_itself_ends() -> None:
    """`a = address(a)` resolves back to itself: the caller check's unwrapping of conversions is bounded."""
    src = """pragma solidity ^0.8.20;
contract C {
    address public owner;
    function take(address a) external {
        a = address(a);
        require(address(a) == msg.sender);
        owner = a;
    }
}
"""
    found = scan_source(src, "C.sol")  # before the bound this call never returned
    assert isinstance(found, list) and all(f.line <= 9 for f in found)
