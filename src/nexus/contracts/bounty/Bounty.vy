# pragma version 0.4.3
"""
@title Nexus model bounties
@notice Many bounties by id. A sponsor escrows ether for the best model on a hidden test set whose
        commitment keccak256(abi_encode(testSet, salt)) is fixed at creation. Solvers commit
        keccak256(abi_encode(fingerprint, salt, solver)) before the commit deadline (the solver's
        address is inside, so a copied commitment cannot be revealed by anyone else), and reveal
        between the commit and reveal deadlines. After the commit deadline anyone holding the
        preimage reveals the test set. After the reveal deadline the judges' scores (one per
        revealed submission, in reveal order, higher is better) are posted with at least `quorum`
        EIP-712 signatures of distinct judges, sorted by signer address. Within `disputeWindow`
        anyone may dispute by posting the bond; a dispute is resolved either by the arbiter (not
        the sponsor) or by scores signed by `disputeQuorum` judges (> quorum) for the next round.
        Resolution is final: upheld (new scores differ) credits the bond back (`withdraw`),
        rejected adds it to the reward. The best score wins (ties: the earlier reveal); the winner
        claims once; the sponsor is refunded when nobody revealed, or when the final best score is
        0 (no valid submission).
@dev Revert messages are prefixed with "bounty:". Limitations (documented): a bounty whose dispute
     is never resolved keeps its funds locked (choose an arbiter who answers); at most MAX_SOLVERS
     reveals are accepted, first come; the sponsor who never reveals the test set cannot refund
     once anyone revealed, so the reward stays locked rather than returning to a withholding sponsor.
"""

MAX_JUDGES: constant(uint256) = 16
MAX_SOLVERS: constant(uint256) = 64
DOMAIN_TYPEHASH: constant(bytes32) = keccak256(
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)
SCORES_TYPEHASH: constant(bytes32) = keccak256(
    "Scores(uint256 bountyId,uint256 round,bytes32 testSet,uint256[] scores)"
)


struct Sig:
    v: uint8
    r: bytes32
    s: bytes32


struct Info:
    sponsor: address
    reward: uint256
    testCommitment: bytes32
    testSet: bytes32
    commitDeadline: uint256
    revealDeadline: uint256
    disputeWindow: uint256
    quorum: uint256
    disputeQuorum: uint256
    arbiter: address
    bond: uint256
    round: uint256
    postedAt: uint256
    disputer: address
    winner: address
    best: uint256
    paid: bool


event BountyCreated:
    id: indexed(uint256)
    sponsor: indexed(address)
    reward: uint256
    testCommitment: bytes32

event Committed:
    id: indexed(uint256)
    solver: indexed(address)
    commitment: bytes32

event Revealed:
    id: indexed(uint256)
    solver: indexed(address)
    fingerprint: bytes32

event TestSetRevealed:
    id: indexed(uint256)
    testSet: bytes32
    uri: String[256]

event ScoresPosted:
    id: indexed(uint256)
    round: uint256
    scores: DynArray[uint256, MAX_SOLVERS]
    winner: address
    best: uint256

event Disputed:
    id: indexed(uint256)
    disputer: indexed(address)

event DisputeResolved:
    id: indexed(uint256)
    upheld: bool

event Paid:
    id: indexed(uint256)
    to: indexed(address)
    amount: uint256
    refund: bool


count: public(uint256)
_info: HashMap[uint256, Info]
_judges: HashMap[uint256, DynArray[address, MAX_JUDGES]]
_solvers: HashMap[uint256, DynArray[address, MAX_SOLVERS]]
_scores: HashMap[uint256, DynArray[uint256, MAX_SOLVERS]]
commitments: public(HashMap[uint256, HashMap[address, bytes32]])
fingerprints: public(HashMap[uint256, HashMap[address, bytes32]])
disputed: public(HashMap[uint256, bool])
credits: public(HashMap[address, uint256])  # returned dispute bonds, withdrawn by their owners


@deploy
def __init__():
    pass


@view
@internal
def _domain() -> bytes32:
    # computed, not immutable: the deployment manifest checks the runtime code against the compiler's
    return keccak256(abi_encode(DOMAIN_TYPEHASH, keccak256("NexusBounty"), keccak256("1"), chain.id, self))


