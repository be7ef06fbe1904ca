# pragma version 0.4.3
"""
@title Sandbox lending pool
@notice Deposit collateral, borrow the debt token up to a loan-to-value ratio, repay, get
        liquidated. The collateral price comes from a configurable oracle: the AMM's spot price
        (manipulable), its TWAP, or an external IPriceFeed. Pausable by its guardian.
@dev Revert messages are prefixed with "lending:". Prices are debt per collateral, 1e18 scale.
"""

from ethereum.ercs import IERC20
from ..interfaces import IPriceFeed

interface IAMM:
    def spot_price() -> uint256: view
    def twap_price() -> uint256: view

event Deposit:
    account: indexed(address)
    amount: uint256

event Withdraw:
    account: indexed(address)
    amount: uint256

event Borrow:
    account: indexed(address)
    amount: uint256
    price: uint256

event Repay:
    account: indexed(address)
    amount: uint256

event Liquidate:
    liquidator: indexed(address)
    account: indexed(address)
    repaid: uint256
    seized: uint256

event Supply:
    lender: indexed(address)
    amount: uint256
    added: bool

event Paused:
    by: indexed(address)

ORACLE_SPOT: constant(uint8) = 0
ORACLE_TWAP: constant(uint8) = 1
ORACLE_FEED: constant(uint8) = 2
LTV_BPS: public(constant(uint256)) = 7500
LIQ_THRESHOLD_BPS: public(constant(uint256)) = 8000
LIQ_BONUS_BPS: public(constant(uint256)) = 500

collateral: public(address)
debt: public(address)
amm: public(address)
oracle_mode: public(uint8)
feed: public(address)
collateral_of: public(HashMap[address, uint256])
debt_of: public(HashMap[address, uint256])
supplied_of: public(HashMap[address, uint256])
total_debt: public(uint256)
guardian: public(address)
admin: public(address)
paused: public(bool)


@deploy
def __init__(collateral_: address, debt_: address, amm_: address, guardian_: address):
    """
    @notice A pool lending `debt_` against `collateral_`, priced by `amm_`'s spot price at first.
    """
    self.collateral = collateral_
    self.debt = debt_
    self.amm = amm_
    self.guardian = guardian_
    self.admin = msg.sender


@external
def set_oracle(mode: uint8, feed_: address):
    """
    @notice Choose the price source: 0 = AMM spot, 1 = AMM TWAP, 2 = external feed (admin only).
    """
    assert msg.sender == self.admin, "lending: not admin"
    assert mode <= ORACLE_FEED, "lending: unknown oracle mode"
    assert mode != ORACLE_FEED or feed_ != empty(address), "lending: feed missing"
    self.oracle_mode = mode
    self.feed = feed_


@external
def pause():
    """
    @notice Stop every state change (guardian only).
    """
    assert msg.sender == self.guardian, "lending: not guardian"
    self.paused = True
    log Paused(by=msg.sender)


@external
def unpause():
    """
    @notice Resume (admin only).
    """
    assert msg.sender == self.admin, "lending: not admin"
    self.paused = False


@view
@internal
def _price() -> uint256:
    if self.oracle_mode == ORACLE_SPOT:
        return staticcall IAMM(self.amm).spot_price()
    if self.oracle_mode == ORACLE_TWAP:
        return staticcall IAMM(self.amm).twap_price()
    return staticcall IPriceFeed(self.feed).latest_price()


@view
@internal
def _value(account: address) -> uint256:
    return self.collateral_of[account] * self._price() // 10**18


@view
@external
def price() -> uint256:
    """
    @notice The collateral price the pool uses now.
    """
    return self._price()


@view
@external
def available() -> uint256:
    """
    @notice Debt tokens the pool can still lend.
    """
    return staticcall IERC20(self.debt).balanceOf(self)


@view
@external
def max_borrow(account: address) -> uint256:
    """
    @notice How much more `account` may borrow at the current price.
    """
    limit: uint256 = self._value(account) * LTV_BPS // 10000
    if limit <= self.debt_of[account]:
        return 0
    return limit - self.debt_of[account]


@view
@external
def healthy(account: address) -> bool:
    """
    @notice False when the account's debt exceeds its liquidation threshold.
    """
    return self.debt_of[account] * 10000 <= self._value(account) * LIQ_THRESHOLD_BPS


