# pragma version 0.4.3
"""
@title Staking pool with ERC-4626-shaped events whose accounting follows a stored total that anyone
       can `sync` to the balance (share-inflation victim B: donate, sync, round the next staker down)
"""
from ethereum.ercs import IERC20

event Deposit:
    sender: indexed(address)
    owner: indexed(address)
    assets: uint256
    shares: uint256

event Withdraw:
    sender: indexed(address)
    receiver: indexed(address)
    owner: indexed(address)
    assets: uint256
    shares: uint256

asset: public(address)
stored: public(uint256)
supply: public(uint256)
stake_of: public(HashMap[address, uint256])
paused: public(bool)
guardian: public(address)


@deploy
def __init__(asset_: address, guardian_: address):
    self.asset = asset_
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@external
def sync():
    self.stored = staticcall IERC20(self.asset).balanceOf(self)


@external
def stake(amount: uint256):
    assert not self.paused
    minted: uint256 = amount if self.supply == 0 else amount * self.supply // self.stored
    extcall IERC20(self.asset).transferFrom(msg.sender, self, amount)
    self.stored += amount
    self.supply += minted
    self.stake_of[msg.sender] += minted
    log Deposit(sender=msg.sender, owner=msg.sender, assets=amount, shares=minted)


@external
def unstake(shares: uint256):
    assert not self.paused
    out: uint256 = shares * self.stored // self.supply
    self.stake_of[msg.sender] -= shares
    self.supply -= shares
    self.stored -= out
    extcall IERC20(self.asset).transfer(msg.sender, out)
    log Withdraw(sender=msg.sender, receiver=msg.sender, owner=msg.sender, assets=out, shares=shares)
