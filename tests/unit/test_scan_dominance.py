"""Checks that dominate pre-0.8 arithmetic from outside the function body (src/nexus/scan/detectors/
_dominance.py): a modifier's require before `_`, an internal helper's reverting require called first, with
parameters bound to the invocation's arguments; and value split into whole parts (`share = v / n; v -
share * n`, _ranges.py). Own benign / vulnerable twins (Solidity 0.4)."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _math(src: str) -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, "c.sol") if f.detector == "integer-overflow"}


BANK = """pragma solidity ^0.4.24;
contract Bank {
    mapping(address => uint256) public balances;
    modifier hasBalance(uint256 v) { require(balances[msg.sender] >= v); _; }
    function deposit() public payable { balances[msg.sender] += msg.value; }
    function withdraw(uint256 amount) public hasBalance(amount) {
        balances[msg.sender] -= amount;
        msg.sender.transfer(amount);
    }
    function _check(address who, uint256 v) internal view {
        require(balances[who] >= v);
    }
    function withdraw2(uint256 amount) public {
        _check(msg.sender, amount);
        balances[msg.sender] -= amount;
        msg.sender.transfer(amount);
    }
}
"""


def test_a_debit_a_modifier_or_a_called_helper_checks_is_quiet() -> None:
    assert _math(BANK) == {}


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("hasBalance(amount) {", "hasBalance(1) {", 7),  # the modifier checks another amount
        ("_check(msg.sender, amount);", "_check(msg.sender, 1);", 15),
        ("_check(msg.sender, amount);", "_check(tx.origin, amount);", 15),  # another record
        # the helper returns early instead of reverting: the caller goes on
        ("        require(balances[who] >= v);\n", "        if (balances[who] < v) { return; }\n", 15),
        # the check comes after a branch that may return first
        (
            "        require(balances[who] >= v);\n",
            "        if (v == 0) { return; }\n        require(balances[who] >= v);\n",
            16,
        ),
    ],
)
def test_a_debit_the_helper_or_modifier_does_not_check_stays_reported(old: str, new: str, line: int) -> None:
    src = BANK.replace(old, new)
    assert src != BANK
    assert _math(src).get(line) == "medium" or _math(src).get(line) == "high"


def test_a_modifier_check_after_the_placeholder_does_not_dominate() -> None:
    src = BANK.replace("{ require(balances[msg.sender] >= v); _; }", "{ _; require(balances[msg.sender] >= v); }")
    assert 7 in _math(src)


SPLIT = """pragma solidity ^0.4.24;
contract Split {
    address[] public payees;
    mapping(address => uint256) public owed;
    function pay() public payable {
        uint256 share = msg.value / payees.length;
        for (uint256 i = 0; i < payees.length; i++) {
            owed[payees[i]] += share;
        }
        uint256 rest = msg.value - share * payees.length;
        owed[msg.sender] += rest;
    }
}
"""


def test_whole_parts_of_a_payment_and_their_remainder_cannot_wrap() -> None:
    assert _math(SPLIT) == {}


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("share * payees.length", "share * (payees.length + 1)", 10),  # more than was divided
        ("uint256 share = msg.value / payees.length;", "uint256 share = msg.value / 2;", 10),
    ],
)
def test_a_split_that_takes_more_than_the_payment_stays_reported(old: str, new: str, line: int) -> None:
    src = SPLIT.replace(old, new)
    assert src != SPLIT
    assert line in _math(src)
