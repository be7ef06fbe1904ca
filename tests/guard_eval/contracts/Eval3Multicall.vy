# pragma version 0.4.3
"""
@title Batching router that forwards arbitrary calls (approval-drain victim C, held-out)
@notice Users approve the router so it can move their tokens in batched actions; `multicall`
        forwards any call data to any target, so anyone can make it call transferFrom(user, ...).
"""

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
def multicall(targets: DynArray[address, 16], datas: DynArray[Bytes[100], 16]):
    assert not self.paused
    for i: uint256 in range(len(targets), bound=16):
        raw_call(targets[i], datas[i])