@view
@external
def DOMAIN_SEPARATOR() -> bytes32:
    """
    @notice The EIP-712 domain separator (name NexusBounty, version 1, this chain, this contract).
    """
    return self._domain()


@external
@payable
def create(test_commitment: bytes32, commit_deadline: uint256, reveal_deadline: uint256,
           dispute_window: uint256, judges: DynArray[address, MAX_JUDGES], quorum: uint256,
           dispute_quorum: uint256, arbiter: address, bond: uint256) -> uint256:
    """
    @notice Open a bounty escrowing msg.value; returns its id (0, 1, ...).
    @param test_commitment keccak256(abi_encode(testSet, salt)) of the hidden test set.
    @param judges Distinct judge (oracle node) addresses; `quorum` of them must sign scores.
    @param dispute_quorum Signatures that resolve a dispute (quorum < it <= len(judges)), or 0 for
           arbiter-only resolution.
    @param arbiter Resolves disputes; never the sponsor.
    """
    assert msg.value > 0, "bounty: no reward"
    assert test_commitment != empty(bytes32), "bounty: no test commitment"
    assert commit_deadline > block.timestamp, "bounty: commit deadline passed"
    assert reveal_deadline > commit_deadline, "bounty: reveal before commit deadline"
    assert dispute_window > 0, "bounty: no dispute window"
    n: uint256 = len(judges)
    assert quorum > 0 and quorum <= n, "bounty: need 0 < quorum <= judges"
    assert dispute_quorum == 0 or (dispute_quorum > quorum and dispute_quorum <= n), "bounty: bad dispute quorum"
    assert arbiter != empty(address) and arbiter != msg.sender, "bounty: arbiter must not be the sponsor"
    assert bond > 0, "bounty: no dispute bond"
    for i: uint256 in range(n, bound=MAX_JUDGES):
        assert judges[i] != empty(address), "bounty: zero judge"
        for j: uint256 in range(i + 1, n, bound=MAX_JUDGES):
            assert judges[i] != judges[j], "bounty: duplicate judge"
    bid: uint256 = self.count
    self.count = bid + 1
    self._judges[bid] = judges
    self._info[bid] = Info(sponsor=msg.sender, reward=msg.value, testCommitment=test_commitment,
                           testSet=empty(bytes32), commitDeadline=commit_deadline,
                           revealDeadline=reveal_deadline, disputeWindow=dispute_window, quorum=quorum,
                           disputeQuorum=dispute_quorum, arbiter=arbiter, bond=bond, round=0, postedAt=0,
                           disputer=empty(address), winner=empty(address), best=0, paid=False)
    log BountyCreated(id=bid, sponsor=msg.sender, reward=msg.value, testCommitment=test_commitment)
    return bid


@external
def commit(bid: uint256, commitment: bytes32):
    """
    @notice Commit (or re-commit) keccak256(abi_encode(fingerprint, salt, msg.sender)) before the deadline.
    """
    assert bid < self.count, "bounty: unknown bounty"
    assert block.timestamp < self._info[bid].commitDeadline, "bounty: commit deadline passed"
    assert commitment != empty(bytes32), "bounty: empty commitment"
    self.commitments[bid][msg.sender] = commitment
    log Committed(id=bid, solver=msg.sender, commitment=commitment)


@external
def reveal(bid: uint256, fingerprint: bytes32, salt: bytes32):
    """
    @notice Reveal the committed model fingerprint, between the commit and reveal deadlines.
    """
    assert bid < self.count, "bounty: unknown bounty"
    info: Info = self._info[bid]
    assert block.timestamp >= info.commitDeadline, "bounty: commit phase still open"
    assert block.timestamp < info.revealDeadline, "bounty: reveal deadline passed"
    assert self.fingerprints[bid][msg.sender] == empty(bytes32), "bounty: already revealed"
    assert fingerprint != empty(bytes32), "bounty: empty fingerprint"
    assert keccak256(abi_encode(fingerprint, salt, msg.sender)) == self.commitments[bid][msg.sender], "bounty: reveal does not match commitment"
    assert len(self._solvers[bid]) < MAX_SOLVERS, "bounty: too many solvers"
    self.fingerprints[bid][msg.sender] = fingerprint
    self._solvers[bid].append(msg.sender)
    log Revealed(id=bid, solver=msg.sender, fingerprint=fingerprint)