@external
def supply(amount: uint256):
    """
    @notice Add lending liquidity.
    """
    assert not self.paused, "lending: paused"
    assert extcall IERC20(self.debt).transferFrom(msg.sender, self, amount, default_return_value=True), "lending: pull failed"
    self.supplied_of[msg.sender] += amount
    log Supply(lender=msg.sender, amount=amount, added=True)


@external
def withdraw_supply(amount: uint256):
    """
    @notice Take back supplied liquidity (while the pool holds enough).
    """
    assert not self.paused, "lending: paused"
    assert self.supplied_of[msg.sender] >= amount, "lending: not supplied"
    self.supplied_of[msg.sender] -= amount
    assert extcall IERC20(self.debt).transfer(msg.sender, amount, default_return_value=True), "lending: push failed"
    log Supply(lender=msg.sender, amount=amount, added=False)


@external
def deposit(amount: uint256):
    """
    @notice Post `amount` of collateral.
    """
    assert not self.paused, "lending: paused"
    assert amount > 0, "lending: zero amount"
    assert extcall IERC20(self.collateral).transferFrom(msg.sender, self, amount, default_return_value=True), "lending: pull failed"
    self.collateral_of[msg.sender] += amount
    log Deposit(account=msg.sender, amount=amount)


@external
def withdraw(amount: uint256):
    """
    @notice Take collateral back while the position stays within its loan-to-value ratio.
    """
    assert not self.paused, "lending: paused"
    assert self.collateral_of[msg.sender] >= amount, "lending: not deposited"
    self.collateral_of[msg.sender] -= amount
    assert self.debt_of[msg.sender] * 10000 <= self._value(msg.sender) * LTV_BPS, "lending: undercollateralized"
    assert extcall IERC20(self.collateral).transfer(msg.sender, amount, default_return_value=True), "lending: push failed"
    log Withdraw(account=msg.sender, amount=amount)


@external
def borrow(amount: uint256):
    """
    @notice Borrow `amount` of the debt token against posted collateral.
    """
    assert not self.paused, "lending: paused"
    assert amount > 0, "lending: zero amount"
    p: uint256 = self._price()
    new_debt: uint256 = self.debt_of[msg.sender] + amount
    assert new_debt * 10000 <= self.collateral_of[msg.sender] * p // 10**18 * LTV_BPS, "lending: undercollateralized"
    self.debt_of[msg.sender] = new_debt
    self.total_debt += amount
    assert extcall IERC20(self.debt).transfer(msg.sender, amount, default_return_value=True), "lending: push failed"
    log Borrow(account=msg.sender, amount=amount, price=p)


@external
def repay(amount: uint256):
    """
    @notice Pay back up to the caller's debt.
    """
    assert not self.paused, "lending: paused"
    owed: uint256 = min(amount, self.debt_of[msg.sender])
    assert owed > 0, "lending: no debt"
    assert extcall IERC20(self.debt).transferFrom(msg.sender, self, owed, default_return_value=True), "lending: pull failed"
    self.debt_of[msg.sender] -= owed
    self.total_debt -= owed
    log Repay(account=msg.sender, amount=owed)


@external
def liquidate(account: address, amount: uint256):
    """
    @notice Repay part of an unhealthy position's debt and seize collateral with a bonus.
    """
    assert not self.paused, "lending: paused"
    p: uint256 = self._price()
    assert self.debt_of[account] * 10000 > self.collateral_of[account] * p // 10**18 * LIQ_THRESHOLD_BPS, "lending: position healthy"
    repaid: uint256 = min(amount, self.debt_of[account])
    assert repaid > 0, "lending: nothing to repay"
    seized: uint256 = min(repaid * (10000 + LIQ_BONUS_BPS) // 10000 * 10**18 // p, self.collateral_of[account])
    assert extcall IERC20(self.debt).transferFrom(msg.sender, self, repaid, default_return_value=True), "lending: pull failed"
    self.debt_of[account] -= repaid
    self.total_debt -= repaid
    self.collateral_of[account] -= seized
    assert extcall IERC20(self.collateral).transfer(msg.sender, seized, default_return_value=True), "lending: push failed"
    log Liquidate(liquidator=msg.sender, account=account, repaid=repaid, seized=seized)
