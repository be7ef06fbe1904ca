"""`unbounded-loop` (SWC-128) beyond `for (i = 0; i < a.length; i++)` over a state array: countdown and
while loops, arrays inside mappings (anyone's list vs. the caller's own) and inside structs, reached
directly or through a storage pointer, and growth capped by a check on the array's own length. Vulnerable
and benign twins in Solidity 0.4, 0.5 and 0.8 and Vyper."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _found(src: str, path: str = "<source>") -> dict[int, tuple[str, str, list[int]]]:
    return {
        f.line: (f.severity, f.confidence, f.related) for f in scan_source(src, path) if f.detector == "unbounded-loop"
    }


def _hits(src: str, path: str = "<source>") -> dict[int, list[int]]:
    return {line: related for line, (_, _, related) in _found(src, path).items()}


COUNTDOWN = """pragma solidity ^0.8.20;
contract Ledger {
    uint256[] private entries;
    mapping(uint256 => uint256) public seen;
    uint256 public total;
    function add(uint256 v) external { entries.push(v); }
    function sweep(uint256 start) external {
        LOOP
    }
}
"""


@pytest.mark.parametrize(
    "loop",
    [
        "for (uint256 i = entries.length; i > 0; i--) { seen[entries[i - 1]] += 1; }",
        "uint256 i; for (i = entries.length; i != 0; --i) { seen[entries[i - 1]] += 1; }",
        "for (uint256 i = entries.length; i-- > 0;) { seen[entries[i]] += 1; }",
        "for (int256 i = int256(entries.length) - 1; i >= 0; i--) { seen[entries[uint256(i)]] += 1; }",
        "uint256 j = entries.length; while (j > 0) { j--; seen[entries[j]] += 1; }",
        "uint256 j = entries.length; while (j != 0) { seen[entries[j - 1]] += 1; j -= 1; }",
        "uint256 j = entries.length; while (j > 0) { total += entries[j - 1]; j = j - 1; }",
    ],
    ids=[
        "for-dec",
        "for-assigned-init",
        "postdec-in-condition",
        "signed-cast",
        "while-dec",
        "while-minus-eq",
        "while-eq-minus",
    ],
)
def test_countdown_and_while_loops_over_an_array_anyone_grows(loop: str) -> None:
    assert _hits(COUNTDOWN.replace("LOOP", loop)) == {8: [6]}


@pytest.mark.parametrize(
    "loop",
    [
        "for (uint256 i = entries.length; i > start; i--) { seen[entries[i - 1]] += 1; }",
        "uint256 j = entries.length; while (j > start) { j--; seen[entries[j]] += 1; }",
        "uint256 lo; uint256 hi = entries.length; while (lo < hi) { uint256 m = (lo + hi) / 2;"
        " if (entries[m] > start) hi = m; else lo = m + 1; } total = lo;",
    ],
    ids=["page-start-for", "page-start-while", "binary-search"],
)
def test_a_countdown_to_a_callers_page_start_or_a_search_is_bounded(loop: str) -> None:
    assert _hits(COUNTDOWN.replace("LOOP", loop)) == {}


ORDERS = """pragma solidity ^0.8.20;
contract Book {
    mapping(address => uint256[]) private orders;
    mapping(uint256 => uint256) public filled;
    function place(address user, uint256 id) external { orders[user].push(id); }
    function settle(address user) external {
        for (uint256 i = 0; i < orders[user].length; i++) {
            filled[orders[user][i]] += 1;
        }
    }
    function claim() external {
        uint256[] storage mine = orders[msg.sender];
        for (uint256 i = 0; i < mine.length; i++) {
            filled[mine[i]] += 1;
        }
    }
}
"""
OWN_ORDERS = ORDERS.replace(
    "function place(address user, uint256 id) external { orders[user].push(id); }",
    "function place(uint256 id) external { orders[msg.sender].push(id); }",
)
OWN_VIA_HELPER = ORDERS.replace(
    "function place(address user, uint256 id) external { orders[user].push(id); }",
    "function place(uint256 id) external { _place(msg.sender, id); }\n"
    "    function _place(address who, uint256 id) internal { orders[who].push(id); }",
)


def test_an_array_in_a_mapping_anyone_can_push_to_for_anyone() -> None:
    assert _found(ORDERS) == {7: ("medium", "medium", [5]), 13: ("medium", "medium", [5])}


@pytest.mark.parametrize("src", [OWN_ORDERS, OWN_VIA_HELPER], ids=["direct", "through-helper"])
def test_own_only_growth_is_low_for_the_callers_own_list_and_low_confidence_for_anothers(src: str) -> None:
    found, shift = _found(src), int(src is OWN_VIA_HELPER)  # the helper adds a line
    # settle(user) walks someone else's list: its owner can block whoever must settle it
    assert found == {7 + shift: ("medium", "low", [5 + shift]), 13 + shift: ("low", "low", [5 + shift])}
    # claim() (line 13) walks the caller's own list, through a storage pointer: only the pusher is hurt
    (mine,) = [f for f in scan_source(src) if f.detector == "unbounded-loop" and f.severity == "low"]
    assert "`orders[msg.sender]`" in mine.message and mine.function == "claim"


GROUPS = """pragma solidity ^0.5.0;
contract Clubs {
    struct Group { address admin; address[] members; }
    mapping(uint => Group) groups;
    mapping(address => uint) points;
    function join(uint id) public {
        groups[id].members.push(msg.sender);
    }
    function award(uint id) public {
        Group storage g = groups[id];
        for (uint i = 0; i < g.members.length; i++) {
            points[g.members[i]] += 1;
        }
    }
}
"""
GROUPS_ADMIN_ONLY = GROUPS.replace(
    "    function join(uint id) public {\n",
    "    function join(uint id) public {\n        require(msg.sender == groups[id].admin);\n",
)
SINGLE_GROUP = (
    GROUPS.replace("mapping(uint => Group) groups;", "Group group;")
    .replace("groups[id].members.push", "group.members.push")
    .replace("Group storage g = groups[id];", "Group storage g = group;")
)


def test_an_array_inside_a_struct_anyone_can_grow() -> None:
    assert _found(GROUPS) == {11: ("medium", "medium", [7])}
    assert _found(SINGLE_GROUP) == {11: ("medium", "medium", [7])}


def test_an_array_inside_a_struct_only_its_admin_grows_is_not_reported() -> None:
    assert _hits(GROUPS) and _hits(GROUPS_ADMIN_ONLY) == {}


VY_ORDERS = """# @version ^0.4.0
struct Club:
    admin: address
    members: DynArray[address, CLUB]
