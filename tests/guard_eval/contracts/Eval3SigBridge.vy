# pragma version 0.4.3
"""
@title Signed-message bridge whose signer was never set (forged-withdrawal victim C, held-out)
@notice `withdraw` checks ecrecover(...) == signer; the signer is unset (the zero address) and an
        invalid signature recovers to the zero address, so any garbage signature passes.
"""
from ethereum.ercs import IERC20

event Deposited:
    sender: indexed(address)
    amount: uint256
    nonce: uint256

event Withdrawn:
    receiver: indexed(address)
    amount: uint256
    nonce: uint256

token: public(address)
signer: public(address)
done: public(HashMap[uint256, bool])
sent: public(uint256)
paused: public(bool)
guardian: public(address)


@deploy
def __init__(token_: address, guardian_: address):
    self.token = token_
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@external
def deposit(amount: uint256):
    assert not self.paused
    extcall IERC20(self.token).transferFrom(msg.sender, self, amount)
    self.sent += 1
    log Deposited(sender=msg.sender, amount=amount, nonce=self.sent)


@external
def withdraw(to: address, amount: uint256, nonce: uint256, v: uint256, r: bytes32, s: bytes32):
    assert not self.paused
    assert not self.done[nonce]
    digest: bytes32 = keccak256(concat(convert(to, bytes32), convert(amount, bytes32), convert(nonce, bytes32)))
    assert ecrecover(digest, v, r, s) == self.signer
    self.done[nonce] = True
    extcall IERC20(self.token).transfer(to, amount)
    log Withdrawn(receiver=to, amount=amount, nonce=nonce)
