# pragma version 0.4.3
"""@title Guardian: its operator pauses watched contracts (each trusts this guardian)."""

interface Pausable:
    def pause(target: address): nonpayable

operator: public(address)


@deploy
def __init__(operator_: address):
    self.operator = operator_


@external
def pause(target: address):
    assert msg.sender == self.operator
    extcall Pausable(target).pause(target)
