# pragma version 0.4.3
"""
@title Sandbox share vault (deliberate rounding bug)
@notice Deposits of a token mint whole shares (one share starts at 1,000 tokens). `redeem(shares)` is correct, but
        `withdraw(assets)` computes the shares to burn rounding DOWN: any withdrawal smaller
        than one share's price burns nothing, so splitting a withdrawal into pieces drains the
        vault for free (the price-split / rounding-direction class). Pausable by its guardian.
@dev Revert messages are prefixed with "sharevault:". The bug is on purpose: it is an attack target.
"""

from ethereum.ercs import IERC20

event Deposit:
    account: indexed(address)
    assets: uint256
    shares: uint256

event Withdraw:
    account: indexed(address)
    assets: uint256
    shares: uint256

event Paused:
    by: indexed(address)

SHARE_UNIT: constant(uint256) = 1000 * 10**18

asset: public(address)
shares: public(HashMap[address, uint256])
total_shares: public(uint256)
guardian: public(address)
admin: public(address)
paused: public(bool)


@deploy
def __init__(asset_: address, guardian_: address):
    """
    @notice A vault of `asset_`, pausable by `guardian_`.
    """
    self.asset = asset_
    self.guardian = guardian_
    self.admin = msg.sender


@external
def pause():
    """
    @notice Stop deposits and withdrawals (guardian only).
    """
    assert msg.sender == self.guardian, "sharevault: not guardian"
    self.paused = True
    log Paused(by=msg.sender)


@external
def unpause():
    """
    @notice Resume (admin only).
    """
    assert msg.sender == self.admin, "sharevault: not admin"
    self.paused = False


@view
@internal
def _assets() -> uint256:
    return staticcall IERC20(self.asset).balanceOf(self)


@view
@external
def total_assets() -> uint256:
    """
    @notice Tokens the vault holds.
    """
    return self._assets()


@view
@external
def price_per_share() -> uint256:
    """
    @notice Assets one share redeems for.
    """
    if self.total_shares == 0:
        return SHARE_UNIT
    return self._assets() // self.total_shares


@external
def deposit(assets: uint256) -> uint256:
    """
    @notice Deposit `assets`; mints whole shares, rounding down (correct direction).
    """
    assert not self.paused, "sharevault: paused"
    minted: uint256 = assets // SHARE_UNIT
    if self.total_shares > 0:
        minted = assets * self.total_shares // self._assets()
    assert minted > 0, "sharevault: deposit below one share"
    assert extcall IERC20(self.asset).transferFrom(msg.sender, self, assets, default_return_value=True), "sharevault: pull failed"
    self.shares[msg.sender] += minted
    self.total_shares += minted
    log Deposit(account=msg.sender, assets=assets, shares=minted)
    return minted


@external
def redeem(amount: uint256) -> uint256:
    """
    @notice Burn `amount` shares for their assets, rounding down (correct direction).
    """
    assert not self.paused, "sharevault: paused"
    assert amount > 0 and self.shares[msg.sender] >= amount, "sharevault: not enough shares"
    out: uint256 = amount * self._assets() // self.total_shares
    self.shares[msg.sender] -= amount
    self.total_shares -= amount
    assert extcall IERC20(self.asset).transfer(msg.sender, out, default_return_value=True), "sharevault: push failed"
    log Withdraw(account=msg.sender, assets=out, shares=amount)
    return out


@external
def withdraw(assets: uint256) -> uint256:
    """
    @notice Withdraw exactly `assets`. VULNERABLE: shares to burn round DOWN (should round up).
    """
    assert not self.paused, "sharevault: paused"
    assert self.total_shares > 0, "sharevault: empty"
    burned: uint256 = assets * self.total_shares // self._assets()
    assert self.shares[msg.sender] >= burned, "sharevault: not enough shares"
    self.shares[msg.sender] -= burned
    self.total_shares -= burned
    assert extcall IERC20(self.asset).transfer(msg.sender, assets, default_return_value=True), "sharevault: push failed"
    log Withdraw(account=msg.sender, assets=assets, shares=burned)
    return burned
