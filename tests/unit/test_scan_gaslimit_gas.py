"""`unbounded-loop`'s gas argument (`detectors/_gas.py`): a walk is reported when its bound (a Vyper
`DynArray`'s capacity, a cap checked before every push) times a floor on one iteration's storage reads
exceeds the 30M block gas limit. Both sides of the boundary, packed Solidity elements, caps in the
function or a modifier, caps that bound nothing, and a hypothesis check of the rule against an
independent computation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.scan import scan_source


def _hits(src: str, path: str = "<source>") -> dict[int, list[int]]:
    return {f.line: f.related for f in scan_source(src, path) if f.detector == "unbounded-loop"}


CAPPED = """pragma solidity ^0.4.24;
contract Raffle {
    uint constant MAX = 50;
    address owner;
    uint maxPlayers = 100;
    address[] players;
    mapping(address => uint) tickets;
    function setMax(uint m) public { require(msg.sender == owner); maxPlayers = m; }
    function enter(uint limit) public {
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


@pytest.mark.parametrize(
    "check",
    [
        "require(players.length < 50);",
        "require(players.length < MAX);",
        "if (players.length >= MAX) revert();",
        "require(!(players.length > MAX));",
        "require(players.length < maxPlayers);",
    ],
    ids=["literal", "constant", "if-revert", "negated", "owner-configured"],
)
def test_growth_capped_by_a_check_on_the_arrays_own_length_is_bounded(check: str) -> None:
    assert _hits(CAPPED.replace("CHECK", check)) == {}


@pytest.mark.parametrize(
    "check",
    [
        "",
        "require(players.length < limit);",
        "require(players.length >= MAX);",
        "require(players.length < 1000000);",
        "require(tickets[msg.sender] < MAX);",
    ],
    ids=["none", "caller-chosen", "wrong-direction", "too-large", "another-value"],
)
def test_a_cap_the_caller_picks_points_the_wrong_way_or_is_too_large_does_not_bound(check: str) -> None:
    assert _hits(CAPPED.replace("CHECK", check)) == {14: [11]}


def test_a_cap_is_weighed_against_the_block_gas_limit_per_iteration() -> None:
    # 10,000 players x (2,100 for the element + 2,100 for tickets[player]) = 42M gas > 30M: reported;
    # the same cap with a body that touches one slot (total) costs 21M at least and fits
    capped = CAPPED.replace("CHECK", "require(players.length < 10000);")
    assert _hits(capped) == {14: [11]}
    (f,) = [f for f in scan_source(capped) if f.detector == "unbounded-loop"]
    assert "up to 10,000 elements at 4,200+ gas each" in f.message
    cheap = capped.replace("tickets[players[i]] += 1;", "total += 1;").replace(
        "    address[] players;\n", "    address[] players;\n    uint total;\n"
    )
    assert _hits(cheap) == {}


PACKED = """pragma solidity ^0.8.20;
contract Votes {
    TYPE[] private marks;
    uint256 public count;
    function mark(TYPE v) external { require(marks.length < 100000, "full"); marks.push(v); }
    function tally() external {
        for (uint256 i = 0; i < marks.length; i++) count += uint256(marks[i]);
    }
}
"""


def test_packed_elements_cost_less_per_iteration() -> None:
    # 100,000 x uint256: 100,000 cold slots (210M gas); x uint8: 3,125 slots, ~16M gas: fits
    assert _hits(PACKED.replace("TYPE", "uint256")) == {7: [5]}
    assert _hits(PACKED.replace("TYPE", "uint8")) == {}


VY = """# @version ^0.4.0
members: DynArray[address, CAP]
points: HashMap[address, uint256]
count: uint256

@external
def join():
    self.members.append(msg.sender)

@external
def award():
    for m: address in self.members:
        BODY
"""


@pytest.mark.parametrize(
    "cap,body,reported",
    [
        (8000, "self.points[m] += 1", True),  # 8,000 x 4,200 = 33.6M
        (8000, "self.count += 1", False),  # 8,000 x 2,100 = 16.8M
        (14285, "self.count += 1", False),  # 29,998,500
        (14286, "self.count += 1", True),  # 30,000,600
        (7142, "self.points[m] += 1", False),  # 29,996,400
        (7143, "self.points[m] += 1", True),  # 30,000,600
    ],
)
def test_vyper_capacity_against_the_block_gas_limit(cap: int, body: str, reported: bool) -> None:
    src = VY.replace("CAP", str(cap)).replace("BODY", body)
    assert _hits(src, "m.vy") == ({12: [8]} if reported else {})


def test_a_cap_checked_in_a_modifier_bounds_growth_too() -> None:
    src = CAPPED.replace("CHECK", "").replace(
        "    function enter(uint limit) public {",
        "    modifier notFull() { require(players.length < MAX); _; }\n    function enter(uint limit) public notFull {",
    )
    assert _hits(CAPPED.replace("CHECK", "")) and _hits(src) == {}


def test_vyper_capacity_given_by_a_constant() -> None:
    src = VY.replace("members: DynArray[address, CAP]", "MAX: constant(uint256) = CAP\nmembers: DynArray[address, MAX]")
    src = src.replace("BODY", "self.points[m] += 1")
    assert _hits(src.replace("CAP", "7143"), "m.vy") == {13: [9]}
    assert _hits(src.replace("CAP", "7142"), "m.vy") == {}


MAPS = """# @version ^0.4.0
members: DynArray[address, CAP]
MAPS_DECL
@external
def join():
    self.members.append(msg.sender)

@external
def award():
    for m: address in self.members:
        self.total += 1
BODY
"""


@settings(max_examples=20, deadline=None)
@given(cap=st.integers(min_value=1, max_value=40_000), touched=st.integers(min_value=0, max_value=3))
def test_vyper_walk_is_reported_exactly_when_capacity_times_cold_reads_exceeds_the_block(
    cap: int, touched: int
) -> None:
    # independent rule: one cold read (2,100 gas) for the element and one per map keyed by it; the
    # shared counter `total` is one slot for the whole loop and costs no cold read per iteration
    decl = "total: uint256\n" + "".join(f"m{k}: HashMap[address, uint256]\n" for k in range(touched))
    body = "".join(f"        self.m{k}[m] += 1\n" for k in range(touched))
    src = MAPS.replace("CAP", str(cap)).replace("MAPS_DECL", decl).replace("BODY", body)
    reported = cap * 2_100 * (1 + touched) > 30_000_000
    assert bool(_hits(src, "w.vy")) is reported