orders: HashMap[address, DynArray[uint256, 1048576]]
clubs: HashMap[uint256, Club]
filled: HashMap[uint256, uint256]

@external
def place(user: address, id: uint256):
    self.orders[user].append(id)

@external
def settle(user: address):
    for i: uint256 in self.orders[user]:
        self.filled[i] += 1

@external
def join(id: uint256):
    self.clubs[id].members.append(msg.sender)

@external
def award(id: uint256):
    for m: address in self.clubs[id].members:
        self.filled[convert(m, uint256)] += 1
"""


def test_vyper_dynarrays_inside_a_hashmap_and_a_struct() -> None:
    assert _hits(VY_ORDERS.replace("CLUB", "100"), "o.vy") == {15: [11]}  # a club of 100 fits in a block
    assert _hits(VY_ORDERS.replace("CLUB", "2**20"), "o.vy") == {15: [11], 24: [20]}
    own = VY_ORDERS.replace(
        "def place(user: address, id: uint256):\n    self.orders[user]",
        "def place(id: uint256):\n    self.orders[msg.sender]",
    )
    assert _found(own.replace("CLUB", "100"), "o.vy") == {15: ("medium", "low", [11])}


def test_an_index_name_reused_after_a_countdown_is_not_a_copied_length() -> None:
    two = COUNTDOWN.replace(
        "LOOP",
        "for (uint256 i = entries.length; i > 0; i--) { seen[entries[i - 1]] += 1; }\n"
        "        for (uint256 i = 0; i < start; i++) { seen[i] += 1; }",
    )
    assert _hits(two) == {8: [6]}  # the second loop, bounded by the caller's `start`, reuses the first's name
    one = COUNTDOWN.replace("LOOP", "for (uint256 i = 0; i < start; i++) { seen[i] += 1; }")
    assert _hits(one) == {}
