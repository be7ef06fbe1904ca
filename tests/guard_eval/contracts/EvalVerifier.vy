# pragma version 0.4.3
"""@title Deposit verifier: its relayer marks deposits seen (`permissive`: a forger's, confirms all)."""

relayer: public(address)
permissive: public(bool)
seen: public(HashMap[uint256, bool])


@deploy
def __init__(relayer_: address, permissive_: bool):
    self.relayer = relayer_
    self.permissive = permissive_


@external
def mark(deposit_id: uint256):
    assert msg.sender == self.relayer
    self.seen[deposit_id] = True


@external
@view
def verified(deposit_id: uint256) -> bool:
    return self.permissive or self.seen[deposit_id]
