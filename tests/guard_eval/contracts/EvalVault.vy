# pragma version 0.4.3
"""
@title ERC-4626-shaped vault (Deposit/Withdraw events), with two deliberate flaws behind switches
@notice flaw 1 (`small_free`): withdrawals up to `small` skip the share check (slow-drain victim B);
        a correct vault is deployed with small = 0.
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
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
small: public(uint256)
paused: public(bool)
guardian: public(address)


@deploy
def __init__(asset_: address, small_: uint256, guardian_: address):
    self.asset = asset_
    self.small = small_
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@view
@internal
def _total() -> uint256:
    return staticcall IERC20(self.asset).balanceOf(self)


@external
def deposit(assets: uint256, receiver: address) -> uint256:
    assert not self.paused
    shares: uint256 = assets
    if self.totalSupply > 0:
        shares = assets * self.totalSupply // self._total()
    extcall IERC20(self.asset).transferFrom(msg.sender, self, assets)
    self.totalSupply += shares
    self.balanceOf[receiver] += shares
    log Deposit(sender=msg.sender, owner=receiver, assets=assets, shares=shares)
    return shares


@external
def redeem(shares: uint256, receiver: address, owner: address) -> uint256:
    assert not self.paused
    assets: uint256 = shares * self._total() // self.totalSupply
    if assets > self.small:
        assert msg.sender == owner
        self.balanceOf[owner] -= shares
        self.totalSupply -= shares
    extcall IERC20(self.asset).transfer(receiver, assets)
    log Withdraw(sender=msg.sender, receiver=receiver, owner=owner, assets=assets, shares=shares)
    return assets
