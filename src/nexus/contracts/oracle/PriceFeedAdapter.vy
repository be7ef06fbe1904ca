# pragma version 0.4.3
"""
@title Nexus oracle price adapter
@notice Serves an oracle feed through the sandbox's IPriceFeed (`latest_price`, scaled 1e18),
        refusing stale rounds, non-positive answers and bands wider than `max_band_bps`.
@dev Point the sandbox lending pool's price feed at this contract to switch it from AMM spot to
     the oracle network. Revert messages are prefixed with "adapter:".
"""

from ..interfaces import IOracleFeed
from ..interfaces import IPriceFeed

implements: IPriceFeed

FEED: public(immutable(address))
MAX_STALENESS: public(immutable(uint256))
MAX_BAND_BPS: public(immutable(uint256))
SCALE: immutable(uint256)


@deploy
def __init__(feed: address, max_staleness: uint256, max_band_bps: uint256):
    """
    @notice Adapt `feed`; reads fail when its round is older than `max_staleness` seconds.
    """
    FEED = feed
    MAX_STALENESS = max_staleness
    MAX_BAND_BPS = max_band_bps
    d: uint8 = staticcall IOracleFeed(feed).decimals()
    assert d <= 18, "adapter: too many decimals"
    SCALE = 10 ** (18 - convert(d, uint256))


@view
@external
def latest_price() -> uint256:
    """
    @notice The latest answer scaled to 1e18, if fresh, positive and agreed on.
    """
    rid: uint256 = 0
    answer: int256 = 0
    low: int256 = 0
    high: int256 = 0
    at: uint256 = 0
    rid, answer, low, high, at = staticcall IOracleFeed(FEED).latestBand()
    assert block.timestamp <= at + MAX_STALENESS, "adapter: stale price"
    assert answer > 0, "adapter: bad price"
    assert convert(high - low, uint256) * 10000 <= convert(answer, uint256) * MAX_BAND_BPS, "adapter: sources disagree"
    return convert(answer, uint256) * SCALE
