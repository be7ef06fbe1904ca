# pragma version 0.4.3
"""
@title Token governor with binding signed ballots
@notice Holders of the governance token (by their delegated power at each proposal's snapshot
        block) vote for, against or abstain on proposals: lists of calls the Timelock runs once
        a proposal has passed and waited the timelock's delay. States follow OpenZeppelin's
        Governor (Pending, Active, Canceled, Defeated, Succeeded, Queued, Executed).
        Votes come directly (`castVote`) or as EIP-712 ballots signed off chain and submitted in
        batches by anyone (`castVotesBySig`), verified here with ecrecover.
@dev Revert messages are prefixed with "gov:". Gas layout: a proposal is one packed slot
     (proposer | snapshot | voting period | flags; the eta lives in the timelock, under the same
     id) plus a tally of two slots; "has voted" is one bit per
     voter index in a per-proposal bitmap (256 voters a slot), so a batch writes one word per
     256 voters and the tally once. A ballot's `nonce` must equal the voter's current token nonce:
     voters revoke every outstanding ballot by `useNonce()` on the token; a replayed ballot is a
     double vote, refused by the bitmap. Invalid ballots in a batch are skipped (`BallotRejected`
     with a reason) so one voter cannot make a relayer's whole batch revert.
"""

interface IVotes:
    def getPastVotes(account: address, timepoint: uint256) -> uint256: view
    def getPastTotalSupply(timepoint: uint256) -> uint256: view
    def ballotInfo(account: address, timepoint: uint256) -> uint256: view
    def voterIndex(account: address) -> uint256: view

interface ITimelock:
    def minDelay() -> uint256: view
    def schedule(targets: DynArray[address, MAX_ACTIONS], amounts: DynArray[uint256, MAX_ACTIONS],
                 calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS], salt: bytes32,
                 delay: uint256) -> bytes32: nonpayable
    def execute(targets: DynArray[address, MAX_ACTIONS], amounts: DynArray[uint256, MAX_ACTIONS],
                calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS], salt: bytes32): payable
    def cancel(id: bytes32): nonpayable
    def timestamps(id: bytes32) -> uint256: view

struct Ballot:
    head: uint256  # voter | support << 160 | v << 168 | nonce << 176
    r: bytes32
    s: bytes32

MAX_ACTIONS: constant(uint256) = 8
MAX_CALLDATA: constant(uint256) = 1024
MAX_BALLOTS: constant(uint256) = 256
MAX_DESCRIPTION: constant(uint256) = 2048

PENDING: constant(uint8) = 0
ACTIVE: constant(uint8) = 1
CANCELED: constant(uint8) = 2
DEFEATED: constant(uint8) = 3
SUCCEEDED: constant(uint8) = 4
QUEUED: constant(uint8) = 5
EXECUTED: constant(uint8) = 7

SUPPORT_AGAINST: constant(uint256) = 0
SUPPORT_FOR: constant(uint256) = 1
SUPPORT_ABSTAIN: constant(uint256) = 2

REJECT_SIGNATURE: constant(uint256) = 1
REJECT_NONCE: constant(uint256) = 2
REJECT_VOTED: constant(uint256) = 3
REJECT_NO_POWER: constant(uint256) = 4
REJECT_SUPPORT: constant(uint256) = 5

MASK32: constant(uint256) = 2**32 - 1
MASK48: constant(uint256) = 2**48 - 1
MASK128: constant(uint256) = 2**128 - 1
MASK160: constant(uint256) = 2**160 - 1
F_QUEUED: constant(uint256) = 1 << 240
F_EXECUTED: constant(uint256) = 1 << 241
F_CANCELED: constant(uint256) = 1 << 242
HALF_N: constant(uint256) = 57896044618658097711785492504343953926418782139537452191302581570759080747168
BPS: constant(uint256) = 10000

