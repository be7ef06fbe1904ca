"""Amounts of wei through locals and credited totals (src/nexus/scan/detectors/_weival.py): a local only
ever given wei (`win = bet.amount * 19 / 10`, `pot = jackpot` where `jackpot` is only credited with
`msg.value / 100`) cannot wrap a uint256 when added to another; one assignment from a caller's argument,
a total someone debits or sets freely, or a huge multiplier keeps the sum reported. Solidity 0.4 twins
and 0.8 twins inside `unchecked { }`; a hypothesis check over which of the two values a caller can
choose."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.scan import scan_source


def _math(src: str) -> set[int]:
    return {f.line for f in scan_source(src, "c.sol") if f.detector == "integer-overflow"}


GAME = """pragma solidity ^0.4.24;
contract Game {
    struct Bet { uint amount; address player; }
    mapping(uint => Bet) bets;
    uint public jackpot;
    function wager(uint id) public payable {
        require(msg.value <= 1 ether);
        uint amount = msg.value;
        jackpot += amount * 10 / 1000;
        bets[id] = Bet({amount: 0, player: msg.sender});
        bets[id].amount = amount;
    }
    function play(uint id, uint bonus, bool lucky) public {
        Bet storage bet = bets[id];
        uint win = 0;
        uint pot = 0;
        if (lucky) { win = bet.amount * 1900 / 1000; }
        if (id % 100 == 0) { pot = jackpot; jackpot = 0; }
        if (win + pot > 0) { bet.player.transfer(win + pot); }
        bet.amount = 0;
    }
}
"""

SUM_LINE = 19


def test_wei_through_locals_is_quiet() -> None:
    assert SUM_LINE not in _math(GAME)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("win = bet.amount * 1900 / 1000;", "win = bonus;"),  # a caller's argument in one branch
        ("uint win = 0;", "uint win = bonus;"),  # ... or at its declaration
        ("uint pot = 0;", "uint pot = 0; pot += bonus;"),  # a `+=` of anything: unknown
        ("bet.amount * 1900 / 1000", "bet.amount * 2**200"),  # far beyond all the ether there is
        ("jackpot += amount * 10 / 1000;", "jackpot += amount * 10 / 1000; jackpot += id;"),  # credited an argument
        ("jackpot = 0; }", "jackpot = 0; } if (lucky) jackpot = bonus;"),  # set from an argument
    ],
)
def test_vulnerable_twins_stay_reported(old: str, new: str) -> None:
    src = GAME.replace(old, new)
    assert src != GAME
    assert SUM_LINE in _math(src)


GAME8 = """pragma solidity ^0.8.20;
contract Game {
    struct Bet { uint256 amount; address payable player; }
    mapping(uint256 => Bet) bets;
    uint256 public jackpot;
    function wager(uint256 id) external payable {
        jackpot += msg.value / 100;
        bets[id].amount = msg.value;
        bets[id].player = payable(msg.sender);
    }
    function play(uint256 id, uint256 bonus, bool lucky) external {
        Bet storage bet = bets[id];
        uint256 win;
        uint256 pot = jackpot;
        if (lucky) win = bet.amount * 2;
        unchecked { bet.player.transfer(win + pot); }
        bet.amount = 0;
    }
}
"""


def test_08_unchecked_twins() -> None:
    assert 16 not in _math(GAME8)
    assert 16 in _math(GAME8.replace("win = bet.amount * 2;", "win = bonus;"))
    assert 16 in _math(GAME8.replace("uint256 pot = jackpot;", "uint256 pot = bonus;"))


@settings(max_examples=12, deadline=None)
@given(
    st.sampled_from(["0", "bet.amount", "bet.amount * 3 / 2", "bonus", "bonus / 2"]),
    st.sampled_from(["0", "jackpot", "bonus"]),
)
def test_reported_exactly_when_a_caller_chooses_a_term(win: str, pot: str) -> None:
    src = GAME.replace("win = bet.amount * 1900 / 1000;", f"win = {win};").replace("pot = jackpot;", f"pot = {pot};")
    assert (SUM_LINE in _math(src)) == ("bonus" in win or "bonus" in pot)
