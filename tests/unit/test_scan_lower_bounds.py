"""A lower bound from a remainder plus a constant (src/nexus/scan/detectors/_ranges.py, `lower`): `uint
pick = uint(hash) % n + 1;` is at least 1 (the sum cannot wrap: at most `2**256 - 1`), so `pick - 1` cannot
go below zero; `pick - 2`, a pick the caller chooses, a pick reassigned later, a sum that can wrap in a
narrow type, and a signed pick stay reported. Twins in Solidity 0.4 and 0.8 (`unchecked { }`), and a
hypothesis check of the rule against exact arithmetic on `uint8`."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nexus.scan import scan_source


def _math(src: str) -> set[int]:
    return {f.line for f in scan_source(src, "c.sol") if f.detector == "integer-overflow"}


DRAW = """pragma solidity ^0.4.24;
contract Draw {
    address[] public players;
    mapping(address => uint256) public won;
    function enter() public payable { require(msg.value == 1 ether); players.push(msg.sender); }
    function draw(bytes32 seed, uint256 chosen) public {
        uint256 pick = uint256(keccak256(seed)) % players.length + 1;
        uint256 at = pick - 1;
        address w = players[at];
        won[w] = pick;
    }
}
"""

LINE = 8


def test_pick_minus_one_is_quiet() -> None:
    assert LINE not in _math(DRAW)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("at = pick - 1", "at = pick - 2"),  # 1 - 2 wraps (kept in a local: as a bare index it would revert)
        ("% players.length + 1;", "% players.length + chosen;"),  # chosen may be 0
        ("uint256 pick = uint256(keccak256(seed)) % players.length + 1;", "uint256 pick = chosen;"),
        ("uint256 at = pick - 1;", "pick = chosen; uint256 at = pick - 1;"),  # reassigned
        ("uint256 pick = uint256(keccak256(seed)) % players.length + 1;", "int256 pick = int256(chosen) % 7 + 1;"),
    ],
)
def test_vulnerable_twins_stay_reported(old: str, new: str) -> None:
    src = DRAW.replace(old, new)
    assert src != DRAW
    assert LINE in _math(src)


DRAW8 = """pragma solidity ^0.8.20;
contract Draw {
    address[] public players;
    mapping(address => uint256) public slot;
    function draw(uint256 chosen) external {
        unchecked {
            uint256 pick = chosen % players.length + 1;
            slot[msg.sender] = pick - 1;
        }
    }
}
"""


def test_08_unchecked_twins() -> None:
    assert 8 not in _math(DRAW8)
    assert 8 in _math(DRAW8.replace("players.length + 1;", "players.length;"))


NARROW = """pragma solidity ^0.4.24;
contract N {
    mapping(address => uint8) public last;
    function roll(uint8 x, uint8 d) public {
        uint8 pick = x % D + C;
        last[msg.sender] = pick - K;
    }
}
"""


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 255), st.integers(0, 255), st.integers(1, 255))
@example(200, 56, 56)  # (200 - 1) + 56 = 255: no wrap, pick >= 56
@example(200, 57, 57)  # 199 + 57 = 256 wraps: pick may be 0
def test_uint8_rule(d: int, c: int, k: int) -> None:
    src = NARROW.replace("D", str(d)).replace("C", str(c)).replace("K", str(k))
    cannot_wrap = (d - 1) + c < 256
    safe = cannot_wrap and c >= k  # pick is in [c, d - 1 + c]
    assert (6 not in _math(src)) == safe
