# pragma version 0.4.3
"""
@title Ether bank whose withdraw pays before it zeroes the balance; `move` shares that balance
       (cross-function re-entrancy victim: re-enter `move` from the payment callback)
"""

balance_of: public(HashMap[address, uint256])
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
@payable
def deposit():
    assert not self.paused
    self.balance_of[msg.sender] += msg.value


@external
def move(to: address, amount: uint256):
    assert not self.paused
    self.balance_of[msg.sender] -= amount
    self.balance_of[to] += amount


@external
def withdraw():
    assert not self.paused
    amount: uint256 = self.balance_of[msg.sender]
    raw_call(msg.sender, b"", value=amount)
    self.balance_of[msg.sender] = 0
