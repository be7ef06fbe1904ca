"""A debit that undoes its own record's credit (`detectors/_undone.py`): `locked += amount * X / 1000`
when a bet is placed, `locked -= bet.amount * X / 1000; bet.amount = 0;` when it is settled. The total
covers every outstanding record's share, so the debit cannot go below zero: a low-confidence note, out of
the default view. A different expression, a debit without the zeroing, another write of the amount, an
owner's reset of the total, a call that hands control away between the read and the zeroing, a memory
copy and a conditional credit stay reported at medium. Solidity 0.4 and 0.8 (`unchecked { }`)."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _debits(src: str) -> set[str]:
    return {
        f.confidence
        for f in scan_source(src, "c.sol")
        if f.detector == "integer-overflow" and "underflow" in f.message and "locked" in f.message
    }


OLD = """pragma solidity ^0.4.24;
contract Dice {
    uint constant WIN_X = 1900;
    struct Bet { uint amount; address player; }
    mapping(uint => Bet) bets;
    uint public locked;
    function place(uint id) public payable {
        Bet storage bet = bets[id];
        require(bet.player == address(0));
        uint amount = msg.value;
        locked += amount * WIN_X / 1000;
        bet.amount = amount;
        bet.player = msg.sender;
    }
    function settle(uint id) public {
        Bet storage bet = bets[id];
        require(bet.amount != 0);
        uint win = bet.amount * WIN_X / 1000;
        locked -= win;
        bet.amount = 0;
        bet.player.transfer(win);
    }
}
"""

NEW = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Dice {
    uint constant WIN_X = 1900;
    struct Bet { uint amount; address player; }
    mapping(uint => Bet) bets;
    uint public locked;
    function place(uint id) external payable {
        Bet storage bet = bets[id];
        require(bet.player == address(0));
        uint amount = msg.value;
        unchecked { locked += amount * WIN_X / 1000; }
        bet.amount = amount;
        bet.player = msg.sender;
    }
    function settle(uint id) external {
        Bet storage bet = bets[id];
        require(bet.amount != 0);
        uint win = bet.amount * WIN_X / 1000;
        unchecked {
            locked -= win;
            bet.amount = 0;
        }
        payable(bet.player).transfer(win);
    }
}
"""


@pytest.mark.parametrize("src", [OLD, NEW], ids=["0.4", "0.8-unchecked"])
def test_debit_undoing_its_credit_is_a_note(src: str) -> None:
    assert _debits(src) == {"low"}


SETTLE = "        uint win = bet.amount * WIN_X / 1000;\n        locked -= win;\n        bet.amount = 0;\n"
TWINS = [
    ("uint win = bet.amount * WIN_X / 1000;", "uint win = bet.amount * 2000 / 1000;"),  # more than credited
    ("        bet.amount = 0;\n", ""),  # settled twice
    (
        "    function settle(",
        "    function topUp(uint id, uint v) public { bets[id].amount += v; }\n    function settle(",
    ),
    ("    function settle(", "    function reset() public { locked = 0; }\n    function settle("),
    (
        "Bet storage bet = bets[id];\n        require(bet.amount",
        "Bet memory bet = bets[id];\n        require(bet.amount",
    ),
    ("        locked += amount * WIN_X / 1000;", "        if (amount > 1 ether) locked += amount * WIN_X / 1000;"),
    (SETTLE, SETTLE.replace("        locked -=", "        require(bet.player.call.value(1)());\n        locked -=")),
]


@pytest.mark.parametrize(("old", "new"), TWINS, ids=["expr", "no-zero", "topup", "reset", "memory", "cond", "call"])
def test_debit_not_undoing_a_credit_stays_medium(old: str, new: str) -> None:
    assert old in OLD
    assert "medium" in _debits(OLD.replace(old, new))


def test_unchecked_debit_with_the_amount_rewritten_stays_medium() -> None:
    src = NEW.replace(
        "    function settle(",
        "    function set(uint id, uint v) external { bets[id].amount = v; }\n    function settle(",
    )
    assert src != NEW
    assert "medium" in _debits(src)


def test_a_way_past_the_zeroing_stays_medium() -> None:
    """An early `return` between the debit and the zeroing leaves the record to be settled again."""
    src = OLD.replace(
        SETTLE,
        SETTLE.replace("        bet.amount = 0;\n", "        if (win > 5) { return; }\n        bet.amount = 0;\n"),
    )
    assert src != OLD
    assert "medium" in _debits(src)


def test_a_record_pointer_parameter_stays_medium() -> None:
    """An internal helper taking a `Bet storage` can write the amount where no state write is seen."""
    helper = "    function bump(Bet storage b, uint v) internal { b.amount = v; }\n    function settle("
    assert "medium" in _debits(OLD.replace("    function settle(", helper))
