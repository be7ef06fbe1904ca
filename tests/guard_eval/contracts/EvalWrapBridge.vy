# pragma version 0.4.3
"""
@title Wrapped-token bridge side: mints wUSD for deposits a verifier confirms (forged-withdrawal victim B)
@notice `complete` asks the verifier passed by the caller, not the configured one, whether the
        deposit was seen: a verifier the caller deployed confirms anything. Burning wUSD asks the
        relayer to release USD from the escrow on the home side.
"""

interface Verifier:
    def verified(deposit_id: uint256) -> bool: view

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Burned:
    owner: indexed(address)
    home: address
    amount: uint256

totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
verifier: public(address)
done: public(HashMap[uint256, bool])
paused: public(bool)
guardian: public(address)


@deploy
def __init__(verifier_: address, guardian_: address):
    self.verifier = verifier_
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@external
def complete(receiver: address, amount: uint256, deposit_id: uint256, verifier_: address):
    assert not self.paused
    assert verifier_ != empty(address)  # the bug: should be verifier_ == self.verifier
    assert not self.done[deposit_id]
    assert staticcall Verifier(verifier_).verified(deposit_id)
    self.done[deposit_id] = True
    self.totalSupply += amount
    self.balanceOf[receiver] += amount
    log Transfer(sender=empty(address), receiver=receiver, value=amount)


@external
def transfer(to: address, amount: uint256) -> bool:
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[to] += amount
    log Transfer(sender=msg.sender, receiver=to, value=amount)
    return True


@external
def burn(amount: uint256, home: address):
    assert not self.paused
    self.balanceOf[msg.sender] -= amount
    self.totalSupply -= amount
    log Transfer(sender=msg.sender, receiver=empty(address), value=amount)
    log Burned(owner=msg.sender, home=home, amount=amount)