DOMAIN_TYPEHASH: constant(bytes32) = keccak256(
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
BALLOT_TYPEHASH: public(constant(bytes32)) = keccak256(
    "Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce)")
NAME: public(constant(String[16])) = "Nexus Governor"
VERSION: public(constant(String[4])) = "1"
NAME_HASH: constant(bytes32) = keccak256("Nexus Governor")
VERSION_HASH: constant(bytes32) = keccak256("1")

event ProposalCreated:
    proposalId: indexed(uint256)
    proposer: indexed(address)
    targets: DynArray[address, MAX_ACTIONS]
    amounts: DynArray[uint256, MAX_ACTIONS]
    calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS]
    voteStart: uint256
    voteEnd: uint256
    description: String[MAX_DESCRIPTION]

event VoteCast:
    voter: indexed(address)
    proposalId: indexed(uint256)
    support: uint256
    weight: uint256

event VotesCast:
    proposalId: indexed(uint256)
    ballots: DynArray[uint256, MAX_BALLOTS]  # voter | support << 160; weight = getPastVotes(voter, snapshot)
    forVotes: uint256
    againstVotes: uint256
    abstainVotes: uint256

event BallotRejected:
    proposalId: indexed(uint256)
    voter: indexed(address)
    reason: uint256

event ProposalQueued:
    proposalId: indexed(uint256)
    eta: uint256

event ProposalExecuted:
    proposalId: indexed(uint256)

event ProposalCanceled:
    proposalId: indexed(uint256)

event ParamsChanged:
    votingDelay: uint256
    votingPeriod: uint256
    quorumBps: uint256
    proposalThreshold: uint256

token: public(IVotes)
timelock: public(ITimelock)
votingDelay: public(uint256)
votingPeriod: public(uint256)
quorumBps: public(uint256)
proposalThreshold: public(uint256)

_meta: HashMap[uint256, uint256]  # proposer | snapshot << 160 | period << 208 | flags << 240
_tallyForAgainst: HashMap[uint256, uint256]  # for << 128 | against
_tallyAbstain: HashMap[uint256, uint256]
_voted: HashMap[uint256, HashMap[uint256, uint256]]  # proposal -> voter index >> 8 -> bits


@deploy
def __init__(token_: address, timelock_: address, voting_delay: uint256, voting_period: uint256,
             quorum_bps: uint256, proposal_threshold: uint256):
    """
    @notice Governance of `timelock_` by holders of `token_`: votes open `voting_delay` blocks after
            a proposal and last `voting_period` blocks; a proposal passes with more for than
            against and for + abstain reaching `quorum_bps` of the supply at its snapshot.
    """
    self.token = IVotes(token_)
    self.timelock = ITimelock(timelock_)
    self._set_params(voting_delay, voting_period, quorum_bps, proposal_threshold)


@external
def setParams(voting_delay: uint256, voting_period: uint256, quorum_bps: uint256, proposal_threshold: uint256):
    """
    @notice Change the voting parameters; only through a passed proposal (the timelock calls).
    """
    assert msg.sender == self.timelock.address, "gov: only the timelock"
    self._set_params(voting_delay, voting_period, quorum_bps, proposal_threshold)


# --- proposals --------------------------------------------------------------------------------
@pure
@external
def hashProposal(targets: DynArray[address, MAX_ACTIONS], amounts: DynArray[uint256, MAX_ACTIONS],
                 calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS], description_hash: bytes32) -> uint256:
    """
    @notice A proposal's id: keccak256(abi_encode(targets, values, calldatas, descriptionHash)).
    """
    return convert(keccak256(abi_encode(targets, amounts, calldatas, description_hash)), uint256)


