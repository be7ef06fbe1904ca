# pragma version 0.4.3
"""@title Lender valuing ALT collateral at a pair's spot reserves (oracle-manipulation victim A)."""
from ethereum.ercs import IERC20

interface Pair:
    def reserve0() -> uint256: view
    def reserve1() -> uint256: view

pair: public(address)
usd: public(address)
alt: public(address)
collateral: public(HashMap[address, uint256])
debt: public(HashMap[address, uint256])
paused: public(bool)
guardian: public(address)


@deploy
def __init__(pair_: address, usd_: address, alt_: address, guardian_: address):
    self.pair = pair_
    self.usd = usd_
    self.alt = alt_
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@external
def deposit(amount: uint256):
    assert not self.paused
    extcall IERC20(self.alt).transferFrom(msg.sender, self, amount)
    self.collateral[msg.sender] += amount


@external
def borrow(amount: uint256):
    assert not self.paused
    value: uint256 = self.collateral[msg.sender] * staticcall Pair(self.pair).reserve0() // staticcall Pair(self.pair).reserve1()
    assert (self.debt[msg.sender] + amount) * 3 <= value * 2
    self.debt[msg.sender] += amount
    extcall IERC20(self.usd).transfer(msg.sender, amount)
