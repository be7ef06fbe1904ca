"""A remainder is below its divisor (src/nexus/scan/detectors/_ranges.py): `uint(hash) % players.length + 1`
is at most `2**256 - 1` and cannot wrap, while `% n + bonus` with a caller-chosen bonus can. Own benign /
vulnerable twins (Solidity 0.4, and 0.8 inside `unchecked { }`) and a small exhaustive check of the rule
`(max d - 1) + max c < 2**width` on narrow types."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nexus.scan import scan_source


def _math(src: str) -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, "c.sol") if f.detector == "integer-overflow"}


LOTTERY = """pragma solidity ^0.4.24;
contract Lottery {
    address[] public players;
    uint256 public difficulty;
    mapping(address => uint256) public tickets;
    function enter() public payable { require(msg.value == 1 ether); players.push(msg.sender); }
    function draw(bytes32 seed, uint256 bonus) public {
        uint256 ticket = uint256(keccak256(seed)) % players.length + 1;
        tickets[msg.sender] = ticket;
    }
    function roll(bytes32 seed, uint8 extra) public {
        uint256 n = uint256(keccak256(seed)) % difficulty + 1;
        tickets[msg.sender] = n;
    }
}
"""


def test_remainder_plus_one_is_quiet() -> None:
    assert _math(LOTTERY) == {}


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("% players.length + 1", "% players.length + bonus", 8),  # a caller-chosen bonus
        ("% difficulty + 1", "% difficulty + 2", 12),  # 2**256 - 2 + 2 wraps
        ("% difficulty + 1", "% difficulty + extra", 12),  # up to 255 on top of 2**256 - 2
        ("% difficulty + 1", "* difficulty + 1", 12),  # a product, not a remainder
        ("% players.length + 1", "+ players.length + 1", 8),  # a sum, not a remainder
    ],
)
def test_vulnerable_lottery_twins_stay_reported(old: str, new: str, line: int) -> None:
    src = LOTTERY.replace(old, new)
    assert src != LOTTERY
    assert line in _math(src)


def test_a_signed_divisor_proves_nothing() -> None:
    src = """pragma solidity ^0.4.24;
contract C {
    mapping(address => int256) public s;
    function f(int256 a, int256 d) public { s[msg.sender] = a % d + 1; }
}
"""
    assert 4 in _math(src)
    unsigned = src.replace("int256 a, int256 d", "uint256 a, uint256 d").replace("int256) public", "uint256) public")
    assert _math(unsigned) == {}


def test_a_capped_divisor_bounds_the_remainder_below_the_cap() -> None:
    src = """pragma solidity ^0.4.24;
contract C {
    mapping(address => uint16) public s;
    function f(uint16 a, uint16 d) public { require(d <= 1000); s[msg.sender] = a % d + 64536; }
}
"""
    assert _math(src) == {}  # at most 999 + 64536 = 65535
    assert 4 in _math(src.replace("require(d <= 1000); ", ""))  # 65534 + 64536 wraps in 16 bits
    assert 4 in _math(src.replace("+ 64536", "+ 64537"))


UNCHECKED = """pragma solidity ^0.8.20;
contract Lottery {
    mapping(address => uint16) public tickets;
    function draw(uint16 seed, uint16 n, uint16 bonus) public {
        unchecked { tickets[msg.sender] = seed % n + 1; }
    }
}
"""


def test_solidity_08_unchecked_twins() -> None:
    assert _math(UNCHECKED) == {}  # at most 65534 + 1
    assert 5 in _math(UNCHECKED.replace("% n + 1", "% n + bonus"))
    assert 5 in _math(UNCHECKED.replace("% n + 1", "% n + 2"))


@settings(max_examples=25, deadline=None)
@given(d=st.integers(1, 255), c=st.integers(0, 255))
@example(d=255, c=1).via("the largest quiet sum")
@example(d=255, c=2).via("the smallest wrapping sum")
@example(d=10, c=247).via("9 + 247 wraps")
def test_narrow_remainder_plus_constant_wraps_exactly_when_the_bound_says(d: int, c: int) -> None:
    src = f"""pragma solidity ^0.4.24;
contract C {{
    mapping(address => uint8) public s;
    function f(uint8 x) public {{ s[msg.sender] = x % {d} + {c}; }}
}}
"""
    assert (4 in _math(src)) == ((d - 1) + c >= 256)