@external
def propose(targets: DynArray[address, MAX_ACTIONS], amounts: DynArray[uint256, MAX_ACTIONS],
            calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS], description: String[MAX_DESCRIPTION]) -> uint256:
    """
    @notice Propose that the timelock run these calls; needs `proposalThreshold` votes (last block).
    @return The proposal id (see hashProposal, with keccak256(description)).
    """
    n: uint256 = len(targets)
    assert n > 0, "gov: empty proposal"
    assert n == len(amounts) and n == len(calldatas), "gov: invalid proposal length"
    threshold: uint256 = self.proposalThreshold
    if threshold > 0:
        votes: uint256 = staticcall self.token.getPastVotes(msg.sender, block.number - 1)
        assert votes >= threshold, "gov: proposer votes below threshold"
    id: uint256 = convert(keccak256(abi_encode(targets, amounts, calldatas, keccak256(description))), uint256)
    assert self._meta[id] == 0, "gov: proposal already exists"
    snapshot: uint256 = block.number + self.votingDelay
    deadline: uint256 = snapshot + self.votingPeriod
    self._meta[id] = convert(msg.sender, uint256) | (snapshot << 160) | (self.votingPeriod << 208)
    log ProposalCreated(proposalId=id, proposer=msg.sender, targets=targets, amounts=amounts,
                        calldatas=calldatas, voteStart=snapshot, voteEnd=deadline, description=description)
    return id


@external
def queue(targets: DynArray[address, MAX_ACTIONS], amounts: DynArray[uint256, MAX_ACTIONS],
          calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS], description_hash: bytes32) -> uint256:
    """
    @notice Schedule a succeeded proposal's calls in the timelock (anyone may).
    """
    id: uint256 = convert(keccak256(abi_encode(targets, amounts, calldatas, description_hash)), uint256)
    meta: uint256 = self._meta[id]
    assert self._state(id, meta) == SUCCEEDED, "gov: proposal not successful"
    delay: uint256 = staticcall self.timelock.minDelay()
    extcall self.timelock.schedule(targets, amounts, calldatas, description_hash, delay)
    eta: uint256 = block.timestamp + delay
    self._meta[id] = meta | F_QUEUED
    log ProposalQueued(proposalId=id, eta=eta)
    return id


@external
@payable
def execute(targets: DynArray[address, MAX_ACTIONS], amounts: DynArray[uint256, MAX_ACTIONS],
            calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS], description_hash: bytes32) -> uint256:
    """
    @notice Run a queued proposal's calls through the timelock once its delay has passed (anyone may).
    """
    id: uint256 = convert(keccak256(abi_encode(targets, amounts, calldatas, description_hash)), uint256)
    meta: uint256 = self._meta[id]
    assert self._state(id, meta) == QUEUED, "gov: proposal not queued"
    self._meta[id] = meta | F_EXECUTED
    extcall self.timelock.execute(targets, amounts, calldatas, description_hash, value=msg.value)
    log ProposalExecuted(proposalId=id)
    return id


@external
def cancel(targets: DynArray[address, MAX_ACTIONS], amounts: DynArray[uint256, MAX_ACTIONS],
           calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS], description_hash: bytes32) -> uint256:
    """
    @notice Withdraw a proposal before its voting starts (its proposer only).
    """
    id: uint256 = convert(keccak256(abi_encode(targets, amounts, calldatas, description_hash)), uint256)
    meta: uint256 = self._meta[id]
    assert self._state(id, meta) == PENDING, "gov: too late to cancel"
    assert msg.sender == convert(convert(meta & MASK160, uint160), address), "gov: not the proposer"
    self._meta[id] = meta | F_CANCELED
    log ProposalCanceled(proposalId=id)
    return id


# --- votes ------------------------------------------------------------------------------------
@external
def castVote(proposal_id: uint256, support: uint256) -> uint256:
    """
    @notice Vote 0 (against), 1 (for) or 2 (abstain) with the caller's power at the snapshot.
    @return The weight counted.
    """
    meta: uint256 = self._meta[proposal_id]
    assert self._state(proposal_id, meta) == ACTIVE, "gov: vote not currently active"
    assert support <= SUPPORT_ABSTAIN, "gov: invalid vote type"
    info: uint256 = staticcall self.token.ballotInfo(msg.sender, (meta >> 160) & MASK48)
    weight: uint256 = info >> 64
    assert weight > 0, "gov: no voting power"
    index: uint256 = info & MASK32
    word: uint256 = self._voted[proposal_id][index >> 8]
    bit: uint256 = 1 << (index & 255)
    assert word & bit == 0, "gov: vote already cast"
    self._voted[proposal_id][index >> 8] = word | bit
    tallies: uint256[3] = empty(uint256[3])
    tallies[support] = weight
    self._add_tally(proposal_id, tallies)
    log VoteCast(voter=msg.sender, proposalId=proposal_id, support=support, weight=weight)
    return weight


