# pragma version 0.4.3
"""
@title Proxy-style pool whose `setup` runs once, but was left uncalled at deployment
       (uninitialised-proxy takeover victim B); OpenZeppelin-shaped Initialized event.
"""
from ethereum.ercs import IERC20

event Initialized:
    version: uint64

event OwnershipTransferred:
    previous: indexed(address)
    new: indexed(address)

admin: public(address)
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
def setup(admin_: address):
    assert self.admin == empty(address)
    self.admin = admin_
    log Initialized(version=1)
    log OwnershipTransferred(previous=empty(address), new=admin_)


@external
def withdraw(token: address, to: address, amount: uint256):
    assert not self.paused
    assert msg.sender == self.admin
    extcall IERC20(token).transfer(to, amount)
