# pragma version 0.4.3
"""
@title Nexus dev dollar (NXD)
@notice A minimal 18-decimal ERC-20 used as market collateral on dev and test chains. Anyone may
        mint: it is a faucet token for sandboxes and must never back value on a real network.
@dev An allowance of max_value(uint256) is never decreased (saves a storage write per trade).
     Revert messages are prefixed with "token:".
"""

from ethereum.ercs import IERC20

implements: IERC20

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

name: public(constant(String[32])) = "Nexus Dev Dollar"
symbol: public(constant(String[8])) = "NXD"
decimals: public(constant(uint8)) = 18

balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
totalSupply: public(uint256)


@deploy
def __init__():
    """
    @notice No initial supply; use mint.
    """
    pass


@internal
def _transfer(sender: address, receiver: address, amount: uint256):
    assert receiver != empty(address), "token: transfer to zero address"
    bal: uint256 = self.balanceOf[sender]
    assert bal >= amount, "token: insufficient balance"
    self.balanceOf[sender] = bal - amount
    self.balanceOf[receiver] += amount
    log Transfer(sender=sender, receiver=receiver, value=amount)


@external
def transfer(receiver: address, amount: uint256) -> bool:
    """
    @notice Send `amount` to `receiver`.
    """
    self._transfer(msg.sender, receiver, amount)
    return True


@external
def transferFrom(sender: address, receiver: address, amount: uint256) -> bool:
    """
    @notice Send `amount` from `sender` to `receiver` against the caller's allowance.
    """
    allowed: uint256 = self.allowance[sender][msg.sender]
    if allowed != max_value(uint256):
        assert allowed >= amount, "token: insufficient allowance"
        self.allowance[sender][msg.sender] = allowed - amount
    self._transfer(sender, receiver, amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    """
    @notice Let `spender` move up to `amount` of the caller's tokens.
    """
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True


@external
def mint(receiver: address, amount: uint256):
    """
    @notice Faucet: create `amount` new tokens for `receiver` (dev chains only).
    """
    assert receiver != empty(address), "token: mint to zero address"
    self.totalSupply += amount
    self.balanceOf[receiver] += amount
    log Transfer(sender=empty(address), receiver=receiver, value=amount)
