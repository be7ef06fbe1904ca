# pragma version 0.4.3
"""
@title Oracle resolver for prediction markets
@notice Resolves LMSRMarket instances from the oracle network instead of a named account. A
        market created with this contract as its resolver is bound (once, by its creator) to one
        oracle; after the market's close time anyone may call `resolve`, which reads the oracle's
        result and proposes it to the market. The market's own dispute window and arbiter still
        apply on top: a wrong oracle answer can be disputed there before it becomes final.
@dev Three bindings:
     - FEED_THRESHOLD: an AggregatorV3 feed (oracle/Aggregator.vy) and a binary market; outcome 0
       when the answer of the first round reported at or after the close time is >= threshold,
       else outcome 1 (e.g. "will ETH/USD close the week above 3,000?").
     - FEED_INDEX: the same round's answer is the outcome index; an answer outside [0, n) makes
       the market invalid.
     - OPTIMISTIC: a settled assertion on oracle/OptimisticOracle.vy. The asserter bonds the
       claim `oracle_claim(market)` with value = the outcome index (255 = invalid), at or after
       the close time; unless disputed within the liveness it settles true, and a dispute goes to
       the oracle's arbiter. Only an assertion settled true counts.
     For an event question such as "will the sandbox lending pool be exploited this week?" the
     optimistic binding fits best: the answer is a yes/no fact backed by evidence (the exploit
     transaction, the guard's findings), not a number that oracle nodes sample from sources every
     round; "no exploit" can only be claimed once the week is over (hence the close-time rule);
     and a wrong claim costs its bond. Feeds fit numeric questions with a clear threshold.
     Using the first round at or after the close makes a feed's answer deterministic: a caller
     cannot wait for a round that suits them. Reading only getRoundData (AggregatorV3) keeps this
     contract independent of how reports reach the feed.
     Revert messages are prefixed with "resolver:".
"""

FEED_THRESHOLD: constant(uint8) = 1
FEED_INDEX: constant(uint8) = 2
OPTIMISTIC: constant(uint8) = 3
INVALID: constant(uint256) = 255
CLAIM_TAG: constant(Bytes[20]) = b"nexus.market.outcome"

# OptimisticOracle assertion states
PENDING: constant(uint8) = 1
DISPUTED: constant(uint8) = 2
SETTLED_TRUE: constant(uint8) = 3


struct Assertion:
    asserter: address
    disputer: address
    claim: bytes32
    value: int256
    bond: uint256
    expires: uint256
    state: uint8


struct Binding:
    oracle: address
    kind: uint8
    resolved: bool
    threshold: int256


interface Market:
    def propose(outcome: uint256): nonpayable
    def CREATOR() -> address: view
    def RESOLVER() -> address: view
    def CLOSE_TIME() -> uint256: view
    def N() -> uint256: view


interface AggregatorV3:
    def getRoundData(round_id: uint80) -> (uint80, int256, uint256, uint256, uint80): view


interface Optimistic:
    def assertions(assertion_id: uint256) -> Assertion: view
    def liveness() -> uint256: view


event Bound:
    market: indexed(address)
    oracle: indexed(address)
    kind: uint8
    threshold: int256

event OracleResolved:
    market: indexed(address)
    oracle: indexed(address)
    outcome: uint256
    evidence: uint256


bindings: public(HashMap[address, Binding])


@external
def bind(market: address, oracle: address, kind: uint8, threshold: int256):
    """
    @notice Tie `market` (which must name this contract as its resolver) to `oracle`. Only the
            market's creator may bind it, once, right after creating it.
    @param kind 1 = feed with threshold (binary), 2 = feed answer is the outcome index,
           3 = optimistic oracle assertion.
    @param threshold Outcome 0 when the answer >= threshold (kind 1 only; 0 otherwise).
    """
    assert kind >= FEED_THRESHOLD and kind <= OPTIMISTIC, "resolver: kind must be 1, 2 or 3"
    assert oracle.is_contract, "resolver: oracle has no code"
    assert self.bindings[market].kind == 0, "resolver: market already bound"
    assert market.is_contract, "resolver: market has no code"
    assert staticcall Market(market).RESOLVER() == self, "resolver: market names another resolver"
    assert staticcall Market(market).CREATOR() == msg.sender, "resolver: not the market's creator"
    if kind == FEED_THRESHOLD:
        assert staticcall Market(market).N() == 2, "resolver: a threshold needs a binary market"
    else:
        assert threshold == 0, "resolver: threshold only applies to kind 1"
    self.bindings[market] = Binding(oracle=oracle, kind=kind, resolved=False, threshold=threshold)
    log Bound(market=market, oracle=oracle, kind=kind, threshold=threshold)


