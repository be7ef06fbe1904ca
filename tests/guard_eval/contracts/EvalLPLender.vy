# pragma version 0.4.3
"""
@title Lender valuing LP-share collateral at the pool's `price()` (read-only re-entrancy victim)
"""
from ethereum.ercs import IERC20

interface Pool:
    def price() -> uint256: view

pool: public(address)
usd: public(address)
collateral: public(HashMap[address, uint256])
debt: public(HashMap[address, uint256])
paused: public(bool)
guardian: public(address)


@deploy
def __init__(pool_: address, usd_: address, guardian_: address):
    self.pool = pool_
    self.usd = usd_
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@external
def credit(who: address, shares: uint256):
    """Record LP collateral (the pool's shares are non-transferable here: the lender trusts a keeper)."""
    self.collateral[who] += shares


@external
def borrow(amount: uint256):
    assert not self.paused
    value: uint256 = self.collateral[msg.sender] * staticcall Pool(self.pool).price() // 10**18 * 1000  # USD/ETH
    assert (self.debt[msg.sender] + amount) * 2 <= value
    self.debt[msg.sender] += amount
    extcall IERC20(self.usd).transfer(msg.sender, amount)
