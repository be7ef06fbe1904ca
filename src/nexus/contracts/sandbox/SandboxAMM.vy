# pragma version 0.4.3
"""
@title Sandbox constant-product AMM
@notice Two-token x*y=k pool with a 0.3% fee, internal LP shares, a spot price and a TWAP.
        Pausable by its guardian.
@dev Revert messages are prefixed with "amm:". Prices are token1 per token0, scaled by 1e18.
"""

from ethereum.ercs import IERC20

event Swap:
    trader: indexed(address)
    token_in: indexed(address)
    amount_in: uint256
    amount_out: uint256
    reserve0: uint256
    reserve1: uint256

event Liquidity:
    provider: indexed(address)
    amount0: uint256
    amount1: uint256
    shares: uint256
    added: bool

event Paused:
    by: indexed(address)

FEE_BPS: constant(uint256) = 30
TWAP_PERIOD: public(constant(uint256)) = 600

token0: public(address)
token1: public(address)
reserve0: public(uint256)
reserve1: public(uint256)
shares: public(HashMap[address, uint256])
total_shares: public(uint256)
price0_cumulative: public(uint256)
last_update: public(uint256)
twap_anchor_cumulative: uint256
twap_anchor_time: uint256
twap_value: uint256
guardian: public(address)
admin: public(address)
paused: public(bool)


@deploy
def __init__(token0_: address, token1_: address, guardian_: address):
    """
    @notice A pool of `token0_` against `token1_`, pausable by `guardian_`.
    """
    assert token0_ != token1_, "amm: identical tokens"
    self.token0 = token0_
    self.token1 = token1_
    self.guardian = guardian_
    self.admin = msg.sender
    self.last_update = block.timestamp
    self.twap_anchor_time = block.timestamp


@external
def pause():
    """
    @notice Stop swaps and liquidity changes (guardian only).
    """
    assert msg.sender == self.guardian, "amm: not guardian"
    self.paused = True
    log Paused(by=msg.sender)


@external
def unpause():
    """
    @notice Resume (admin only).
    """
    assert msg.sender == self.admin, "amm: not admin"
    self.paused = False


@view
@internal
def _spot() -> uint256:
    if self.reserve0 == 0:
        return 0
    return self.reserve1 * 10**18 // self.reserve0


@internal
def _accumulate():
    elapsed: uint256 = block.timestamp - self.last_update
    if elapsed > 0 and self.reserve0 > 0:
        self.price0_cumulative += self._spot() * elapsed
    self.last_update = block.timestamp
    window: uint256 = block.timestamp - self.twap_anchor_time
    if window >= TWAP_PERIOD:
        self.twap_value = (self.price0_cumulative - self.twap_anchor_cumulative) // window
        self.twap_anchor_cumulative = self.price0_cumulative
        self.twap_anchor_time = block.timestamp


@view
@external
def spot_price() -> uint256:
    """
    @notice Current token1-per-token0 price from the reserves (1e18 scale).
    """
    return self._spot()


@view
@external
def twap_price() -> uint256:
    """
    @notice Time-weighted average price over the last full TWAP period (spot until one has passed).
    """
    if self.twap_value == 0:
        return self._spot()
    return self.twap_value


@view
@external
def quote(token_in: address, amount_in: uint256) -> uint256:
    """
    @notice Output amount of a swap of `amount_in` of `token_in` at the current reserves.
    """
    r_in: uint256 = self.reserve0
    r_out: uint256 = self.reserve1
    if token_in == self.token1:
        r_in = self.reserve1
        r_out = self.reserve0
    fee_in: uint256 = amount_in * (10000 - FEE_BPS)
    return fee_in * r_out // (r_in * 10000 + fee_in)


@external
def swap(token_in: address, amount_in: uint256, min_out: uint256) -> uint256:
    """
    @notice Sell `amount_in` of `token_in` (pulled by allowance) for the other token.
    @param min_out Revert when the output would be smaller (slippage guard).
    """
    assert not self.paused, "amm: paused"
    assert token_in == self.token0 or token_in == self.token1, "amm: unknown token"
    assert amount_in > 0, "amm: zero amount"
    self._accumulate()
    zero_in: bool = token_in == self.token0
    r_in: uint256 = self.reserve0 if zero_in else self.reserve1
    r_out: uint256 = self.reserve1 if zero_in else self.reserve0
    fee_in: uint256 = amount_in * (10000 - FEE_BPS)
    out: uint256 = fee_in * r_out // (r_in * 10000 + fee_in)
    assert out >= min_out, "amm: slippage"
    assert out > 0, "amm: zero output"
    token_out: address = self.token1 if zero_in else self.token0
    assert extcall IERC20(token_in).transferFrom(msg.sender, self, amount_in, default_return_value=True), "amm: pull failed"
    assert extcall IERC20(token_out).transfer(msg.sender, out, default_return_value=True), "amm: push failed"
    if zero_in:
        self.reserve0 += amount_in
        self.reserve1 -= out
    else:
        self.reserve1 += amount_in
        self.reserve0 -= out
    log Swap(trader=msg.sender, token_in=token_in, amount_in=amount_in, amount_out=out,
             reserve0=self.reserve0, reserve1=self.reserve1)
    return out


@external
def add_liquidity(amount0: uint256, amount1: uint256) -> uint256:
    """
    @notice Deposit both tokens; the first deposit sets the price. Returns the shares minted.
    """
    assert not self.paused, "amm: paused"
    assert amount0 > 0 and amount1 > 0, "amm: zero amount"
    self._accumulate()
    minted: uint256 = 0
    if self.total_shares == 0:
        minted = isqrt(amount0 * amount1)
    else:
        minted = min(amount0 * self.total_shares // self.reserve0, amount1 * self.total_shares // self.reserve1)
    assert minted > 0, "amm: zero shares"
    assert extcall IERC20(self.token0).transferFrom(msg.sender, self, amount0, default_return_value=True), "amm: pull failed"
    assert extcall IERC20(self.token1).transferFrom(msg.sender, self, amount1, default_return_value=True), "amm: pull failed"
    self.reserve0 += amount0
    self.reserve1 += amount1
    self.shares[msg.sender] += minted
    self.total_shares += minted
    log Liquidity(provider=msg.sender, amount0=amount0, amount1=amount1, shares=minted, added=True)
    return minted


@external
def remove_liquidity(amount: uint256) -> (uint256, uint256):
    """
    @notice Burn `amount` shares for a pro-rata part of both reserves.
    """
    assert not self.paused, "amm: paused"
    assert amount > 0 and self.shares[msg.sender] >= amount, "amm: not enough shares"
    self._accumulate()
    out0: uint256 = amount * self.reserve0 // self.total_shares
    out1: uint256 = amount * self.reserve1 // self.total_shares
    self.shares[msg.sender] -= amount
    self.total_shares -= amount
    self.reserve0 -= out0
    self.reserve1 -= out1
    assert extcall IERC20(self.token0).transfer(msg.sender, out0, default_return_value=True), "amm: push failed"
    assert extcall IERC20(self.token1).transfer(msg.sender, out1, default_return_value=True), "amm: push failed"
    log Liquidity(provider=msg.sender, amount0=out0, amount1=out1, shares=amount, added=False)
    return (out0, out1)
