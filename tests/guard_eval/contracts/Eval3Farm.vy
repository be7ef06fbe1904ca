# pragma version 0.4.3
"""@title Strategy that holds a vault's assets; only its vault can pull them (share-inflation victim C)."""
from ethereum.ercs import IERC20

token: public(address)
vault: public(address)


@deploy
def __init__(token_: address):
    self.token = token_


@external
def bind(vault_: address):
    assert self.vault == empty(address)
    self.vault = vault_


@external
def pull(to: address, amount: uint256):
    assert msg.sender == self.vault
    extcall IERC20(self.token).transfer(to, amount)
