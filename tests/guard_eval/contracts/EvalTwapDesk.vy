# pragma version 0.4.3
"""@title OTC desk buying ALT for USD at an observation oracle's mean price, less 1% (TWAP victim B)."""
from ethereum.ercs import IERC20

interface Oracle:
    def price() -> uint256: view

oracle: public(address)
usd: public(address)
alt: public(address)
paused: public(bool)
guardian: public(address)


@deploy
def __init__(oracle_: address, usd_: address, alt_: address, guardian_: address):
    self.oracle = oracle_
    self.usd = usd_
    self.alt = alt_
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@external
def sell(alt_in: uint256) -> uint256:
    assert not self.paused
    out: uint256 = alt_in * staticcall Oracle(self.oracle).price() // 10**18 * 99 // 100
    extcall IERC20(self.alt).transferFrom(msg.sender, self, alt_in)
    extcall IERC20(self.usd).transfer(msg.sender, out)
    return out
