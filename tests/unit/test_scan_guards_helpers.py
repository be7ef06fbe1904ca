"""Caller checks made through a local or a helper are guards (src/nexus/scan/callers.py, guards.py).

`bool ok = msg.sender == owner; require(ok);`, Parity's `uint i = m_ownerIndex[uint(msg.sender)];
if (i == 0) return;`, `require(isOwner())` / `if (!isOwner(msg.sender)) revert();` through an internal
view helper returning `msg.sender == owner`, `who == owner` (its parameter bound to the call's
argument) or `owners[msg.sender]`: each restricts the caller, so the code after it is owner-only and
the scanner stays quiet (or keeps arithmetic a note). The vulnerable twins: the local is written again,
holds something anyone satisfies, or the helper is asked about another address or checks nothing about
the caller. Own twins in Solidity 0.4, 0.5, 0.8 and Vyper; the fixed twins were reported before.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _hits(src: str, detector: str, name: str = "c.sol") -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, name) if f.detector == detector}


BOX_08 = """pragma solidity ^0.8.20;
contract Box {
    address owner;
    mapping(address => bool) owners;
    constructor() { owner = msg.sender; }
    function isOwner(address who) internal view returns (bool) { return who == owner; }
    function amOwner() private view returns (bool) { return msg.sender == owner; }
    function member() internal view returns (bool) { return owners[msg.sender]; }
    function nonzero(address who) internal pure returns (bool) { return who != address(0); }
    function setOwner(address n) external {
        GUARD
        owner = n;
    }
    function close() external {
        GUARD
        selfdestruct(payable(owner));
    }
    function run(address t, bytes calldata d) external {
        GUARD
        (bool s, ) = t.delegatecall(d);
        require(s);
    }
    function ping() external view returns (uint256) {
        require(msg.sender == owner);
        return 1;
    }
}
"""
PAIRS_08 = [  # (the owner only, anyone)
    ("bool ok = msg.sender == owner; require(ok);", "bool ok = msg.sender == owner; ok = true; require(ok);"),
    ("bool ok = msg.sender == owner; require(ok);", "bool ok = msg.sender != address(0); require(ok);"),
    ("require(amOwner());", "require(!amOwner());"),
    ("require(member());", "require(!member());"),
    ("if (!isOwner(msg.sender)) revert();", "if (isOwner(msg.sender)) revert();"),
    ("require(isOwner(msg.sender));", "require(isOwner(owner) || nonzero(msg.sender));"),
    ("require(isOwner(msg.sender) || member());", "require(isOwner(msg.sender) || nonzero(msg.sender));"),
]


@pytest.mark.parametrize(("closed", "open_"), PAIRS_08)
def test_a_check_through_a_local_or_helper_guards_in_solidity_08(closed: str, open_: str) -> None:
    fixed = BOX_08.replace("GUARD", closed)
    for det in ("unprotected-owner-write", "unprotected-selfdestruct", "unprotected-delegatecall"):
        assert _hits(fixed, det) == {}, det
    src = BOX_08.replace("GUARD", open_)
    assert set(_hits(src, "unprotected-owner-write")) == {12}
    assert set(_hits(src, "unprotected-selfdestruct")) == {16}
    assert set(_hits(src, "unprotected-delegatecall")) == {20}


PARITY_04 = """pragma solidity ^0.4.24;
contract Multi {
    mapping(uint => uint) m_ownerIndex;
    uint m_count;
    function Multi() public { m_ownerIndex[uint(msg.sender)] = 1; }
    function isOwner(address a) internal constant returns (bool) { return m_ownerIndex[uint(a)] > 0; }
    function confirm(uint n) public {
        uint ownerIndex = m_ownerIndex[uint(msg.sender)];
        if (ownerIndex == 0) return;
        m_count += n;
    }
    function bump(uint n) public {
        if (!isOwner(msg.sender)) throw;
        m_count += n;
    }
}
"""


def test_parity_style_index_lookups_make_arithmetic_owner_only_in_solidity_04() -> None:
    assert _hits(PARITY_04, "integer-overflow") == {10: "low", 14: "low"}
    anyone = PARITY_04.replace("m_ownerIndex[uint(msg.sender)];", "m_ownerIndex[n];").replace(
        "!isOwner(msg.sender)", "!isOwner(address(n))"
    )
    assert _hits(anyone, "integer-overflow") == {10: "medium", 14: "medium"}


JAR_05 = """pragma solidity ^0.5.17;
contract Jar {
    address payable owner;
    constructor() public { owner = msg.sender; }
    function () external payable {}
    function ownerIs(address who) internal view returns (bool) { return who == owner; }
    function take() external {
        bool ok = ownerIs(msg.sender);
        require(ok);
        msg.sender.transfer(address(this).balance);
    }
}
"""


def test_a_helper_result_kept_in_a_local_guards_a_payout_in_solidity_05() -> None:
    assert _hits(JAR_05, "unprotected-withdrawal") == {}
    assert _hits(JAR_05.replace("ownerIs(msg.sender)", "ownerIs(tx.origin) || true"), "unprotected-withdrawal") == {
        10: "medium"
    }
    src = JAR_05.replace("bool ok = ownerIs(msg.sender);", "bool ok = ownerIs(msg.sender);\n        ok = true;")
    assert _hits(src, "unprotected-withdrawal") == {11: "medium"}


BOX_VY = """# pragma version ~=0.4.0
owner: address

@deploy
def __init__():
    self.owner = msg.sender

@external
def set_owner(n: address):
    ok: bool = GUARD
    assert ok
    self.owner = n

@external
def sweep():
    assert msg.sender == self.owner
    send(msg.sender, self.balance)
"""


def test_vyper_a_local_caller_check_guards() -> None:
    assert _hits(BOX_VY.replace("GUARD", "msg.sender == self.owner"), "unprotected-owner-write", "b.vy") == {}
    assert set(_hits(BOX_VY.replace("GUARD", "msg.sender != empty(address)"), "unprotected-owner-write", "b.vy")) == {
        12
    }
