# pragma version 0.4.3
"""
@title Uniswap-V2-shaped constant-product pair (Sync then Swap events, 0.3% fee)
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


@deploy
def __init__(t0: address, t1: address):
    self.token0 = t0
    self.token1 = t1


@external
def sync():
    self.reserve0 = staticcall IERC20(self.token0).balanceOf(self)
    self.reserve1 = staticcall IERC20(self.token1).balanceOf(self)
    log Sync(reserve0=convert(self.reserve0, uint112), reserve1=convert(self.reserve1, uint112))


@external
def swap(zero_in: bool, amount_in: uint256, to: address) -> uint256:
    """Pull `amount_in` of one token from the caller, pay out the other."""
    r_in: uint256 = self.reserve0 if zero_in else self.reserve1
    r_out: uint256 = self.reserve1 if zero_in else self.reserve0
    out: uint256 = amount_in * 997 * r_out // (r_in * 1000 + amount_in * 997)
    t_in: address = self.token0 if zero_in else self.token1
    t_out: address = self.token1 if zero_in else self.token0
    extcall IERC20(t_in).transferFrom(msg.sender, self, amount_in)
    extcall IERC20(t_out).transfer(to, out)
    self.reserve0 = staticcall IERC20(self.token0).balanceOf(self)
    self.reserve1 = staticcall IERC20(self.token1).balanceOf(self)
    log Sync(reserve0=convert(self.reserve0, uint112), reserve1=convert(self.reserve1, uint112))
    if zero_in:
        log Swap(sender=msg.sender, amount0In=amount_in, amount1In=0, amount0Out=0, amount1Out=out, to=to)
    else:
        log Swap(sender=msg.sender, amount0In=0, amount1In=amount_in, amount0Out=out, amount1Out=0, to=to)
    return out