@external
def castVotesBySig(proposal_id: uint256, ballots: DynArray[Ballot, MAX_BALLOTS]) -> uint256:
    """
    @notice Count a batch of EIP-712 ballots signed for `proposal_id` (anyone may submit).
    @dev Each ballot packs voter | support << 160 | v << 168 | nonce << 176 with the signature's
         r and s. A ballot with a bad signature (wrong chain, contract or proposal, signer not
         the voter, signer zero, s in the upper half), a stale nonce, no power or a repeated voter
         is skipped with BallotRejected. Reverts only when the proposal is not active.
    @return How many ballots were counted.
    """
    meta: uint256 = self._meta[proposal_id]
    assert self._state(proposal_id, meta) == ACTIVE, "gov: vote not currently active"
    snapshot: uint256 = (meta >> 160) & MASK48
    domain: bytes32 = self._domain()
    tallies: uint256[3] = empty(uint256[3])
    counted: DynArray[uint256, MAX_BALLOTS] = []
    key: uint256 = max_value(uint256)
    word: uint256 = 0
    for b: Ballot in ballots:
        voter: address = convert(convert(b.head & MASK160, uint160), address)
        support: uint256 = (b.head >> 160) & 255
        v: uint256 = (b.head >> 168) & 255
        reason: uint256 = 0
        if support > SUPPORT_ABSTAIN:
            reason = REJECT_SUPPORT
        elif convert(b.s, uint256) > HALF_N:
            reason = REJECT_SIGNATURE
        else:
            digest: bytes32 = keccak256(concat(b"\x19\x01", domain, keccak256(abi_encode(
                BALLOT_TYPEHASH, proposal_id, support, voter, b.head >> 176))))
            signer: address = ecrecover(digest, v, b.r, b.s)
            if signer != voter or signer == empty(address):
                reason = REJECT_SIGNATURE
        if reason == 0:
            info: uint256 = staticcall self.token.ballotInfo(voter, snapshot)
            index: uint256 = info & MASK32
            if (info >> 32) & MASK32 != b.head >> 176:
                reason = REJECT_NONCE
            elif info >> 64 == 0:
                reason = REJECT_NO_POWER
            else:
                if index >> 8 != key:
                    if key != max_value(uint256):
                        self._voted[proposal_id][key] = word
                    key = index >> 8
                    word = self._voted[proposal_id][key]
                bit: uint256 = 1 << (index & 255)
                if word & bit != 0:
                    reason = REJECT_VOTED
                else:
                    word |= bit
                    tallies[support] += info >> 64
                    counted.append(b.head & (2**168 - 1))
        if reason != 0:
            log BallotRejected(proposalId=proposal_id, voter=voter, reason=reason)
    if key != max_value(uint256):
        self._voted[proposal_id][key] = word
    if len(counted) > 0:
        self._add_tally(proposal_id, tallies)
        log VotesCast(proposalId=proposal_id, ballots=counted, forVotes=tallies[SUPPORT_FOR],
                      againstVotes=tallies[SUPPORT_AGAINST], abstainVotes=tallies[SUPPORT_ABSTAIN])
    return len(counted)


# --- reading ----------------------------------------------------------------------------------
@view
@external
def state(proposal_id: uint256) -> uint8:
    """
    @notice 0 Pending, 1 Active, 2 Canceled, 3 Defeated, 4 Succeeded, 5 Queued, 7 Executed.
    """
    return self._state(proposal_id, self._meta[proposal_id])


@view
@external
def proposalSnapshot(proposal_id: uint256) -> uint256:
    """
    @notice The block whose voting power counts (votes open after it).
    """
    return (self._meta[proposal_id] >> 160) & MASK48


@view
@external
def proposalDeadline(proposal_id: uint256) -> uint256:
    """
    @notice The last block in which votes are taken.
    """
    meta: uint256 = self._meta[proposal_id]
    return ((meta >> 160) & MASK48) + ((meta >> 208) & MASK32)


