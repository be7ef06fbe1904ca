"""`unbounded-loop` reads a length cap made through a helper's return value
(src/nexus/scan/detectors/_growth.py): `require(!full())` where `full()` returns `players.length >= MAX`
bounds the array as `require(players.length < MAX)` does; a helper checking the wrong direction, another
value or a too-large cap bounds nothing. Own twins in Solidity 0.4 and 0.8 and Vyper; the capped twins
were reported before."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _hits(src: str, path: str = "<source>") -> set[int]:
    return {f.line for f in scan_source(src, path) if f.detector == "unbounded-loop"}


RAFFLE_04 = """pragma solidity ^0.4.24;
contract Raffle {
    uint constant MAX = 50;
    address[] players;
    mapping(address => uint) tickets;
    function full() internal view returns (bool) { return FULL; }
    function enter() public {
        CHECK
        players.push(msg.sender);
    }
    function draw() public {
        for (uint i = 0; i < players.length; i++) {
            tickets[players[i]] += 1;
        }
    }
}
"""


CAPPED = [
    ("players.length >= MAX", "require(!full());"),
    ("players.length >= MAX", "if (full()) revert();"),
    ("players.length < MAX", "require(full());"),
]
OPEN = [
    ("players.length < MAX", "require(!full());"),  # the wrong way round
    ("tickets[msg.sender] >= MAX", "require(!full());"),  # another value
    ("players.length >= 1000000", "require(!full());"),  # too many to walk
]


@pytest.mark.parametrize(("capped", "open_"), list(zip(CAPPED, OPEN, strict=True)))
def test_a_cap_through_a_helper_bounds_growth_in_solidity_04(capped: tuple[str, str], open_: tuple[str, str]) -> None:
    assert _hits(RAFFLE_04.replace("FULL", capped[0]).replace("CHECK", capped[1])) == set()
    assert _hits(RAFFLE_04.replace("FULL", open_[0]).replace("CHECK", open_[1])) == {12}


def test_the_helper_cap_bounds_in_solidity_08_and_without_it_the_loop_is_reported() -> None:
    src = (
        RAFFLE_04.replace("pragma solidity ^0.4.24;", "pragma solidity ^0.8.20;")
        .replace("uint constant MAX = 50;", "uint256 constant MAX = 50;")
        .replace("FULL", "players.length >= MAX")
    )
    assert _hits(src.replace("CHECK", 'require(!full(), "full");')) == set()
    assert _hits(src.replace("CHECK", "")) == {12}


RAFFLE_VY = """# pragma version ~=0.4.0
players: DynArray[address, 1000000]
tickets: HashMap[address, uint256]

@internal
@view
def _full() -> bool:
    return len(self.players) >= 50

@external
def enter():
    CHECK
    self.players.append(msg.sender)

@external
def draw():
    for p: address in self.players:
        self.tickets[p] += 1
"""


def test_vyper_a_cap_through_an_internal_helper() -> None:
    assert _hits(RAFFLE_VY.replace("CHECK", "assert not self._full()"), "r.vy") == set()
    assert _hits(RAFFLE_VY.replace("CHECK", "assert self._full()"), "r.vy") == {17}
