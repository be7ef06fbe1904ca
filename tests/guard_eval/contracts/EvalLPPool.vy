# pragma version 0.4.3
"""
@title Ether/LP pool whose `exit` burns the shares, pays, and only then books the payment, so
       `price()` (stored ether per share) reads high during the payment callback (read-only re-entrancy source)
"""

supply: public(uint256)
stored: public(uint256)
shares_of: public(HashMap[address, uint256])


@external
@payable
def join():
    minted: uint256 = msg.value if self.supply == 0 else msg.value * self.supply // self.stored
    self.stored += msg.value
    self.supply += minted
    self.shares_of[msg.sender] += minted


@view
@external
def price() -> uint256:
    return self.stored * 10**18 // self.supply


@external
def exit(shares: uint256):
    out: uint256 = shares * self.stored // self.supply
    self.shares_of[msg.sender] -= shares
    self.supply -= shares
    raw_call(msg.sender, b"", value=out)
    self.stored -= out
