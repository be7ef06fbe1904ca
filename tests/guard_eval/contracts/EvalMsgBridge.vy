# pragma version 0.4.3
"""
@title Message bridge whose zero root counts as confirmed (forged-withdrawal victim A)
@notice Messages are released when their proven root is acceptable. The initialiser marked the
        empty root acceptable, and an unproven message's root is empty: any message passes.
"""
from ethereum.ercs import IERC20

event Dispatch:
    nonce: indexed(uint256)
    receiver: address
    amount: uint256

event Process:
    message: indexed(bytes32)
    receiver: address
    amount: uint256

token: public(address)
updater: public(address)
acceptable: public(HashMap[bytes32, bool])
proven: public(HashMap[bytes32, bytes32])
processed: public(HashMap[bytes32, bool])
sent: public(uint256)
paused: public(bool)
guardian: public(address)


@deploy
def __init__(token_: address, updater_: address, guardian_: address):
    self.token = token_
    self.updater = updater_
    self.guardian = guardian_
    self.acceptable[empty(bytes32)] = True  # the bug: "committed root" initialised to zero


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@external
def send(receiver: address, amount: uint256):
    assert not self.paused
    extcall IERC20(self.token).transferFrom(msg.sender, self, amount)
    self.sent += 1
    log Dispatch(nonce=self.sent, receiver=receiver, amount=amount)


@external
def update(root: bytes32):
    assert msg.sender == self.updater
    self.acceptable[root] = True


@external
@pure
def message_hash(receiver: address, amount: uint256, nonce: uint256) -> bytes32:
    return keccak256(concat(convert(receiver, bytes32), convert(amount, bytes32), convert(nonce, bytes32)))


@external
def prove(message: bytes32, root: bytes32):
    assert msg.sender == self.updater
    assert self.acceptable[root]
    self.proven[message] = root


@external
def process(receiver: address, amount: uint256, nonce: uint256):
    assert not self.paused
    h: bytes32 = keccak256(concat(convert(receiver, bytes32), convert(amount, bytes32), convert(nonce, bytes32)))
    assert not self.processed[h]
    assert self.acceptable[self.proven[h]]
    self.processed[h] = True
    extcall IERC20(self.token).transfer(receiver, amount)
    log Process(message=h, receiver=receiver, amount=amount)
