"""Gas-limit denial of service (detector `unbounded-loop`, SWC-128): a loop over a whole storage array
that any caller can grow, with no call in its body. Vulnerable and fixed twins in Solidity 0.4, 0.8 and
Vyper; the fixes are an owner-only push path, a second bound on the loop, a small Vyper capacity."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _hits(src: str, path: str = "<source>") -> dict[int, list[int]]:
    return {f.line: f.related for f in scan_source(src, path) if f.detector == "unbounded-loop"}


OLD = """pragma solidity ^0.4.24;
contract Rewards {
    address[] members;
    mapping(address => uint) points;
    function join() public {
        members.push(msg.sender);
    }
    function award() public {
        for (uint i = 0; i < members.length; i++) {
            points[members[i]] += 1;
        }
    }
}
"""
OLD_OWNER_ONLY = OLD.replace(
    "    function join() public {\n",
    "    address owner;\n    modifier onlyOwner() { require(msg.sender == owner); _; }\n"
    "    function join() public onlyOwner {\n",
)

NEW = """pragma solidity ^0.8.20;
contract Airdrop {
    address[] private claimants;
    mapping(address => uint256) public owed;
    function register() external {
        claimants.push(msg.sender);
    }
    function settle() external {
        uint256 n = claimants.length;
        uint256 i;
        while (i < n) {
            owed[claimants[i]] += 10;
            i++;
        }
    }
    function total() external view returns (uint256 t) {
        for (uint256 i = 0; i < claimants.length; i++) t += owed[claimants[i]];
    }
}
"""
NEW_BOUNDED = NEW.replace("while (i < n) {", "while (i < n && i < 100) {")
PAGED = """pragma solidity ^0.8.20;
contract Paged {
    address[] private claimants;
    mapping(address => uint256) public owed;
    function register() external { claimants.push(msg.sender); }
    function settle(uint256 start, uint256 end) external {
        for (uint256 i = start; i < end && i < claimants.length; i++) {
            owed[claimants[i]] += 10;
        }
    }
}
"""
PAYING = """pragma solidity ^0.8.20;
contract Payout {
    address[] private payees;
    function register() external { payees.push(msg.sender); }
    function pay() external {
        for (uint256 i = 0; i < payees.length; i++) {
            payable(payees[i]).transfer(1);
        }
    }
}
"""

VY = """# @version ^0.4.0
members: DynArray[address, 2**32]
points: HashMap[address, uint256]

@external
def join():
    self.members.append(msg.sender)

@external
def award():
    for m: address in self.members:
        self.points[m] += 1
"""
VY_SMALL = VY.replace("DynArray[address, 2**32]", "DynArray[address, 50]")


def test_a_loop_over_an_array_anyone_grows_is_reported_on_the_loop_with_the_push_as_related() -> None:
    assert _hits(OLD) == {9: [6]}


def test_an_owner_only_push_path_is_not_reported() -> None:
    assert _hits(OLD) and _hits(OLD_OWNER_ONLY) == {}


def test_solidity_08_a_while_loop_to_a_copied_length_is_reported_but_not_a_view() -> None:
    assert _hits(NEW) == {11: [6]}  # the view `total` on line 17 only costs the off-chain reader


@pytest.mark.parametrize(
    "src,unbounded",
    [(NEW_BOUNDED, NEW), (PAGED, PAGED.replace("i < end && ", ""))],
    ids=["constant-cap", "caller-page"],
)
def test_a_second_bound_on_the_loop_is_not_reported(src: str, unbounded: str) -> None:
    assert _hits(unbounded) and _hits(src) == {}


def test_a_loop_that_pays_is_left_to_call_in_loop() -> None:
    found = scan_source(PAYING)
    assert not [f for f in found if f.detector == "unbounded-loop"]
    assert _hits(PAYING.replace("payable(payees[i]).transfer(1);", "delete payees[i];")) == {6: [4]}
    assert [f.line for f in found if f.detector == "call-in-loop"] == [7]


def test_vyper_a_large_dynarray_anyone_appends_to_is_reported_a_small_one_is_not() -> None:
    assert _hits(VY, "r.vy") == {11: [7]}
    assert _hits(VY_SMALL, "r.vy") == {}


def test_the_finding_is_denial_of_service_swc_128_medium() -> None:
    (f,) = [f for f in scan_source(OLD) if f.detector == "unbounded-loop"]
    assert (f.category, f.swc_id, f.severity, f.confidence) == ("denial_of_service", "SWC-128", "medium", "medium")
    assert f.contract == "Rewards" and f.function == "award"


def test_a_constructor_loop_runs_before_anyone_can_grow_the_array() -> None:
    ctor = OLD.replace("function award() public {", "constructor() public {")
    assert _hits(OLD) and _hits(ctor) == {}


HELPER = """pragma solidity ^0.8.20;
contract Registry {
    address private owner;
    address[] private entries;
    mapping(address => uint256) public rank;
    function enter() external { _add(msg.sender); }
    function _add(address who) internal { entries.push(who); }
    function rerank() external {
        for (uint256 i = 0; i < entries.length; i++) rank[entries[i]] = i;
    }
}
"""


def test_growth_through_an_internal_helper_counts_unless_the_public_path_is_guarded() -> None:
    assert _hits(HELPER) == {9: [7]}
    guarded = HELPER.replace("{ _add(msg.sender); }", "{ require(msg.sender == owner); _add(msg.sender); }")
    assert _hits(guarded) == {}


SEARCH = """pragma solidity ^0.8.20;
contract Sorted {
    uint256[] private keys;
    uint256 public found;
    function insert(uint256 k) external { keys.push(k); }
    function locate(uint256 k) external {
        uint256 low = 0;
        uint256 high = keys.length;
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (keys[mid] > k) high = mid; else low = mid + 1;
        }
        found = low;
    }
}
"""


def test_a_binary_search_that_narrows_a_copied_length_is_logarithmic_not_unbounded() -> None:
    assert _hits(SEARCH) == {}
    linear = SEARCH.replace("if (keys[mid] > k) high = mid; else low = mid + 1;", "low = low + 1;")
    assert _hits(linear) == {9: [5]}
