# pragma version 0.4.3
"""@title Flash lender of one token (ERC-3156-shaped callback), used by the oracle attacks."""
from ethereum.ercs import IERC20

interface Borrower:
    def onFlashLoan(initiator: address, token: address, amount: uint256, fee: uint256, data: Bytes[32]) -> bytes32: nonpayable

token: public(address)


@deploy
def __init__(token_: address):
    self.token = token_


@external
def flash(amount: uint256):
    before: uint256 = staticcall IERC20(self.token).balanceOf(self)
    extcall IERC20(self.token).transfer(msg.sender, amount)
    extcall Borrower(msg.sender).onFlashLoan(msg.sender, self.token, amount, 0, b"")
    assert staticcall IERC20(self.token).balanceOf(self) >= before
