# pragma version 0.4.3
"""
@title Sandbox flash-loan provider
@notice ERC-3156-style flash loans of any token it holds, for a 0.09% fee, repaid by allowance
        within the same transaction.
@dev Revert messages are prefixed with "flash:".
"""

from ethereum.ercs import IERC20
from ..interfaces import IFlashBorrower

event FlashLoan:
    receiver: indexed(address)
    token: indexed(address)
    amount: uint256
    fee: uint256

FEE_BPS: public(constant(uint256)) = 9
CALLBACK_SUCCESS: constant(bytes32) = keccak256("ERC3156FlashBorrower.onFlashLoan")


@view
@external
def flash_fee(token: address, amount: uint256) -> uint256:
    """
    @notice Fee charged to borrow `amount` of `token`.
    """
    return amount * FEE_BPS // 10000


@view
@external
def max_flash_loan(token: address) -> uint256:
    """
    @notice The most of `token` one loan can borrow.
    """
    return staticcall IERC20(token).balanceOf(self)


@external
def flash_loan(receiver: address, token: address, amount: uint256, data: Bytes[1024]) -> bool:
    """
    @notice Lend `amount` of `token` to `receiver`, call its onFlashLoan, pull back amount + fee.
    """
    assert amount > 0, "flash: zero amount"
    before: uint256 = staticcall IERC20(token).balanceOf(self)
    assert before >= amount, "flash: not enough liquidity"
    fee: uint256 = amount * FEE_BPS // 10000
    assert extcall IERC20(token).transfer(receiver, amount, default_return_value=True), "flash: push failed"
    ret: bytes32 = extcall IFlashBorrower(receiver).onFlashLoan(msg.sender, token, amount, fee, data)
    assert ret == CALLBACK_SUCCESS, "flash: callback failed"
    assert extcall IERC20(token).transferFrom(receiver, self, amount + fee, default_return_value=True), "flash: repay failed"
    assert staticcall IERC20(token).balanceOf(self) >= before + fee, "flash: not repaid"
    log FlashLoan(receiver=receiver, token=token, amount=amount, fee=fee)
    return True
