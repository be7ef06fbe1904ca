# pragma version 0.4.3
"""
@title Constant-product pair that keeps a cumulative price (TWAP source for victim A)
@notice Like a Uniswap-V2 pair: before reserves change, the running sum of the spot price
        (USD per ALT, 1e18-scaled) times the blocks it held is brought up to date.
"""
from ethereum.ercs import IERC20

event Sync:
    reserve0: uint112
    reserve1: uint112

event Swap:
    sender: indexed(address)
    amount0In: uint256
    amount1In: uint256
    amount0Out: uint256
    amount1Out: uint256
    to: indexed(address)

token0: public(address)
token1: public(address)
reserve0: public(uint256)
reserve1: public(uint256)
price_cumulative: public(uint256)
last_block: public(uint256)


@deploy
def __init__(t0: address, t1: address):
    self.token0 = t0
    self.token1 = t1
    self.last_block = block.number


@internal
def _accumulate():
    if block.number > self.last_block and self.reserve1 > 0:
        self.price_cumulative += self.reserve0 * 10**18 // self.reserve1 * (block.number - self.last_block)
    self.last_block = block.number


@internal
def _sync():
    self.reserve0 = staticcall IERC20(self.token0).balanceOf(self)
    self.reserve1 = staticcall IERC20(self.token1).balanceOf(self)
    log Sync(reserve0=convert(self.reserve0, uint112), reserve1=convert(self.reserve1, uint112))


@external
def sync():
    self._accumulate()
    self._sync()


@external
def swap(zero_in: bool, amount_in: uint256, to: address) -> uint256:
    self._accumulate()
    r_in: uint256 = self.reserve0 if zero_in else self.reserve1
    r_out: uint256 = self.reserve1 if zero_in else self.reserve0
    out: uint256 = amount_in * 997 * r_out // (r_in * 1000 + amount_in * 997)
    extcall IERC20(self.token0 if zero_in else self.token1).transferFrom(msg.sender, self, amount_in)
    extcall IERC20(self.token1 if zero_in else self.token0).transfer(to, out)
    self._sync()
    if zero_in:
        log Swap(sender=msg.sender, amount0In=amount_in, amount1In=0, amount0Out=0, amount1Out=out, to=to)
    else:
        log Swap(sender=msg.sender, amount0In=0, amount1In=amount_in, amount0Out=out, amount1Out=0, to=to)
    return out
