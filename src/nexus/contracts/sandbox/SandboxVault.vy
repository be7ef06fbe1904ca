# pragma version 0.4.3
"""
@title Sandbox ether vault (deliberately reentrant)
@notice Holds ether deposits. `withdraw` sends the caller's balance with raw_call BEFORE it
        zeroes the balance and has no @nonreentrant lock: a contract receiving the ether can
        call `withdraw` again and be paid the same balance many times (the DAO pattern).
        Pausable by its guardian.
@dev Revert messages are prefixed with "vault:". The bug is on purpose: it is an attack target.
"""

event Deposit:
    account: indexed(address)
    amount: uint256

event Withdraw:
    account: indexed(address)
    amount: uint256

event Paused:
    by: indexed(address)

balances: public(HashMap[address, uint256])
guardian: public(address)
admin: public(address)
paused: public(bool)


@deploy
def __init__(guardian_: address):
    """
    @notice A vault pausable by `guardian_`.
    """
    self.guardian = guardian_
    self.admin = msg.sender


@external
def pause():
    """
    @notice Stop deposits and withdrawals (guardian only).
    """
    assert msg.sender == self.guardian, "vault: not guardian"
    self.paused = True
    log Paused(by=msg.sender)


@external
def unpause():
    """
    @notice Resume (admin only).
    """
    assert msg.sender == self.admin, "vault: not admin"
    self.paused = False


@payable
@external
def deposit():
    """
    @notice Add the sent ether to the caller's balance.
    """
    assert not self.paused, "vault: paused"
    assert msg.value > 0, "vault: zero deposit"
    self.balances[msg.sender] += msg.value
    log Deposit(account=msg.sender, amount=msg.value)


@external
def withdraw():
    """
    @notice Send the caller its whole balance. VULNERABLE: external call before the state update.
    """
    assert not self.paused, "vault: paused"
    amount: uint256 = self.balances[msg.sender]
    assert amount > 0, "vault: nothing to withdraw"
    raw_call(msg.sender, b"", value=amount)
    self.balances[msg.sender] = 0
    log Withdraw(account=msg.sender, amount=amount)
