"""Round 22 precision on Polymath core (issue #15): a callee only code constants name (an address literal
per network, or what an argument-free getter of such a contract reports) is fixed like a `constant` one
(_codefixed.py); and `x - 1` after `require(i < x)` stays proven when `x` is only written at or after the
subtraction (_lower.above_one), while a subtraction after the write is still reported."""

from __future__ import annotations

from pathlib import Path

from nexus.scan import scan_paths, scan_source

ASKER = """pragma solidity ^0.4.24;
contract Resolver {
    function getAddress() public returns (address);
    function lookup(string s) public returns (address);
}
contract Service { function query(string s) public payable returns (bytes32); }
contract Asker {
    Resolver resolver;
    Service service;
    mapping(address => uint) public asks;
    modifier api {
        if (address(resolver) == 0) pick();
        if (address(service) != resolver.getAddress()) service = Service(resolver.getAddress());
        _;
    }
    function pick() internal {
        resolver = Resolver(0x1d3B2638a7cC9f2CB3D298A3DA7a90B67E5506ed);
    }
    EXTRA
    function ask(string s) public payable api {
        uint n = asks[msg.sender];
        require(n < 3);
        service.query.value(msg.value)(s);
        asks[msg.sender] = n + 1;
    }
}
"""


def _reentrancy(extra: str) -> dict[int, str]:
    found = scan_source(ASKER.replace("EXTRA", extra), "Asker.sol")
    return {f.line: f.severity for f in found if f.detector == "reentrancy"}


def test_callee_named_by_code_constants_is_fixed() -> None:
    got = _reentrancy("")
    assert got.get(23) == "low"  # the query goes to the service the hard-coded resolver names
    assert got.get(20) == "low"  # the resolver's own getter, before the service is refreshed


def test_callee_anyone_may_repoint_stays_a_finding() -> None:
    got = _reentrancy("function setResolver(address r) public { resolver = Resolver(r); }")
    assert got.get(23) == "high"  # anyone may point the resolver, so the service, at their own code
    assert got.get(20) == "medium"


def test_callee_looked_up_by_a_caller_picked_name_stays_a_finding() -> None:
    got = _reentrancy("function refresh(string name) public { service = Service(resolver.lookup(name)); }")
    assert got.get(23) == "high"  # a getter handed the caller's argument may name any contract


BOOK = """pragma solidity ^0.4.24;
contract Book {
    mapping(uint8 => address[]) public lists;
    function remove(uint8 k, uint8 i) public {
        require(i < lists[k].length);
        lists[k][i] = lists[k][lists[k].length - 1];
        lists[k].length = lists[k].length - 1;
        LATER
    }
    function add(uint8 k, address v) public { lists[k].push(v); }
}
"""


def _overflow_lines(later: str) -> set[int]:
    return {f.line for f in scan_source(BOOK.replace("LATER", later), "Book.sol") if f.detector == "integer-overflow"}


def test_length_minus_one_before_its_write_is_proven() -> None:
    assert _overflow_lines("") == set()  # `i < length` holds until the shrink on the same line


def test_length_minus_one_after_its_write_is_reported() -> None:
    assert _overflow_lines("lists[k].length = lists[k].length - 1;") == {8}  # the shrunk list may be empty


MODULE = """pragma solidity ^0.4.24;
contract IToken { function mint(address to, uint v) public returns (bool); }
contract Module {
    address public token;
    address public admin;
    constructor(address _token) public { token = _token; admin = msg.sender; }
    modifier onlyAdmin { require(msg.sender == admin); _; }
    SETTER
}
"""

SALE = """pragma solidity ^0.4.24;
import "./Module.sol";
contract Sale is Module {
    mapping(address => uint) public bought;
    uint public sold;
    constructor(address _token) public Module(_token) {}
    function buy(uint v) public {
        require(bought[msg.sender] + v <= 100);
        IToken(token).mint(msg.sender, v);
        bought[msg.sender] += v;
        sold += v;
    }
    EXTRA
}
"""


def _sale(tmp_path: Path, setter: str = "", extra: str = "") -> dict[int, str]:
    (tmp_path / "Module.sol").write_text(MODULE.replace("SETTER", setter))
    sale = tmp_path / "Sale.sol"
    sale.write_text(SALE.replace("EXTRA", extra))
    return {f.line: f.severity for f in scan_paths([sale]).findings if f.detector == "reentrancy"}


def test_callee_an_imported_base_fixes_at_deployment(tmp_path: Path) -> None:
    assert _sale(tmp_path).get(9) == "low"  # `token` is set by the base's constructor only
    guarded = "function setToken(address t) public onlyAdmin { token = t; }"
    assert _sale(tmp_path, setter=guarded).get(9) == "low"  # ... or by its admin


def test_callee_an_imported_base_lets_anyone_set_stays_a_finding(tmp_path: Path) -> None:
    assert _sale(tmp_path, setter="function setToken(address t) public { token = t; }").get(9) == "medium"


def test_callee_the_scanned_file_lets_anyone_set_stays_a_finding(tmp_path: Path) -> None:
    assert _sale(tmp_path, extra="function repoint(address t) public { token = t; }").get(9) == "medium"