@view
@external
def proposalEta(proposal_id: uint256) -> uint256:
    """
    @notice When a queued proposal may execute (timestamp; 0 unless queued and not yet executed).
    """
    meta: uint256 = self._meta[proposal_id]
    if meta & F_QUEUED == 0 or meta & F_EXECUTED != 0:
        return 0
    return staticcall self.timelock.timestamps(convert(proposal_id, bytes32))


@view
@external
def proposalProposer(proposal_id: uint256) -> address:
    """
    @notice Who proposed `proposal_id`.
    """
    return convert(convert(self._meta[proposal_id] & MASK160, uint160), address)


@view
@external
def proposalVotes(proposal_id: uint256) -> (uint256, uint256, uint256):
    """
    @notice The tally so far: (against, for, abstain), as OpenZeppelin's GovernorCountingSimple.
    """
    fa: uint256 = self._tallyForAgainst[proposal_id]
    return fa & MASK128, fa >> 128, self._tallyAbstain[proposal_id]


@view
@external
def quorum(timepoint: uint256) -> uint256:
    """
    @notice Votes (for + abstain) a proposal with snapshot `timepoint` needs.
    """
    return self._quorum(timepoint)


@view
@external
def hasVoted(proposal_id: uint256, account: address) -> bool:
    """
    @notice Whether `account` has voted on `proposal_id`.
    """
    index: uint256 = staticcall self.token.voterIndex(account)
    if index == 0:
        return False
    return self._voted[proposal_id][index >> 8] & (1 << (index & 255)) != 0


@view
@external
def domainSeparator() -> bytes32:
    """
    @notice The EIP-712 domain ballots are signed for (name, version, chain id, this contract).
    """
    return self._domain()


# --- internals --------------------------------------------------------------------------------
@internal
def _set_params(voting_delay: uint256, voting_period: uint256, quorum_bps: uint256, threshold: uint256):
    assert voting_period > 0, "gov: zero voting period"
    assert voting_delay <= MASK32 and voting_period <= MASK32, "gov: period too long"
    assert quorum_bps <= BPS, "gov: quorum above 100%"
    self.votingDelay = voting_delay
    self.votingPeriod = voting_period
    self.quorumBps = quorum_bps
    self.proposalThreshold = threshold
    log ParamsChanged(votingDelay=voting_delay, votingPeriod=voting_period, quorumBps=quorum_bps,
                      proposalThreshold=threshold)


@view
@internal
def _domain() -> bytes32:
    return keccak256(abi_encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, chain.id, self))


@view
@internal
def _quorum(timepoint: uint256) -> uint256:
    return (staticcall self.token.getPastTotalSupply(timepoint)) * self.quorumBps // BPS


@view
@internal
def _state(id: uint256, meta: uint256) -> uint8:
    assert meta != 0, "gov: unknown proposal"
    if meta & F_EXECUTED != 0:
        return EXECUTED
    if meta & F_CANCELED != 0:
        return CANCELED
    snapshot: uint256 = (meta >> 160) & MASK48
    if snapshot >= block.number:
        return PENDING
    if snapshot + ((meta >> 208) & MASK32) >= block.number:
        return ACTIVE
    fa: uint256 = self._tallyForAgainst[id]
    yes: uint256 = fa >> 128
    if yes <= fa & MASK128 or yes + self._tallyAbstain[id] < self._quorum(snapshot):
        return DEFEATED
    if meta & F_QUEUED == 0:
        return SUCCEEDED
    return QUEUED


@internal
def _add_tally(id: uint256, tallies: uint256[3]):
    if tallies[SUPPORT_FOR] != 0 or tallies[SUPPORT_AGAINST] != 0:
        fa: uint256 = self._tallyForAgainst[id]
        self._tallyForAgainst[id] = (((fa >> 128) + tallies[SUPPORT_FOR]) << 128) | ((fa & MASK128) + tallies[SUPPORT_AGAINST])
    if tallies[SUPPORT_ABSTAIN] != 0:
        self._tallyAbstain[id] += tallies[SUPPORT_ABSTAIN]
