"""Round 18b of the re-entrancy detectors:

* cross-function re-entrancy past a lock (_crossfn.py): a locked function pays out before its debit,
  and an unlocked public function re-validates and moves the same balance (`transferCredit`), so the
  hook re-enters there. The lock does not stop it. Quiet when the debit comes first, when the other
  function holds the lock too, and when the unlocked function only adds to the balance (`deposit`);
* read-only re-entrancy on the reading side (_midread.py): a market prices collateral with a pool's
  `get_virtual_price()` without first taking the pool's lock (a state-changing call on the same pool).

Each vulnerable case is reported at medium confidence or more here; the code before round 18b reported
nothing, or only at low confidence. Each fixed twin stays quiet.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

_DEFAULT = ("medium", "high")


def _found(src: str, detector: str, name: str = "c.sol") -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.confidence) for f in scan_source(src, name) if f.detector == detector]


def _default(src: str, detector: str, name: str = "c.sol") -> list[tuple[int, str, str]]:
    return [x for x in _found(src, detector, name) if x[2] in _DEFAULT]


# -- cross-function re-entrancy past a lock ----------------------------------------------------------

CROSS8 = """pragma solidity ^0.8.20;
contract Vault {
    mapping(address => uint256) public shares;
    bool private entered;
    modifier nonReentrant() { require(!entered); entered = true; _; entered = false; }
    function deposit() external payable { shares[msg.sender] += msg.value; }
    function give(address to, uint256 n) external {
        require(shares[msg.sender] >= n, "low");
        shares[msg.sender] -= n;
        shares[to] += n;
    }
    function redeem(uint256 n) external nonReentrant {
        require(shares[msg.sender] >= n, "low");
        (bool ok, ) = payable(msg.sender).call{value: n}("");
        require(ok);
        shares[msg.sender] -= n;
    }
}
"""

CROSS4 = """pragma solidity ^0.4.24;
contract Vault {
    mapping(address => uint) public shares;
    bool private busy;
    modifier noReentrancy() { require(!busy); busy = true; _; busy = false; }
    function deposit() public payable { shares[msg.sender] += msg.value; }
    function give(address to, uint n) public {
        if (shares[msg.sender] < n) revert();
        shares[msg.sender] -= n;
        shares[to] += n;
    }
    function redeem(uint n) public noReentrancy {
        require(shares[msg.sender] >= n);
        require(msg.sender.call.value(n)());
        shares[msg.sender] -= n;
    }
}
"""

_CALL8 = '        (bool ok, ) = payable(msg.sender).call{value: n}("");\n        require(ok);\n'
_DEBIT = "        shares[msg.sender] -= n;\n    }\n}\n"


@pytest.mark.parametrize(("src", "line"), [(CROSS8, 14), (CROSS4, 14)])
def test_locked_payout_before_debit_with_unlocked_mover_is_reported(src: str, line: int) -> None:
    found = _default(src, "reentrancy")
    assert [x[0] for x in found] == [line]
    msg = next(f.message for f in scan_source(src, "c.sol") if f.detector == "reentrancy")
    assert "`give`" in msg and "`shares`" in msg


def test_debit_before_payout_is_quiet() -> None:
    fixed = CROSS8.replace(_CALL8 + _DEBIT, "        shares[msg.sender] -= n;\n" + _CALL8 + "    }\n}\n")
    assert fixed != CROSS8
    assert _found(fixed, "reentrancy") == []


def test_mover_under_the_same_lock_is_quiet() -> None:
    fixed = CROSS8.replace("uint256 n) external {", "uint256 n) external nonReentrant {")
    assert fixed != CROSS8
    assert _found(fixed, "reentrancy") == []


def test_unlocked_function_that_only_adds_is_quiet() -> None:
    start, end = CROSS8.index("    function give"), CROSS8.index("    function redeem")
    only_deposit = CROSS8[:start] + CROSS8[end:]
    assert _found(only_deposit, "reentrancy") == []


def test_owner_only_mover_is_quiet() -> None:
    owned = CROSS8.replace(
        "    function give(address to, uint256 n) external {\n",
        "    address public owner = msg.sender;\n"
        "    function give(address to, uint256 n) external {\n        require(msg.sender == owner);\n",
    )
    assert owned != CROSS8
    assert _default(owned, "reentrancy") == []


# -- read-only re-entrancy: reading a pool price mid-update -------------------------------------------

MARKET8 = """pragma solidity ^0.8.20;
interface IStablePool {
    function get_virtual_price() external view returns (uint256);
    function claim_admin_fees() external;
}
contract Market {
    IStablePool public immutable pool;
    mapping(address => uint256) public collateral;
    mapping(address => uint256) public debt;
    constructor(IStablePool p) { pool = p; }
    function _price() internal view returns (uint256) {
        return pool.get_virtual_price();
    }
    function borrow(uint256 amount) external {
        require(debt[msg.sender] + amount <= collateral[msg.sender] * _price() / 2e18, "ltv");
        debt[msg.sender] += amount;
        payable(msg.sender).transfer(amount);
    }
}
"""

MARKET_VY = """# @version 0.3.10
interface StablePool:
    def get_virtual_price() -> uint256: view
    def remove_liquidity(amount: uint256, mins: uint256[2]) -> uint256[2]: nonpayable

pool: public(StablePool)
deposited: public(HashMap[address, uint256])
borrowed: public(HashMap[address, uint256])

@external
def __init__(p: StablePool):
    self.pool = p

@internal
def _value(user: address) -> uint256:
    return self.deposited[user] * self.pool.get_virtual_price() / 10**18

@external
def borrow(amount: uint256):
    assert self.borrowed[msg.sender] + amount <= self._value(msg.sender) * 8 / 10
    self.borrowed[msg.sender] += amount
    send(msg.sender, amount)
"""


@pytest.mark.parametrize(("src", "name", "line"), [(MARKET8, "c.sol", 12), (MARKET_VY, "c.vy", 16)])
def test_pool_price_read_without_the_pools_lock_is_reported(src: str, name: str, line: int) -> None:
    assert [x[0] for x in _default(src, "read-only-reentrancy", name)] == [line]


def test_pool_lock_taken_first_is_quiet() -> None:
    fixed = MARKET8.replace(
        "    function _price() internal view returns (uint256) {\n",
        "    function _price() internal returns (uint256) {\n        pool.claim_admin_fees();\n",
    )
    assert fixed != MARKET8
    assert _found(fixed, "read-only-reentrancy") == []
    fixed_vy = MARKET_VY.replace(
        "    return self.deposited[user]", "    self.pool.remove_liquidity(0, [0, 0])\n    return self.deposited[user]"
    )
    assert fixed_vy != MARKET_VY
    assert _found(fixed_vy, "read-only-reentrancy", "c.vy") == []


def test_lock_on_another_contract_does_not_count() -> None:
    other = MARKET8.replace(
        "    IStablePool public immutable pool;\n",
        "    IStablePool public immutable pool;\n    IStablePool public immutable other;\n",
    )
    other = other.replace(
        "    function _price() internal view returns (uint256) {\n",
        "    function _price() internal returns (uint256) {\n        other.claim_admin_fees();\n",
    )
    assert [x[0] for x in _default(other, "read-only-reentrancy")] == [14]


def test_price_only_shown_never_acted_on_is_low() -> None:
    shown = (
        MARKET8[: MARKET8.index("    function borrow")]
        + "    function price() external view returns (uint256) { return _price(); }\n}\n"
    )
    found = _found(shown, "read-only-reentrancy")
    assert found and all(c == "low" for _, _, c in found)
