"""A caller resetting its own record through a local storage pointer (src/nexus/scan/detectors/_authflow.py,
`own_pointers`): `Stake storage st = stakes[msg.sender]; st.amount = 0;` is the caller's own reset, read as
`stakes[msg.sender].amount = 0` is. A pointer to someone else's record (`stakes[who]`), a pointer pointed
elsewhere later, and a non-zero write through it (an unpaid self-promotion) stay reported. Twins in
Solidity 0.4 and 0.8 (custom error guard, `delete` of a field)."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _owner_writes(src: str) -> set[int]:
    return {
        f.line
        for f in scan_source(src, "c.sol")
        if f.detector == "unprotected-owner-write" and f.confidence in ("medium", "high")
    }


POOL = """pragma solidity ^0.4.24;
contract Pool {
    struct Stake { uint256 amount; bool active; }
    address public owner;
    mapping(address => Stake) public stakes;
    constructor() public { owner = msg.sender; }
    modifier onlyStakers() { require(stakes[msg.sender].active); _; }
    function stake() public payable {
        require(!stakes[msg.sender].active && msg.value == 1 ether);
        stakes[msg.sender] = Stake(msg.value, true);
    }
    function vote() public onlyStakers { owner.transfer(0); }
    function leave(address who) public {
        Stake storage st = stakes[msg.sender];
        uint256 amount = st.amount;
        st.amount = 0;
        st.active = false;
        msg.sender.transfer(amount);
    }
}
"""

LEAVE = 16


def test_own_reset_through_a_storage_pointer_is_quiet() -> None:
    assert _owner_writes(POOL) == set()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Stake storage st = stakes[msg.sender];", "Stake storage st = stakes[who];"),  # someone else's
        ("uint256 amount = st.amount;", "uint256 amount = st.amount; st = stakes[who];"),  # re-pointed
        ("st.active = false;", "st.active = true;"),  # a self-promotion, unpaid
    ],
)
def test_authority_writes_through_pointers_stay_reported(old: str, new: str) -> None:
    src = POOL.replace(old, new)
    assert src != POOL
    assert _owner_writes(src) & set(range(LEAVE - 2, LEAVE + 3))  # somewhere in `leave`


POOL8 = """pragma solidity ^0.8.20;
contract Pool {
    struct Stake { uint256 amount; bool active; }
    address payable public owner;
    mapping(address => Stake) public stakes;
    error NotStaker();
    constructor() { owner = payable(msg.sender); }
    function stake() external payable {
        require(!stakes[msg.sender].active && msg.value == 1 ether);
        stakes[msg.sender] = Stake(msg.value, true);
    }
    function vote() external { if (!stakes[msg.sender].active) revert NotStaker(); owner.transfer(0); }
    function leave(address who) external {
        Stake storage st = stakes[msg.sender];
        uint256 amount = st.amount;
        delete st.amount;
        st.active = false;
        payable(msg.sender).transfer(amount);
    }
}
"""


def test_08_twins() -> None:
    assert _owner_writes(POOL8) == set()
    assert _owner_writes(POOL8.replace("Stake storage st = stakes[msg.sender];", "Stake storage st = stakes[who];"))
    assert _owner_writes(POOL8.replace("st.active = false;", "st.active = true;"))
