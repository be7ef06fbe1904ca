# pragma version 0.4.3
"""
@title Batch "zap into a pair for many users" (approval-drain victim B)
@notice Meant for a keeper acting on signed orders; the order check was left out, so anyone
        can pull any approver's tokens and send the swap output anywhere.
"""
from ethereum.ercs import IERC20

interface Pair:
    def swap(zero_in: bool, amount_in: uint256, to: address) -> uint256: nonpayable

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
def zap(token: address, users: DynArray[address, 16], amounts: DynArray[uint256, 16], pair: address,
        zero_in: bool, to: address):
    assert not self.paused
    total: uint256 = 0
    for i: uint256 in range(len(users), bound=16):
        extcall IERC20(token).transferFrom(users[i], self, amounts[i])
        total += amounts[i]
    extcall IERC20(token).approve(pair, total)
    extcall Pair(pair).swap(zero_in, total, to)
