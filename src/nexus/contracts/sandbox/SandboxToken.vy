# pragma version 0.4.3
"""
@title Sandbox ERC-20 token
@notice A plain ERC-20 with a minter, used as the assets of the DeFi sandbox.
@dev Revert messages are prefixed with "token:".
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

name: public(String[32])
symbol: public(String[8])
decimals: public(constant(uint8)) = 18
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
minter: public(address)


@deploy
def __init__(name_: String[32], symbol_: String[8]):
    """
    @notice The deployer becomes the minter.
    """
    self.name = name_
    self.symbol = symbol_
    self.minter = msg.sender


@external
def mint(to: address, amount: uint256):
    """
    @notice Create `amount` tokens for `to` (minter only).
    """
    assert msg.sender == self.minter, "token: not minter"
    self.totalSupply += amount
    self.balanceOf[to] += amount
    log Transfer(sender=empty(address), receiver=to, value=amount)


@internal
def _transfer(sender: address, receiver: address, amount: uint256):
    assert receiver != empty(address), "token: zero receiver"
    assert self.balanceOf[sender] >= amount, "token: balance too low"
    self.balanceOf[sender] -= amount
    self.balanceOf[receiver] += amount
    log Transfer(sender=sender, receiver=receiver, value=amount)


@external
def transfer(receiver: address, amount: uint256) -> bool:
    """
    @notice Move `amount` of the caller's tokens to `receiver`.
    """
    self._transfer(msg.sender, receiver, amount)
    return True


@external
def transferFrom(sender: address, receiver: address, amount: uint256) -> bool:
    """
    @notice Move `amount` from `sender` to `receiver` using the caller's allowance.
    """
    allowed: uint256 = self.allowance[sender][msg.sender]
    if allowed != max_value(uint256):
        assert allowed >= amount, "token: allowance too low"
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
