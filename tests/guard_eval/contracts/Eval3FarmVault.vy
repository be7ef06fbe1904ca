# pragma version 0.4.3
"""
@title Yield vault whose assets sit in a strategy (share-inflation victim C, held-out)
@notice Not ERC-4626: its own Staked/Unstaked events and an ERC-20 share token. The share price is
        the strategy's balance over the share supply, so a donation to the strategy (not to the
        vault) inflates it and later depositors round down to nothing.
"""
from ethereum.ercs import IERC20

interface Farm:
    def pull(to: address, amount: uint256): nonpayable

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Staked:
    user: indexed(address)
    assets: uint256
    shares: uint256

event Unstaked:
    user: indexed(address)
    assets: uint256
    shares: uint256

asset: public(address)
farm: public(address)
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
paused: public(bool)
guardian: public(address)


@deploy
def __init__(asset_: address, farm_: address, guardian_: address):
    self.asset = asset_
    self.farm = farm_
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@view
@internal
def _total() -> uint256:
    return staticcall IERC20(self.asset).balanceOf(self.farm)


@external
def stake(assets: uint256):
    assert not self.paused
    shares: uint256 = assets
    if self.totalSupply > 0:
        shares = assets * self.totalSupply // self._total()
    extcall IERC20(self.asset).transferFrom(msg.sender, self.farm, assets)
    self.totalSupply += shares
    self.balanceOf[msg.sender] += shares
    log Transfer(sender=empty(address), receiver=msg.sender, value=shares)
    log Staked(user=msg.sender, assets=assets, shares=shares)


@external
def unstake(shares: uint256):
    assert not self.paused
    assets: uint256 = shares * self._total() // self.totalSupply
    self.balanceOf[msg.sender] -= shares
    self.totalSupply -= shares
    log Transfer(sender=msg.sender, receiver=empty(address), value=shares)
    extcall Farm(self.farm).pull(msg.sender, assets)
    log Unstaked(user=msg.sender, assets=assets, shares=shares)
