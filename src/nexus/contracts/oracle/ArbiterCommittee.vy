# pragma version 0.4.3
"""
@title Nexus arbiter committee
@notice M-of-N members vote on a dispute of the OptimisticOracle; the first side to reach the
        threshold resolves it.
@dev Revert messages are prefixed with "committee:".
"""

interface IOptimistic:
    def resolve(assertion_id: uint256, truthful: bool): nonpayable

MAX_MEMBERS: constant(uint256) = 16

event Voted:
    assertion_id: indexed(uint256)
    member: indexed(address)
    truthful: bool

ORACLE: public(immutable(address))
THRESHOLD: public(immutable(uint256))
members: public(DynArray[address, MAX_MEMBERS])
is_member: public(HashMap[address, bool])
voted: public(HashMap[uint256, HashMap[address, bool]])
tally: public(HashMap[uint256, HashMap[bool, uint256]])
done: public(HashMap[uint256, bool])


@deploy
def __init__(oracle: address, members: DynArray[address, MAX_MEMBERS], threshold: uint256):
    """
    @notice A committee for `oracle` where `threshold` of `members` decide.
    """
    assert threshold > 0 and threshold <= len(members), "committee: bad threshold"
    assert threshold * 2 > len(members), "committee: threshold must be a majority"
    ORACLE = oracle
    THRESHOLD = threshold
    for m: address in members:
        assert not self.is_member[m] and m != empty(address), "committee: bad member"
        self.is_member[m] = True
    self.members = members


@external
def vote(assertion_id: uint256, truthful: bool):
    """
    @notice Vote once per dispute; the vote reaching the threshold resolves it on the oracle.
    """
    assert self.is_member[msg.sender], "committee: not member"
    assert not self.voted[assertion_id][msg.sender], "committee: already voted"
    assert not self.done[assertion_id], "committee: already resolved"
    self.voted[assertion_id][msg.sender] = True
    n: uint256 = self.tally[assertion_id][truthful] + 1
    self.tally[assertion_id][truthful] = n
    log Voted(assertion_id=assertion_id, member=msg.sender, truthful=truthful)
    if n >= THRESHOLD:
        self.done[assertion_id] = True
        extcall IOptimistic(ORACLE).resolve(assertion_id, truthful)
