# pragma version 0.4.3
"""
@title Token helper users approve once (approval-drain victim A)
@notice `move` is meant for the user's own tokens but takes the source as an argument unchecked.
"""
from ethereum.ercs import IERC20

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
def move(token: address, src: address, dst: address, amount: uint256):
    assert not self.paused
    extcall IERC20(token).transferFrom(src, dst, amount)
