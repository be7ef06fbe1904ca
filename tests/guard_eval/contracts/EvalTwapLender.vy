# pragma version 0.4.3
"""
@title Lender valuing ALT collateral at a fixed-window TWAP of a cumulative-price pair (TWAP victim A)
@notice `update` moves the checkpoint once `period` blocks have passed; the price is the average
        since the checkpoint. A few pumped blocks right after a checkpoint dominate that average.
"""
from ethereum.ercs import IERC20

interface TwapPair:
    def reserve0() -> uint256: view
    def reserve1() -> uint256: view
    def price_cumulative() -> uint256: view
    def last_block() -> uint256: view

pair: public(address)
usd: public(address)
alt: public(address)
period: public(uint256)
ckpt_cumulative: public(uint256)
ckpt_block: public(uint256)
collateral: public(HashMap[address, uint256])
debt: public(HashMap[address, uint256])
paused: public(bool)
guardian: public(address)


@deploy
def __init__(pair_: address, usd_: address, alt_: address, period_: uint256, guardian_: address):
    self.pair = pair_
    self.usd = usd_
    self.alt = alt_
    self.period = period_
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@internal
@view
def _cumulative() -> uint256:
    p: TwapPair = TwapPair(self.pair)
    spot: uint256 = staticcall p.reserve0() * 10**18 // staticcall p.reserve1()
    return staticcall p.price_cumulative() + spot * (block.number - staticcall p.last_block())


@external
def update():
    assert block.number >= self.ckpt_block + self.period
    self.ckpt_cumulative = self._cumulative()
    self.ckpt_block = block.number


@external
@view
def price() -> uint256:
    assert block.number > self.ckpt_block
    return (self._cumulative() - self.ckpt_cumulative) // (block.number - self.ckpt_block)


@external
def deposit(amount: uint256):
    assert not self.paused
    extcall IERC20(self.alt).transferFrom(msg.sender, self, amount)
    self.collateral[msg.sender] += amount


@external
def borrow(amount: uint256):
    assert not self.paused
    assert block.number > self.ckpt_block
    twap: uint256 = (self._cumulative() - self.ckpt_cumulative) // (block.number - self.ckpt_block)
    value: uint256 = self.collateral[msg.sender] * twap // 10**18
    assert (self.debt[msg.sender] + amount) * 3 <= value * 2
    self.debt[msg.sender] += amount
    extcall IERC20(self.usd).transfer(msg.sender, amount)


@external
def repay(amount: uint256):
    extcall IERC20(self.usd).transferFrom(msg.sender, self, amount)
    self.debt[msg.sender] -= amount
