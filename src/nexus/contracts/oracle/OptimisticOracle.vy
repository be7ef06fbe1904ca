# pragma version 0.4.3
"""
@title Nexus optimistic oracle
@notice A claim is asserted with a bond; unless someone disputes it with an equal bond before
        the liveness window ends, it settles as true. A dispute goes to the arbiter (an address:
        a person, a multisig or the ArbiterCommittee), who decides; the winner takes both bonds.
        An assessor (the oracle network's AI) may attach a first-pass assessment to a dispute.
@dev Revert messages are prefixed with "optimistic:".
"""

PENDING: constant(uint8) = 1
DISPUTED: constant(uint8) = 2
SETTLED_TRUE: constant(uint8) = 3
SETTLED_FALSE: constant(uint8) = 4

struct Assertion:
    asserter: address
    disputer: address
    claim: bytes32
    value: int256
    bond: uint256
    expires: uint256
    state: uint8

struct Assessment:
    supports_claim: bool
    confidence_bps: uint16
    evidence: bytes32
    assessor: address

event Asserted:
    assertion_id: indexed(uint256)
    asserter: indexed(address)
    claim: bytes32
    value: int256
    bond: uint256
    expires: uint256

event Disputed:
    assertion_id: indexed(uint256)
    disputer: indexed(address)

event Assessed:
    assertion_id: indexed(uint256)
    supports_claim: bool
    confidence_bps: uint16
    evidence: bytes32

event Settled:
    assertion_id: indexed(uint256)
    truthful: bool
    winner: indexed(address)
    paid: uint256

owner: public(address)
arbiter: public(address)
assessor: public(address)
liveness: public(uint256)
min_bond: public(uint256)
assertions: public(HashMap[uint256, Assertion])
assessments: public(HashMap[uint256, Assessment])
count: public(uint256)


@deploy
def __init__(arbiter: address, assessor: address, liveness: uint256, min_bond: uint256):
    """
    @param arbiter Decides disputes (an EOA, multisig or ArbiterCommittee).
    @param assessor May attach the AI's assessment to disputes.
    @param liveness Seconds a claim stays open to disputes.
    """
    assert arbiter != empty(address) and liveness > 0, "optimistic: bad config"
    self.owner = msg.sender
    self.arbiter = arbiter
    self.assessor = assessor
    self.liveness = liveness
    self.min_bond = min_bond


@external
@payable
def assert_claim(claim: bytes32, claimed: int256) -> uint256:
    """
    @notice Assert that `claim` holds with value `claimed`, bonding `msg.value`.
    @param claim Hash of the claim's text, e.g. keccak("severity:A:round 7 >= 60").
    """
    assert msg.value >= self.min_bond and msg.value > 0, "optimistic: bond too small"
    aid: uint256 = self.count + 1
    self.count = aid
    self.assertions[aid] = Assertion(asserter=msg.sender, disputer=empty(address), claim=claim,
                                     value=claimed, bond=msg.value,
                                     expires=block.timestamp + self.liveness, state=PENDING)
    log Asserted(assertion_id=aid, asserter=msg.sender, claim=claim, value=claimed, bond=msg.value,
                 expires=block.timestamp + self.liveness)
    return aid


@external
@payable
def dispute(assertion_id: uint256):
    """
    @notice Dispute a pending claim before its liveness ends, bonding the same amount.
    """
    a: Assertion = self.assertions[assertion_id]
    assert a.state == PENDING, "optimistic: not pending"
    assert block.timestamp < a.expires, "optimistic: liveness over"
    assert msg.value == a.bond, "optimistic: bond must match"
    assert msg.sender != a.asserter, "optimistic: self-dispute"
    self.assertions[assertion_id].disputer = msg.sender
    self.assertions[assertion_id].state = DISPUTED
    log Disputed(assertion_id=assertion_id, disputer=msg.sender)


@external
def attach_assessment(assertion_id: uint256, supports_claim: bool, confidence_bps: uint16,
                      evidence: bytes32):
    """
    @notice The assessor's first-pass verdict on a dispute (advice to the arbiter, not binding).
    @param evidence Hash of the evidence document (sources, flags, observations).
    """
    assert msg.sender == self.assessor, "optimistic: not assessor"
    assert self.assertions[assertion_id].state == DISPUTED, "optimistic: not disputed"
    assert confidence_bps <= 10000, "optimistic: bad confidence"
    self.assessments[assertion_id] = Assessment(supports_claim=supports_claim,
                                                confidence_bps=confidence_bps, evidence=evidence,
                                                assessor=msg.sender)
    log Assessed(assertion_id=assertion_id, supports_claim=supports_claim,
                 confidence_bps=confidence_bps, evidence=evidence)


@external
@nonreentrant
def settle(assertion_id: uint256):
    """
    @notice Settle an undisputed claim as true once its liveness is over; refunds the bond.
    """
    a: Assertion = self.assertions[assertion_id]
    assert a.state == PENDING, "optimistic: not pending"
    assert block.timestamp >= a.expires, "optimistic: still live"
    self.assertions[assertion_id].state = SETTLED_TRUE
    log Settled(assertion_id=assertion_id, truthful=True, winner=a.asserter, paid=a.bond)
    send(a.asserter, a.bond)


@external
@nonreentrant
def resolve(assertion_id: uint256, truthful: bool):
    """
    @notice The arbiter decides a dispute; the winner receives both bonds.
    """
    assert msg.sender == self.arbiter, "optimistic: not arbiter"
    a: Assertion = self.assertions[assertion_id]
    assert a.state == DISPUTED, "optimistic: not disputed"
    winner: address = a.asserter if truthful else a.disputer
    self.assertions[assertion_id].state = SETTLED_TRUE if truthful else SETTLED_FALSE
    log Settled(assertion_id=assertion_id, truthful=truthful, winner=winner, paid=2 * a.bond)
    send(winner, 2 * a.bond)


@view
@external
def result(assertion_id: uint256) -> (bool, bool):
    """
    @notice (settled, truthful).
    """
    s: uint8 = self.assertions[assertion_id].state
    return s == SETTLED_TRUE or s == SETTLED_FALSE, s == SETTLED_TRUE


@external
def set_roles(arbiter: address, assessor: address):
    """
    @notice Change the arbiter and the assessor (owner only).
    """
    assert msg.sender == self.owner, "optimistic: not owner"
    assert arbiter != empty(address), "optimistic: zero arbiter"
    self.arbiter = arbiter
    self.assessor = assessor
