# pragma version 0.4.3
"""
@title Compound-shaped money market (oracle-manipulation victim C, held-out implementation)
@notice Collateral is held as internal cTokens at an exchange rate; the ALT price is the ratio of
        the two token balances a pair holds (balanceOf, not reserves), so a flash swap moves it.
"""
from ethereum.ercs import IERC20

event Mint:
    minter: address
    mintAmount: uint256
    mintTokens: uint256

event Borrow:
    borrower: address
    borrowAmount: uint256
    accountBorrows: uint256
    totalBorrows: uint256

pool: public(address)
usd: public(address)
alt: public(address)
ctokens: public(HashMap[address, uint256])
total_ctokens: public(uint256)
borrows: public(HashMap[address, uint256])
total_borrows: public(uint256)
paused: public(bool)
guardian: public(address)


@deploy
def __init__(pool_: address, usd_: address, alt_: address, guardian_: address):
    self.pool = pool_
    self.usd = usd_
    self.alt = alt_
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@view
@internal
def _rate() -> uint256:
    held: uint256 = staticcall IERC20(self.alt).balanceOf(self)
    if self.total_ctokens == 0 or held == 0:
        return 50 * 10**18  # 1 ALT = 50 cALT at genesis
    return self.total_ctokens * 10**18 // held


@external
def deposit(amount: uint256):
    assert not self.paused
    minted: uint256 = amount * self._rate() // 10**18
    extcall IERC20(self.alt).transferFrom(msg.sender, self, amount)
    self.ctokens[msg.sender] += minted
    self.total_ctokens += minted
    log Mint(minter=msg.sender, mintAmount=amount, mintTokens=minted)


@external
def borrow(amount: uint256):
    assert not self.paused
    underlying: uint256 = self.ctokens[msg.sender] * 10**18 // self._rate()
    px: uint256 = staticcall IERC20(self.usd).balanceOf(self.pool) * 10**18 // staticcall IERC20(self.alt).balanceOf(self.pool)
    assert (self.borrows[msg.sender] + amount) * 4 <= underlying * px // 10**18 * 3
    self.borrows[msg.sender] += amount
    self.total_borrows += amount
    extcall IERC20(self.usd).transfer(msg.sender, amount)
    log Borrow(borrower=msg.sender, borrowAmount=amount, accountBorrows=self.borrows[msg.sender], totalBorrows=self.total_borrows)
