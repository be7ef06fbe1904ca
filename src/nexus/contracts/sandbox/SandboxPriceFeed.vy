# pragma version 0.4.3
"""
@title Sandbox price feed
@notice An IPriceFeed whose price a reporter sets: stands in for the oracle network.
@dev Revert messages are prefixed with "feed:".
"""

from ..interfaces import IPriceFeed

implements: IPriceFeed

event PriceSet:
    price: uint256

reporter: public(address)
price: uint256


@deploy
def __init__(price_: uint256):
    """
    @notice The deployer reports; the feed starts at `price_` (1e18 scale).
    """
    self.reporter = msg.sender
    self.price = price_


@external
def set_price(price_: uint256):
    """
    @notice Report a new price (reporter only).
    """
    assert msg.sender == self.reporter, "feed: not reporter"
    assert price_ > 0, "feed: zero price"
    self.price = price_
    log PriceSet(price=price_)


@view
@external
def latest_price() -> uint256:
    """
    @notice The last reported price.
    """
    return self.price
