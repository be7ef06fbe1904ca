# pragma version 0.4.3
"""
@title Lock-and-release bridge with a broken proof check (slow-drain / unbacked-withdrawal victim A)
@notice `release` should verify a relayer signature over (to, amount, nonce); it only checks that
        a proof is present and that the amount is under the per-release cap.
"""
from ethereum.ercs import IERC20

event Locked:
    sender: indexed(address)
    amount: uint256

event Released:
    receiver: indexed(address)
    amount: uint256
    nonce: uint256

token: public(address)
cap: public(uint256)
used: public(HashMap[uint256, bool])
paused: public(bool)
guardian: public(address)


@deploy
def __init__(token_: address, cap_: uint256, guardian_: address):
    self.token = token_
    self.cap = cap_
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@external
def lock(amount: uint256):
    assert not self.paused
    extcall IERC20(self.token).transferFrom(msg.sender, self, amount)
    log Locked(sender=msg.sender, amount=amount)


@external
def release(to: address, amount: uint256, nonce: uint256, proof: bytes32):
    assert not self.paused
    assert proof != empty(bytes32)
    assert amount <= self.cap
    assert not self.used[nonce]
    self.used[nonce] = True
    extcall IERC20(self.token).transfer(to, amount)
    log Released(receiver=to, amount=amount, nonce=nonce)
