# pragma version 0.4.3
"""
@title Versioned treasury whose reinitializer is open (re-initialisation victim C, held-out)
@notice `reinitialize(version, admin)` is meant for upgrades and only checks that the version
        grows, not who calls it; it sets a new admin, who can then sweep the treasury.
"""
from ethereum.ercs import IERC20

event Initialized:
    version: uint64

admin: public(address)
version: public(uint64)
paused: public(bool)
guardian: public(address)


@deploy
def __init__(admin_: address, guardian_: address):
    self.admin = admin_
    self.version = 1
    self.guardian = guardian_
    log Initialized(version=1)


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@external
def reinitialize(version_: uint64, admin_: address):
    assert version_ > self.version
    self.version = version_
    self.admin = admin_
    log Initialized(version=version_)


@external
def payout(token: address, to: address, amount: uint256):
    assert not self.paused
    assert msg.sender == self.admin
    extcall IERC20(token).transfer(to, amount)
