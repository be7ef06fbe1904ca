"""A payment failure handed back to callers that act on it (src/nexus/scan/detectors/_handed.py,
`ignored-send-failure`): `bool ok = to.send(v); if (ok) emit Paid(); else emit Failed(); return ok;` in a
helper whose every caller tests the answer (`if (sendFunds(a, v)) { owed[a] -= v; }`) deals with the
failure. A caller that throws the answer away, a public helper, a helper that returns something else, and
the plain `if (!to.send(v)) { }` stay reported. Twins in Solidity 0.4 and 0.8."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _ignored(src: str) -> set[int]:
    return {f.line for f in scan_source(src, "c.sol") if f.detector == "ignored-send-failure"}


BANK = """pragma solidity ^0.4.24;
contract Bank {
    mapping(address => uint) public owed;
    event Paid(address to, uint v);
    event Failed(address to, uint v);
    function deposit() public payable { owed[msg.sender] += msg.value; }
    function withdraw(uint v) public {
        require(owed[msg.sender] >= v);
        if (sendFunds(msg.sender, v)) {
            owed[msg.sender] -= v;
        }
    }
    function sendFunds(address to, uint v) private returns (bool) {
        bool ok = to.send(v);
        if (ok) {
            emit Paid(to, v);
        } else {
            emit Failed(to, v);
        }
        return ok;
    }
}
"""

SEND = 14


def test_failure_handed_back_to_callers_that_act_is_quiet() -> None:
    assert _ignored(BANK) == set()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (  # a caller throws the answer away
            "function deposit() public payable { owed[msg.sender] += msg.value; }",
            "function deposit() public payable { owed[msg.sender] += msg.value; sendFunds(msg.sender, 0); }",
        ),
        ("function sendFunds(address to, uint v) private", "function sendFunds(address to, uint v) public"),
        ("return ok;", "return true;"),  # the failure never reaches the caller
    ],
)
def test_failures_nobody_handles_stay_reported(old: str, new: str) -> None:
    src = BANK.replace(old, new)
    assert src != BANK
    assert SEND in _ignored(src)


BANK8 = """pragma solidity ^0.8.20;
contract Bank {
    mapping(address => uint256) public owed;
    event Failed(address to, uint256 v);
    function deposit() external payable { owed[msg.sender] += msg.value; }
    function withdraw(uint256 v) external {
        require(owed[msg.sender] >= v);
        require(_pay(payable(msg.sender), v), "payment failed");
        owed[msg.sender] -= v;
    }
    function _pay(address payable to, uint256 v) internal returns (bool) {
        (bool ok, ) = to.call{value: v}("");
        if (!ok) {
            emit Failed(to, v);
        }
        return ok;
    }
}
"""


def test_08_twins() -> None:
    assert _ignored(BANK8) == set()
    assert 12 in _ignored(
        BANK8.replace('require(_pay(payable(msg.sender), v), "payment failed");', "_pay(payable(msg.sender), v);")
    )