@external
def revealTestSet(bid: uint256, test_set: bytes32, salt: bytes32, uri: String[256]):
    """
    @notice Reveal the test set's digest (and where to fetch it) once commits are closed.
    """
    assert bid < self.count, "bounty: unknown bounty"
    info: Info = self._info[bid]
    assert block.timestamp >= info.commitDeadline, "bounty: commit phase still open"
    assert info.testSet == empty(bytes32), "bounty: test set already revealed"
    assert test_set != empty(bytes32), "bounty: empty test set"
    assert keccak256(abi_encode(test_set, salt)) == info.testCommitment, "bounty: test set does not match commitment"
    self._info[bid].testSet = test_set
    log TestSetRevealed(id=bid, testSet=test_set, uri=uri)


@view
@external
def scoresDigest(bid: uint256, round: uint256, scores: DynArray[uint256, MAX_SOLVERS]) -> bytes32:
    """
    @notice The EIP-712 digest judges sign for `scores` of bounty `bid` in `round`.
    """
    return self._digest(bid, round, scores)


@view
@internal
def _digest(bid: uint256, round: uint256, scores: DynArray[uint256, MAX_SOLVERS]) -> bytes32:
    packed: Bytes[2112] = abi_encode(scores)
    return keccak256(concat(x"1901", self._domain(), keccak256(abi_encode(
        SCORES_TYPEHASH, bid, round, self._info[bid].testSet, keccak256(slice(packed, 64, 32 * len(scores)))))))


@view
@internal
def _check_sigs(bid: uint256, digest: bytes32, sigs: DynArray[Sig, MAX_JUDGES], need: uint256):
    assert len(sigs) >= need, "bounty: too few signatures"
    judges: DynArray[address, MAX_JUDGES] = self._judges[bid]
    prev: address = empty(address)
    for sig: Sig in sigs:
        got: address = ecrecover(digest, convert(sig.v, uint256), convert(sig.r, uint256), convert(sig.s, uint256))
        assert got != empty(address), "bounty: bad signature"
        assert convert(got, uint160) > convert(prev, uint160), "bounty: signers not sorted or repeated"
        assert got in judges, "bounty: signer is not a judge"
        prev = got


@internal
def _settle(bid: uint256, round: uint256, scores: DynArray[uint256, MAX_SOLVERS]):
    best: uint256 = 0
    winner: address = empty(address)
    solvers: DynArray[address, MAX_SOLVERS] = self._solvers[bid]
    for i: uint256 in range(len(scores), bound=MAX_SOLVERS):
        if scores[i] > best:
            best = scores[i]
            winner = solvers[i]
    self._scores[bid] = scores
    self._info[bid].round = round
    self._info[bid].postedAt = block.timestamp
    self._info[bid].best = best
    self._info[bid].winner = winner
    log ScoresPosted(id=bid, round=round, scores=scores, winner=winner, best=best)


@external
def postScores(bid: uint256, scores: DynArray[uint256, MAX_SOLVERS], sigs: DynArray[Sig, MAX_JUDGES]):
    """
    @notice Post the judges' scores (one per revealed submission, reveal order). Round 1 needs
            `quorum` signatures; while disputed, round 2 needs `disputeQuorum` and resolves it.
    """
    assert bid < self.count, "bounty: unknown bounty"
    info: Info = self._info[bid]
    assert block.timestamp >= info.revealDeadline, "bounty: reveal phase still open"
    assert info.testSet != empty(bytes32), "bounty: test set not revealed"
    assert len(scores) == len(self._solvers[bid]), "bounty: one score per revealed submission"
    if self.disputed[bid]:
        assert info.disputeQuorum > 0, "bounty: only the arbiter resolves this dispute"
        self._check_sigs(bid, self._digest(bid, 2, scores), sigs, info.disputeQuorum)
        self._resolve(bid, scores)
        return
    assert info.round == 0, "bounty: scores already posted"
    self._check_sigs(bid, self._digest(bid, 1, scores), sigs, info.quorum)
    self._settle(bid, 1, scores)


