# pragma version 0.4.3
"""
@title Sandbox guardian
@notice Circuit breaker: operators (the guard's key) pause protected protocols at once.
@dev Revert messages are prefixed with "guardian:".
"""

from ..interfaces import IPausable

event Tripped:
    target: indexed(address)
    operator: indexed(address)

event OperatorSet:
    operator: indexed(address)
    enabled: bool

owner: public(address)
operators: public(HashMap[address, bool])
protected: public(HashMap[address, bool])


@deploy
def __init__():
    """
    @notice The deployer owns the guardian and is its first operator.
    """
    self.owner = msg.sender
    self.operators[msg.sender] = True


@external
def set_operator(operator: address, enabled: bool):
    """
    @notice Allow or forbid `operator` to pause protected protocols (owner only).
    """
    assert msg.sender == self.owner, "guardian: not owner"
    self.operators[operator] = enabled
    log OperatorSet(operator=operator, enabled=enabled)


@external
def protect(target: address):
    """
    @notice Record `target` as a protocol this guardian may pause (owner only).
    """
    assert msg.sender == self.owner, "guardian: not owner"
    assert staticcall IPausable(target).guardian() == self, "guardian: target does not trust us"
    self.protected[target] = True


@external
def pause(target: address):
    """
    @notice Pause a protected protocol (operators only); a no-op when it is already paused.
    """
    assert self.operators[msg.sender], "guardian: not operator"
    assert self.protected[target], "guardian: not protected"
    if not staticcall IPausable(target).paused():
        extcall IPausable(target).pause()
    log Tripped(target=target, operator=msg.sender)
