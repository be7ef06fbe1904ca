# pragma version 0.4.3
"""
@title Launchpad bonding curve: buy a new token with USD at a price that rises with the supply
       sold, sell it back for USD from the curve's reserve (mint-and-dump victim B).
"""
from ethereum.ercs import IERC20

event Bought:
    buyer: indexed(address)
    usd: uint256
    tokens: uint256

event Sold:
    seller: indexed(address)
    tokens: uint256
    usd: uint256

usd: public(address)
token: public(address)
sold: public(uint256)
paused: public(bool)
guardian: public(address)
BASE: constant(uint256) = 10**17  # 0.1 USD per token at zero sold


@deploy
def __init__(usd_: address, token_: address, guardian_: address):
    self.usd = usd_
    self.token = token_
    self.guardian = guardian_


@external
def pause(target: address):
    assert msg.sender == self.guardian
    self.paused = True


@view
@internal
def _price() -> uint256:
    return BASE + self.sold // 1_000_000


@external
def buy(usd_in: uint256) -> uint256:
    assert not self.paused
    tokens: uint256 = usd_in * 10**18 // self._price()
    extcall IERC20(self.usd).transferFrom(msg.sender, self, usd_in)
    extcall IERC20(self.token).transfer(msg.sender, tokens)
    self.sold += tokens
    log Bought(buyer=msg.sender, usd=usd_in, tokens=tokens)
    return tokens


@external
def sell(tokens: uint256) -> uint256:
    assert not self.paused
    out: uint256 = min(tokens * self._price() // 10**18, staticcall IERC20(self.usd).balanceOf(self))
    extcall IERC20(self.token).transferFrom(msg.sender, self, tokens)
    extcall IERC20(self.usd).transfer(msg.sender, out)
    self.sold -= min(tokens, self.sold)
    log Sold(seller=msg.sender, tokens=tokens, usd=out)
    return out
