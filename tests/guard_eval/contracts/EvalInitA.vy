# pragma version 0.4.3
"""
@title Treasury with an unguarded initializer (re-initialisation victim A)
"""
from ethereum.ercs import IERC20

event OwnershipTransferred:
    previous: indexed(address)
    new: indexed(address)

owner: public(address)
paused: public(bool)
guardian: public(address)


@deploy
def __init__(guardian_: address):
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@external
def initialize(owner_: address):
    log OwnershipTransferred(previous=self.owner, new=owner_)
    self.owner = owner_


@external
def sweep(token: address, to: address, amount: uint256):
    assert not self.paused
    assert msg.sender == self.owner
    extcall IERC20(token).transfer(to, amount)
