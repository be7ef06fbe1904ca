"""Re-entrancy round 21 (src/nexus/scan/detectors/_permquery.py, _gatedset.py, _rewalk.call_summaries).

Three facts an auditor uses, read on the IR (no names of functions or packages):

* **A permission query on the owner's access list.** `require(acl.allowed(msg.sender, address(this),
  this.setFee.selector))` hands the fixed `acl` only who asks, this contract and which function: it asks a
  question, it is no action on the caller's behalf, even where the interface leaves it non-`view`. Twins:
  an `acl` anyone may set, and a call on a fixed contract handed the caller without a selector (an escrow
  paying the caller), stay medium.
* **An initialiser-only helper.** A callee written by an internal helper that only a one-shot
  `initializer` function calls is fixed like one a constructor sets. Twin: the helper is also reachable
  from an unguarded setter.
* **Call summaries trust what the walk trusts.** A callee set through an internal helper that only the
  constructor and an owner-checked setter call (`_gatedset`) is fixed also when the call sits in an
  internal function (its summary). Twin: the setter is unguarded.

Each benign twin fails on the code before this round; Solidity 0.6 and 0.8 (0.5 for `msg.sig`)."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

ACL = """pragma solidity PRAGMA;
interface IACL { function allowed(address who, address where, bytes4 what) external returns (bool); }
interface IEscrow { function release(address who) external returns (bool); }
contract Registry {
    IACL public acl;
    IEscrow public escrow;
    address public owner;
    uint256 public fee;
    constructor(IACL a, IEscrow e) public { acl = a; escrow = e; owner = msg.sender; }
    function setAcl(IACL a) external SETGUARD { acl = a; }
    function adminAllowed(address who, address where, bytes4 what) public returns (bool) {
        return acl.allowed(who, where, what);
    }
    function _onlyAdmin(bytes4 what) internal { require(adminAllowed(msg.sender, address(this), what), "acl"); }
    function setFee(uint256 f) external {
        CHECK
        fee = f;
    }
}
"""

_CHECKS = {
    "helper": "_onlyAdmin(this.setFee.selector);",
    "direct": "require(acl.allowed(msg.sender, address(this), this.setFee.selector));",
    "escrow": "require(escrow.release(msg.sender));",  # an action paying the caller: no selector
}


def _src(template: str, pragma: str, **parts: str) -> str:
    src = template.replace("PRAGMA", pragma)
    for key, value in parts.items():
        src = src.replace(key, value)
    return src.replace(") public {", ") {", 1) if pragma.startswith("^0.8") else src


def _reentrancy(src: str) -> list[str]:
    return [f.severity for f in scan_source(src, "T.sol") if f.detector == "reentrancy"]


GUARDED = "{ require(msg.sender == owner); _; }"


def _acl(pragma: str, check: str, guard: str) -> str:
    src = _src(ACL, pragma, CHECK=_CHECKS[check], SETGUARD="onlyOwner" if guard else "")
    return src.replace(
        "    address public owner;\n", f"    address public owner;\n    modifier onlyOwner() {GUARDED}\n"
    )


@pytest.mark.parametrize("pragma", ["^0.6.12", "^0.8.13"])
@pytest.mark.parametrize("check", ["helper", "direct"])
def test_permission_query_on_owner_set_acl_is_a_low_note(pragma: str, check: str) -> None:
    assert _reentrancy(_acl(pragma, check, "owner")) == ["low"]  # was ["medium"]


@pytest.mark.parametrize("pragma", ["^0.6.12", "^0.8.13"])
@pytest.mark.parametrize("check", ["helper", "direct"])
def test_permission_query_on_acl_anyone_sets_stays_medium(pragma: str, check: str) -> None:
    assert _reentrancy(_acl(pragma, check, "")) == ["medium"]


@pytest.mark.parametrize("pragma", ["^0.6.12", "^0.8.13"])
def test_fixed_callee_handed_caller_without_selector_stays_medium(pragma: str) -> None:
    assert _reentrancy(_acl(pragma, "escrow", "owner")) == ["medium"]


MODIFIER = """pragma solidity ^0.5.17;
interface ICore { function adminAllowed(address who, address where, bytes4 what) external returns (bool); }
contract Minter {
    ICore public CORE;
    uint256 public price;
    constructor(ICore c) public { CORE = c; }
    function setCore(ICore c) external { CORE = c; }
    modifier onlyCoreAdmin(bytes4 what) { require(CORE.adminAllowed(msg.sender, address(this), what)); _; }
    function setPrice(uint256 p) external onlyCoreAdmin(SELECTOR) { price = p; }
}
"""


@pytest.mark.parametrize("selector", ["msg.sig", "this.setPrice.selector"])
def test_permission_query_in_modifier(selector: str) -> None:
    fixed = MODIFIER.replace("SELECTOR", selector).replace("    function setCore(ICore c) external { CORE = c; }\n", "")
    assert _reentrancy(fixed) == ["low"]  # was ["medium"]
    assert _reentrancy(MODIFIER.replace("SELECTOR", selector)) == ["medium"]  # anyone sets CORE


INIT = """pragma solidity PRAGMA;
interface IOracle { function ping() external; }
contract Initializable {
    bool private done;
    modifier initializer() { require(!done); done = true; _; }
}
contract Feed is Initializable {
    IOracle public oracle;
    uint256 public last;
    function initialize(IOracle o) external initializer { _setOracle(o); }
    function _setOracle(IOracle o) internal { oracle = o; }
    OPEN
    function poke() external {
        oracle.ping();
        last = block.timestamp;
    }
}
"""


@pytest.mark.parametrize("pragma", ["^0.6.12", "^0.8.13"])
def test_callee_set_by_initializer_only_helper_is_a_low_note(pragma: str) -> None:
    assert _reentrancy(_src(INIT, pragma, OPEN="")) == ["low"]  # was ["medium"]
    opened = _src(INIT, pragma, OPEN="function setOracle(IOracle o) external { _setOracle(o); }")
    assert _reentrancy(opened) == ["medium"]


GATED = """pragma solidity PRAGMA;
interface IOracle { function ping() external; }
contract Feed {
    IOracle public oracle;
    address public owner;
    uint256 public last;
    modifier onlyOwner() { require(msg.sender == owner); _; }
    constructor(IOracle o) public { owner = msg.sender; _setOracle(o); }
    function setOracle(IOracle o) external GUARD { _setOracle(o); }
    function _setOracle(IOracle o) internal { oracle = o; }
    function _ping() internal { oracle.ping(); }
    function poke() external {
        _ping();
        last = block.timestamp;
    }
}
"""


@pytest.mark.parametrize("pragma", ["^0.6.12", "^0.8.13"])
def test_gated_callee_inside_internal_call_is_a_low_note(pragma: str) -> None:
    def src(guard: str) -> str:
        text = _src(GATED, pragma, GUARD=guard)
        return text.replace("(IOracle o) public {", "(IOracle o) {") if pragma.startswith("^0.8") else text

    assert _reentrancy(src("onlyOwner")) == ["low"]  # was ["medium"]
    assert _reentrancy(src("")) == ["medium"]


def test_selector_call_whose_answer_is_dropped_stays_medium() -> None:
    bare = "acl.allowed(msg.sender, address(this), this.setFee.selector);"
    src = _src(ACL, "^0.8.13", CHECK=bare, SETGUARD="onlyOwner")
    src = src.replace("    address public owner;\n", f"    address public owner;\n    modifier onlyOwner() {GUARDED}\n")
    assert _reentrancy(src) == ["medium"]
