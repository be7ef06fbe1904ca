"""ICSE-69 round 21 (issue #15): caller checks and payments.

A boolean helper that answers true only past a caller check (Parity's `confirmAndCheck` behind the
`onlymanyowners` modifier) is a caller check; with the check removed, or a `return true` before it, the
guarded writes and the selfdestruct are reported again. An open owner write lists the selfdestruct it
unlocks as a related location. A named function forwarding `msg.data` by delegatecall to a constant
library whose same-signature function is a view is a note (a fallback, a state-writing twin or a movable
target is not). The change left after a purchase loop (`left -= price` under `left >= price`) is the
caller's own money; an unchecked or raised change is a withdrawal."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _line(src: str, marker: str) -> int:
    return next(i for i, t in enumerate(src.splitlines(), 1) if marker in t)


MULTISIG = """pragma solidity ^0.4.24;
contract MultiOwned {
    uint public required;
    uint public numOwners;
    mapping(uint => uint) ownerIndex;
    mapping(bytes32 => uint) pendingYet;
    modifier onlymanyowners(bytes32 op) { if (confirmAndCheck(op)) _; }
    constructor(address[] owners, uint req) public {
        for (uint i = 0; i < owners.length; i++) { ownerIndex[uint(owners[i])] = i + 1; }
        numOwners = owners.length;
        required = req;
    }
    function addOwner(address o) public GUARD {
        numOwners++;
        ownerIndex[uint(o)] = numOwners; // ADD
    }
    function kill(address to) public onlymanyowners(sha3(msg.data)) { // KILL
        selfdestruct(to); // DESTROY
    }
    function confirmAndCheck(bytes32 op) internal returns (bool) {
        uint index = ownerIndex[uint(msg.sender)];
        if (index == 0) return;
        if (pendingYet[op] == 0) { pendingYet[op] = required; }
        if (pendingYet[op] <= 1) {
            delete pendingYet[op];
            return true;
        }
        pendingYet[op]--;
    }
}
"""


def _owner_writes(src: str) -> dict[int, list[int]]:
    return {f.line: f.related for f in scan_source(src, "c.sol") if f.detector == "unprotected-owner-write"}


def _multisig(guard: str = "onlymanyowners(sha3(msg.data))", version: str = "0.4.24") -> str:
    src = MULTISIG.replace("GUARD", guard)
    if version != "0.4.24":  # 0.8: keccak256, `memory` arrays, no implicit address -> uint
        src = (
            src.replace("^0.4.24", f"^{version}")
            .replace("sha3(", "keccak256(")
            .replace("address[] owners", "address[] memory owners")
            .replace(") public {", ") {", 1)
            .replace("uint(owners[i])", "uint(uint160(owners[i]))")
            .replace("uint(o)", "uint(uint160(o))")
            .replace("uint(msg.sender)", "uint(uint160(msg.sender))")
            .replace("selfdestruct(to)", "selfdestruct(payable(to))")
            .replace("if (index == 0) return;", "if (index == 0) return false;")
            .replace("pendingYet[op]--;\n    }", "pendingYet[op]--;\n        return false;\n    }")
        )
    return src


@pytest.mark.parametrize("version", ["0.4.24", "0.8.19"])
def test_a_multisig_modifier_is_a_caller_check(version: str) -> None:
    src = _multisig(version=version)
    assert _line(src, "// ADD") not in _owner_writes(src)
    bare = _multisig(guard="", version=version)
    assert _line(bare, "// ADD") in _owner_writes(bare)


def test_a_helper_answering_true_before_the_check_is_none() -> None:
    def destroyed(src: str) -> bool:
        return any(f.detector == "unprotected-selfdestruct" for f in scan_source(src, "c.sol"))

    assert not destroyed(_multisig())
    early = _multisig().replace("if (index == 0) return;", "if (index == 0) return true;")
    assert destroyed(early)
    late = _multisig().replace(
        "        uint index = ownerIndex[uint(msg.sender)];\n        if (index == 0) return;\n", ""
    )
    assert destroyed(late)


def test_an_open_owner_write_lists_the_selfdestruct_it_unlocks() -> None:
    src = _multisig().replace(
        "    function kill(",
        "    function init(address o) public { ownerIndex[uint(o)] = 1; } // INIT\n    function kill(",
    )
    found = scan_source(src, "c.sol")
    init = [f for f in found if f.detector == "unprotected-owner-write" and f.line == _line(src, "// INIT")]
    assert init and {_line(src, "// KILL"), _line(src, "// DESTROY")} <= set(init[0].related)
    assert not [f for f in found if f.detector == "unprotected-selfdestruct"]
    closed = scan_source(_multisig(), "c.sol")  # no open write: the guarded kill is nobody's finding
    assert not [f for f in closed if f.detector == "unprotected-selfdestruct"]


FORWARD = """pragma solidity ^0.4.24;
contract OwnersLib {
    mapping(address => uint) ownerIndex;
    function isOwner(address a) public constant returns (bool) { return ownerIndex[a] > 0; }
    function setOwner(address a) public { ownerIndex[a] = 1; }
}
contract Wallet {
    address constant LIB = 0xcafecafecafecafecafecafecafecafecafecafe;
    address lib2;
    function isOwner(address a) public constant returns (bool) {
        return LIB.delegatecall(msg.data); // VIEW
    }
    function setOwner(address a) public {
        require(LIB.delegatecall(msg.data)); // WRITE
    }
    function other(address a) public constant returns (bool) {
        return lib2.delegatecall(msg.data); // MOVABLE
    }
    function() public payable {
        if (msg.data.length > 0) { require(LIB.delegatecall(msg.data)); } // ANY
    }
}
"""


def test_a_forward_of_this_selector_to_a_fixed_view_is_a_note() -> None:
    found = {f.line: f.confidence for f in scan_source(FORWARD, "c.sol") if f.detector == "unprotected-delegatecall"}
    assert found.get(_line(FORWARD, "// VIEW")) == "low"
    for marker in ("// WRITE", "// MOVABLE", "// ANY"):  # a state-writing twin, a movable target, any selector
        assert found.get(_line(FORWARD, marker)) in ("medium", "high"), marker


SHOP = """pragma solidity ^VERSION;
contract Shop {
    uint public price = 0.1 ether;
    uint public sold;
    function buy(uint bonus) public payable {
        uint left = msg.value;
        while (COND) {
            sold++;
            STEP
        }
        if (left > 0) { PAY.transfer(left); } // CHANGE
    }
}
"""


def _shop(cond: str = "left >= price && sold < 100", step: str = "left -= price;", version: str = "0.4.24") -> str:
    pay = "msg.sender" if version.startswith("0.4") else "payable(msg.sender)"
    return SHOP.replace("VERSION", version).replace("COND", cond).replace("STEP", step).replace("PAY", pay)


def _withdrawals(src: str) -> set[int]:
    return {f.line for f in scan_source(src, "c.sol") if f.detector == "unprotected-withdrawal"}


@pytest.mark.parametrize("version", ["0.4.24", "0.8.19"])
def test_the_change_after_a_purchase_loop_is_the_callers_own(version: str) -> None:
    src = _shop(version=version)
    assert _line(src, "// CHANGE") not in _withdrawals(src)


@pytest.mark.parametrize(
    ("cond", "step"),
    [("sold < 100", "left -= price;"), ("left >= price && sold < 100", "left -= price; left += bonus;")],
)
def test_an_unchecked_or_raised_change_is_still_a_withdrawal(cond: str, step: str) -> None:
    src = _shop(cond, step)
    assert _line(src, "// CHANGE") in _withdrawals(src)