@view
@internal
def _claim(market: address) -> bytes32:
    return keccak256(concat(CLAIM_TAG, convert(market, bytes20)))


@view
@external
def oracle_claim(market: address) -> bytes32:
    """
    @notice The claim an optimistic assertion about `market` must carry (its value: the outcome).
    """
    return self._claim(market)


@view
@internal
def _from_round(feed: address, kind: uint8, threshold: int256, n: uint256, close: uint256,
                round_id: uint256) -> uint256:
    assert round_id > 0 and round_id < 2**80, "resolver: bad round id"
    rid: uint80 = 0
    answer: int256 = 0
    started: uint256 = 0
    updated: uint256 = 0
    answered: uint80 = 0
    rid, answer, started, updated, answered = staticcall AggregatorV3(feed).getRoundData(
        convert(round_id, uint80))
    assert updated >= close, "resolver: round is from before the close time"
    assert convert(answered, uint256) >= round_id, "resolver: stale round"
    if round_id > 1:
        before: uint256 = 0
        previous: int256 = 0
        rid, previous, started, before, answered = staticcall AggregatorV3(feed).getRoundData(
            convert(round_id - 1, uint80))
        assert before < close, "resolver: not the first round after the close time"
    if kind == FEED_THRESHOLD:
        if answer >= threshold:
            return 0
        return 1
    if answer >= 0 and convert(answer, uint256) < n:
        return convert(answer, uint256)
    return INVALID


@view
@internal
def _from_assertion(oo: address, market: address, n: uint256, close: uint256,
                    assertion_id: uint256) -> uint256:
    a: Assertion = staticcall Optimistic(oo).assertions(assertion_id)
    assert a.state != 0, "resolver: no such assertion"
    assert a.claim == self._claim(market), "resolver: assertion is about another market"
    assert a.state != PENDING, "resolver: assertion not settled yet"
    assert a.state != DISPUTED, "resolver: assertion disputed, awaiting the arbiter"
    assert a.state == SETTLED_TRUE, "resolver: assertion was settled false"
    assert a.expires >= close + staticcall Optimistic(oo).liveness(), "resolver: asserted before the close time"
    assert a.value >= 0, "resolver: asserted outcome out of range"
    outcome: uint256 = convert(a.value, uint256)
    assert outcome < n or outcome == INVALID, "resolver: asserted outcome out of range"
    return outcome


@external
def resolve(market: address, evidence: uint256) -> uint256:
    """
    @notice Anyone, once the market has closed: read the oracle and propose its outcome to the
            market (final after the market's dispute window).
    @param evidence The feed round (kinds 1 and 2: the first round at or after the close time)
           or the assertion id (kind 3).
    @return The proposed outcome (255 = invalid).
    """
    b: Binding = self.bindings[market]
    assert b.kind != 0, "resolver: market not bound to an oracle"
    assert not b.resolved, "resolver: already resolved"
    close: uint256 = staticcall Market(market).CLOSE_TIME()
    assert block.timestamp >= close, "resolver: market not closed yet"
    n: uint256 = staticcall Market(market).N()
    outcome: uint256 = 0
    if b.kind == OPTIMISTIC:
        outcome = self._from_assertion(b.oracle, market, n, close, evidence)
    else:
        outcome = self._from_round(b.oracle, b.kind, b.threshold, n, close, evidence)
    self.bindings[market].resolved = True
    extcall Market(market).propose(outcome)
    log OracleResolved(market=market, oracle=b.oracle, outcome=outcome, evidence=evidence)
    return outcome
