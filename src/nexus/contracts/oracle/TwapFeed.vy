# pragma version 0.4.3
"""
@title Nexus TWAP feed
@notice A price accumulator (the AMM pattern): each `update` records the cumulative
        price-seconds; `consult(window)` returns the time-weighted average over `window` seconds.
@dev Stands in for the sandbox AMM's TWAP; the oracle's OnChainSource reads either.
     Revert messages are prefixed with "twap:".
"""

SLOTS: constant(uint256) = 64

struct Point:
    timestamp: uint256
    cumulative: uint256

owner: public(address)
price: public(uint256)
last_update: public(uint256)
cumulative: public(uint256)
points: public(Point[SLOTS])
count: public(uint256)


@deploy
def __init__(initial_price: uint256):
    """
    @notice Start at `initial_price` (scaled 1e18).
    """
    self.owner = msg.sender
    self.price = initial_price
    self.last_update = block.timestamp
    self.points[0] = Point(timestamp=block.timestamp, cumulative=0)
    self.count = 1


@external
def update(new_price: uint256):
    """
    @notice Accumulate the old price over the time since the last update, then set `new_price`.
    """
    assert msg.sender == self.owner, "twap: not owner"
    self.cumulative += self.price * (block.timestamp - self.last_update)
    self.last_update = block.timestamp
    self.price = new_price
    self.points[self.count % SLOTS] = Point(timestamp=block.timestamp, cumulative=self.cumulative)
    self.count += 1


@view
@external
def consult(window: uint256) -> uint256:
    """
    @notice Time-weighted average price over the last `window` seconds (scaled 1e18).
    """
    assert window > 0, "twap: empty window"
    now_cum: uint256 = self.cumulative + self.price * (block.timestamp - self.last_update)
    target: uint256 = block.timestamp - window
    n: uint256 = min(self.count, SLOTS)
    for k: uint256 in range(SLOTS):
        if k >= n:
            break
        p: Point = self.points[(self.count - 1 - k) % SLOTS]
        if p.timestamp <= target:
            # between p and the next point the price was constant: interpolate back to `target`
            nxt: uint256 = (self.count - k) % SLOTS
            seg_price: uint256 = self.price
            if k > 0:
                q: Point = self.points[nxt]
                seg_price = (q.cumulative - p.cumulative) // max(q.timestamp - p.timestamp, 1)
            at_target: uint256 = p.cumulative + seg_price * (target - p.timestamp)
            return (now_cum - at_target) // window
    raise "twap: window too long"