@external
@payable
def dispute(bid: uint256):
    """
    @notice Dispute the posted scores within the window, bonding exactly `bond` wei.
    """
    assert bid < self.count, "bounty: unknown bounty"
    info: Info = self._info[bid]
    assert info.round == 1 and not self.disputed[bid], "bounty: nothing to dispute"
    assert block.timestamp < info.postedAt + info.disputeWindow, "bounty: dispute window closed"
    assert msg.value == info.bond, "bounty: wrong bond"
    self.disputed[bid] = True
    self._info[bid].disputer = msg.sender
    log Disputed(id=bid, disputer=msg.sender)


@external
def arbitrate(bid: uint256, scores: DynArray[uint256, MAX_SOLVERS]):
    """
    @notice The arbiter's final scores for a disputed bounty.
    """
    assert bid < self.count, "bounty: unknown bounty"
    assert self.disputed[bid], "bounty: not disputed"
    assert msg.sender == self._info[bid].arbiter, "bounty: not the arbiter"
    assert len(scores) == len(self._solvers[bid]), "bounty: one score per revealed submission"
    self._resolve(bid, scores)


@internal
def _resolve(bid: uint256, scores: DynArray[uint256, MAX_SOLVERS]):
    old: DynArray[uint256, MAX_SOLVERS] = self._scores[bid]
    upheld: bool = keccak256(abi_encode(old)) != keccak256(abi_encode(scores))
    self.disputed[bid] = False
    info: Info = self._info[bid]
    self._settle(bid, 2, scores)
    log DisputeResolved(id=bid, upheld=upheld)
    if upheld:  # credited, not sent: a disputer that rejects ether cannot block the resolution
        self.credits[info.disputer] += info.bond
    else:
        self._info[bid].reward = info.reward + info.bond


@external
@nonreentrant
def withdraw():
    """
    @notice Withdraw returned dispute bonds.
    """
    amount: uint256 = self.credits[msg.sender]
    assert amount > 0, "bounty: nothing to withdraw"
    self.credits[msg.sender] = 0
    send(msg.sender, amount)


@view
@internal
def _final(info: Info, bid: uint256) -> bool:
    if self.disputed[bid]:
        return False
    return info.round == 2 or (info.round == 1 and block.timestamp >= info.postedAt + info.disputeWindow)


@external
@nonreentrant
def claim(bid: uint256):
    """
    @notice The winner collects the reward once the scores are final.
    """
    assert bid < self.count, "bounty: unknown bounty"
    info: Info = self._info[bid]
    assert self._final(info, bid), "bounty: scores not final"
    assert not info.paid, "bounty: already paid"
    assert info.best > 0 and msg.sender == info.winner, "bounty: not the winner"
    self._info[bid].paid = True
    send(msg.sender, info.reward)
    log Paid(id=bid, to=msg.sender, amount=info.reward, refund=False)


@external
@nonreentrant
def refund(bid: uint256):
    """
    @notice The sponsor takes the reward back when nobody revealed by the reveal deadline, or when
            the final best score is 0.
    """
    assert bid < self.count, "bounty: unknown bounty"
    info: Info = self._info[bid]
    assert msg.sender == info.sponsor, "bounty: not the sponsor"
    assert not info.paid, "bounty: already paid"
    nobody: bool = len(self._solvers[bid]) == 0 and block.timestamp >= info.revealDeadline
    if not nobody:
        assert self._final(info, bid), "bounty: scores not final"
        assert info.best == 0, "bounty: a valid submission exists"
    self._info[bid].paid = True
    send(msg.sender, info.reward)
    log Paid(id=bid, to=msg.sender, amount=info.reward, refund=True)


@view
@external
def info(bid: uint256) -> Info:
    """
    @notice Everything about bounty `bid`.
    """
    assert bid < self.count, "bounty: unknown bounty"
    return self._info[bid]


@view
@external
def judges(bid: uint256) -> DynArray[address, MAX_JUDGES]:
    return self._judges[bid]


@view
@external
def solvers(bid: uint256) -> DynArray[address, MAX_SOLVERS]:
    """
    @notice Revealed solvers, in reveal order (the order of the scores).
    """
    return self._solvers[bid]


@view
@external
def scores(bid: uint256) -> DynArray[uint256, MAX_SOLVERS]:
    return self._scores[bid]


@view
@external
def isFinal(bid: uint256) -> bool:
    return self._final(self._info[bid], bid)
