# pragma version 0.4.3
"""
@title Sandbox rewards distributor (one unprotected admin function)
@notice Pays a fixed reward per claim from a token balance it holds; the owner can sweep the
        balance. `set_owner` is MISSING its access check, so anyone can make themselves owner
        and sweep (the unprotected-function class). Pausable by its guardian.
@dev Revert messages are prefixed with "rewards:". The bug is on purpose: it is an attack target.
"""

from ethereum.ercs import IERC20

event OwnershipTransferred:
    previous: indexed(address)
    owner: indexed(address)

event Claimed:
    account: indexed(address)
    amount: uint256

event Swept:
    to: indexed(address)
    amount: uint256

event Paused:
    by: indexed(address)

token: public(address)
owner: public(address)
reward: public(uint256)
last_claim: public(HashMap[address, uint256])
guardian: public(address)
paused: public(bool)


@deploy
def __init__(token_: address, reward_: uint256, guardian_: address):
    """
    @notice Pays `reward_` of `token_` per claim; pausable by `guardian_`.
    """
    self.token = token_
    self.reward = reward_
    self.guardian = guardian_
    self.owner = msg.sender
    log OwnershipTransferred(previous=empty(address), owner=msg.sender)


@external
def pause():
    """
    @notice Stop claims and sweeps (guardian only).
    """
    assert msg.sender == self.guardian, "rewards: not guardian"
    self.paused = True
    log Paused(by=msg.sender)


@external
def unpause():
    """
    @notice Resume (owner only).
    """
    assert msg.sender == self.owner, "rewards: not owner"
    self.paused = False


@external
def set_owner(new_owner: address):
    """
    @notice Hand the distributor to `new_owner`. VULNERABLE: anyone may call it.
    """
    log OwnershipTransferred(previous=self.owner, owner=new_owner)
    self.owner = new_owner


@external
def claim():
    """
    @notice Claim the fixed reward, at most once every 10 blocks per account.
    """
    assert not self.paused, "rewards: paused"
    assert block.number >= self.last_claim[msg.sender] + 10, "rewards: too soon"
    self.last_claim[msg.sender] = block.number
    assert extcall IERC20(self.token).transfer(msg.sender, self.reward, default_return_value=True), "rewards: push failed"
    log Claimed(account=msg.sender, amount=self.reward)


@external
def sweep(to: address, amount: uint256):
    """
    @notice Move `amount` of the reward token to `to` (owner only).
    """
    assert not self.paused, "rewards: paused"
    assert msg.sender == self.owner, "rewards: not owner"
    assert extcall IERC20(self.token).transfer(to, amount, default_return_value=True), "rewards: push failed"
    log Swept(to=to, amount=amount)
