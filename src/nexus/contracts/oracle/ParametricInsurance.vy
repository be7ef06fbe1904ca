# pragma version 0.4.3
"""
@title Nexus parametric insurance
@notice Policies per region pay out automatically when the region's oracle feed (an AI-assessed
        severity index) says the policy threshold was crossed, with the whole trusted band above
        it, the band narrow enough (the nodes agree) and the round fresh.
@dev Anyone may call `trigger(region)`; it pays every due policy of the region. When sources or
     nodes disagree (band wider than `max_band`), nothing is paid: the claim must go through the
     optimistic oracle instead. Revert messages are prefixed with "insurance:".
"""

from ..interfaces import IOracleFeed

MAX_POLICIES: constant(uint256) = 64

struct Policy:
    holder: address
    region: bytes32
    threshold: int256
    payout: uint256
    expires: uint256
    paid: bool

event RegionSet:
    region: indexed(bytes32)
    feed: address
    max_band: int256
    max_staleness: uint256

event PolicyBought:
    policy_id: indexed(uint256)
    holder: indexed(address)
    region: indexed(bytes32)
    threshold: int256
    payout: uint256

event PolicyPaid:
    policy_id: indexed(uint256)
    holder: indexed(address)
    round_id: uint256
    severity: int256
    payout: uint256

event TriggerSkipped:
    region: indexed(bytes32)
    round_id: uint256
    reason: String[32]

owner: public(address)
feeds: public(HashMap[bytes32, address])
max_band: public(HashMap[bytes32, int256])
max_staleness: public(HashMap[bytes32, uint256])
premium_bps: public(uint256)
policies: public(HashMap[uint256, Policy])
region_policies: HashMap[bytes32, DynArray[uint256, MAX_POLICIES]]
policy_count: public(uint256)
reserved: public(uint256)


@deploy
@payable
def __init__(premium_bps: uint256):
    """
    @notice The deployer owns the pool; `msg.value` seeds its capital.
    @param premium_bps Premium as a share of the payout, in basis points.
    """
    self.owner = msg.sender
    self.premium_bps = premium_bps


@external
@payable
def fund():
    """
    @notice Add capital to the pool.
    """
    pass


@external
def set_region(region: bytes32, feed: address, max_band: int256, max_staleness: uint256):
    """
    @notice Attach `region` to an oracle feed and set how much disagreement and age it tolerates.
    """
    assert msg.sender == self.owner, "insurance: not owner"
    assert feed != empty(address) and max_band >= 0, "insurance: bad region"
    self.feeds[region] = feed
    self.max_band[region] = max_band
    self.max_staleness[region] = max_staleness
    log RegionSet(region=region, feed=feed, max_band=max_band, max_staleness=max_staleness)


@external
@payable
def buy(region: bytes32, threshold: int256, payout: uint256, duration: uint256) -> uint256:
    """
    @notice Insure `payout` wei against the region's severity reaching `threshold`.
    @dev The premium is payout * premium_bps / 10000; the pool must cover every open payout. No
         policy is sold while the latest fresh round's band reaches the threshold.
    """
    assert self.feeds[region] != empty(address), "insurance: unknown region"
    assert payout > 0 and duration > 0, "insurance: empty policy"
    assert msg.value >= payout * self.premium_bps // 10000, "insurance: premium too low"
    assert len(self.region_policies[region]) < MAX_POLICIES, "insurance: region full"
    assert self.balance >= self.reserved + payout, "insurance: pool cannot cover it"
    feed: address = self.feeds[region]
    if staticcall IOracleFeed(feed).latestRound() > 0:  # no cover for an event already under way
        rid: uint256 = 0
        answer: int256 = 0
        low: int256 = 0
        high: int256 = 0
        at: uint256 = 0
        rid, answer, low, high, at = staticcall IOracleFeed(feed).latestBand()
        assert block.timestamp > at + self.max_staleness[region] or high < threshold, \
            "insurance: trigger already crossed"
    pid: uint256 = self.policy_count + 1
    self.policy_count = pid
    self.policies[pid] = Policy(holder=msg.sender, region=region, threshold=threshold,
                                payout=payout, expires=block.timestamp + duration, paid=False)
    self.region_policies[region].append(pid)
    self.reserved += payout
    log PolicyBought(policy_id=pid, holder=msg.sender, region=region, threshold=threshold, payout=payout)
    return pid


@external
@nonreentrant
def trigger(region: bytes32) -> uint256:
    """
    @notice Pay every open policy of `region` whose threshold the latest round crossed with its
            whole band; returns how many were paid.
    """
    feed: address = self.feeds[region]
    assert feed != empty(address), "insurance: unknown region"
    rid: uint256 = 0
    answer: int256 = 0
    low: int256 = 0
    high: int256 = 0
    at: uint256 = 0
    rid, answer, low, high, at = staticcall IOracleFeed(feed).latestBand()
    if block.timestamp > at + self.max_staleness[region]:
        log TriggerSkipped(region=region, round_id=rid, reason="stale round")
        return 0
    if high - low > self.max_band[region]:
        log TriggerSkipped(region=region, round_id=rid, reason="sources disagree")
        return 0
    paid: uint256 = 0
    for pid: uint256 in self.region_policies[region]:
        p: Policy = self.policies[pid]
        if p.paid or block.timestamp > p.expires or at > p.expires or low < p.threshold:
            continue
        self.policies[pid].paid = True
        self.reserved -= p.payout
        paid += 1
        log PolicyPaid(policy_id=pid, holder=p.holder, round_id=rid, severity=answer, payout=p.payout)
        send(p.holder, p.payout)
    return paid


@view
@external
def policies_of(region: bytes32) -> DynArray[uint256, MAX_POLICIES]:
    """
    @notice Policy ids of a region.
    """
    return self.region_policies[region]
