# pragma version 0.4.3
"""
@title Nexus oracle aggregator
@notice Accepts one report per round, signed (EIP-712) by at least f+1 distinct authorised
        oracle nodes (the quorum q, f+1 by default, up to n), and serves it in the AggregatorV3
        read shape.
@dev A report carries the m >= 2f+1 observations (ascending) it was built from; the contract
     checks they are sorted, takes the median as the answer and [x_(f+1), x_(m-f)] as the band
     (inside the honest range with at most f lying values), and checks `quorum` signatures over
     the one report digest (not one signature per observation, as in OCR).
     Gas design (docs in nexus/oracle/README.md):
     - the signer set lives in the code of a data contract (written once per config change), so
       reading signer i costs a warm EXTCODECOPY instead of a cold SLOAD;
     - signer pointer, latest round, config version and quorum share one storage slot;
     - rounds live in a ring of `HISTORY` prepaid slots (`grow_history`, as Uniswap v3 prepays its
       observation slots), so a report rewrites a non-zero slot (5k gas) instead of a fresh one.
     Revert messages are prefixed with "aggregator:".
"""

from ..interfaces import IOracleFeed

implements: IOracleFeed

MAX_SIGNERS: constant(uint256) = 31
MAX_HISTORY: constant(uint256) = 65536
REPORT_TYPEHASH: constant(bytes32) = keccak256(
    "Report(uint32 configVersion,uint64 roundId,uint64 observedAt,int256[] observations)"
)
DOMAIN_TYPEHASH: constant(bytes32) = keccak256(
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)
# creation code returning everything after its 10 bytes: PUSH2 len DUP1 PUSH1 10 RETURNDATASIZE
# CODECOPY RETURNDATASIZE RETURN (the len bytes are patched in by _store_signers)
DATA_PREFIX_TAIL: constant(Bytes[7]) = x"80600a3d393df3"
# the data contract's code: a STOP byte, then abi_encode(n, address[31]) (unused entries zero)
DATA_HEADER: constant(uint256) = 33
TABLE_BYTES: constant(uint256) = 32 * MAX_SIGNERS
MASK60: constant(uint256) = 2**60 - 1
MASK40: constant(uint256) = 2**40 - 1
MASK24: constant(uint256) = 2**24 - 1
MASK8: constant(uint256) = 255
MASK48: constant(uint256) = 2**48 - 1
ANSWER_MAX: constant(int256) = 2**95 - 1


struct Sig:
    r: bytes32
    vs: bytes32  # EIP-2098 compact: y-parity in the top bit, s below


event ConfigSet:
    config_version: indexed(uint32)
    f: uint8
    quorum: uint8
    signers: DynArray[address, MAX_SIGNERS]

event SignerAdded:
    signer: indexed(address)
    config_version: indexed(uint32)

event SignerRemoved:
    signer: indexed(address)
    config_version: indexed(uint32)

event NewRound:
    round_id: indexed(uint256)
    answer: int256
    low: int256
    high: int256

event OwnershipTransferred:
    previous: indexed(address)
    owner: indexed(address)


owner: public(address)
description: public(String[64])
DECIMALS: immutable(uint8)
HISTORY: public(immutable(uint256))
MAX_AGE: public(immutable(uint256))
DOMAIN_SEPARATOR: public(immutable(bytes32))

# pointer to the signer data contract (160) | latest round (48) | n (8) | config version (24) | f (8) | quorum (8)
_hot: uint256
_rounds: HashMap[uint256, uint256]  # slot -> answer(96) | updatedAt(40) | low delta(60) | high delta(60)
prepaid: public(uint256)


@deploy
def __init__(decimals_: uint8, description_: String[64], history: uint256, max_age: uint256):
    """
    @notice A feed with `decimals_` decimals keeping the last `history` rounds.
    @param max_age Oldest accepted report, in seconds between its observation time and inclusion.
    """
    assert history > 0 and history <= MAX_HISTORY, "aggregator: bad history"
    self.owner = msg.sender
    self.description = description_
    DECIMALS = decimals_
    HISTORY = history
    MAX_AGE = max_age
    DOMAIN_SEPARATOR = keccak256(abi_encode(
        DOMAIN_TYPEHASH, keccak256("NexusOracle"), keccak256("1"), chain.id, self))
    log OwnershipTransferred(previous=empty(address), owner=msg.sender)


@external
def set_config(signers_: DynArray[address, MAX_SIGNERS], f: uint8, quorum: uint8):
    """
    @notice Replace the signer set (owner only); reports signed under the old set stop verifying.
    @param signers_ Distinct node addresses, n >= 3f+1.
    @param f Faulty nodes tolerated.
    @param quorum Signatures a report needs: f+1 (cheapest; f+1 colluders could forge) up to n
           (2f+1 keeps safety against up to 2f colluding signers).
    """
    assert msg.sender == self.owner, "aggregator: not owner"
    n: uint256 = len(signers_)
    assert n >= 3 * convert(f, uint256) + 1, "aggregator: need n >= 3f+1"
    assert quorum > f and convert(quorum, uint256) <= n, "aggregator: need f < quorum <= n"
    for i: uint256 in range(n, bound=MAX_SIGNERS):
        assert signers_[i] != empty(address), "aggregator: zero signer"
        for j: uint256 in range(i + 1, n, bound=MAX_SIGNERS):
            assert signers_[i] != signers_[j], "aggregator: duplicate signer"
    old: DynArray[address, MAX_SIGNERS] = self._signers()
    hot: uint256 = self._hot
    version: uint32 = convert((hot >> 16) & MASK24, uint32) + 1
    assert version < 2**24, "aggregator: too many configs"
    for s: address in old:
        if s not in signers_:
            log SignerRemoved(signer=s, config_version=version)
    for s: address in signers_:
        if s not in old:
            log SignerAdded(signer=s, config_version=version)
    table: address[MAX_SIGNERS] = empty(address[MAX_SIGNERS])
    for i: uint256 in range(n, bound=MAX_SIGNERS):
        table[i] = signers_[i]
    data: Bytes[1025] = concat(b"\x00", abi_encode(n, table))
    size: bytes32 = convert(len(data), bytes32)
    ptr: address = raw_create(concat(x"61", slice(size, 30, 2), DATA_PREFIX_TAIL, data))
    latest: uint256 = (hot >> 48) & MASK48
    self._hot = ((convert(ptr, uint256) << 96) | (latest << 48) | (n << 40) | (convert(version, uint256) << 16)
                 | (convert(f, uint256) << 8) | convert(quorum, uint256))
    log ConfigSet(config_version=version, f=f, quorum=quorum, signers=signers_)


@external
def transmit(round_id: uint64, observed_at: uint64, observations: DynArray[int256, MAX_SIGNERS],
             signer_indices: uint256, sigs: DynArray[Sig, MAX_SIGNERS]):
    """
    @notice Record round `round_id` (the next one) from m >= 2f+1 ascending observations, if at
            least `quorum` distinct authorised signers signed exactly this report. Anyone may relay it.
    @param observations The observations the report was built from, ascending; the answer is their
           median x_(ceil(m/2)) and the band [x_(f+1), x_(m-f)].
    @param signer_indices Byte i is the signer index of sigs[i]; strictly increasing.
    """
    hot: uint256 = self._hot
    quorum: uint256 = hot & MASK8
    f: uint256 = (hot >> 8) & MASK8
    ptr: address = convert(hot >> 96, address)
    assert ptr != empty(address), "aggregator: not configured"
    latest: uint256 = (hot >> 48) & MASK48
    assert convert(round_id, uint256) == latest + 1 and latest < MASK48, "aggregator: round not new"
    n: uint256 = (hot >> 40) & MASK8
    m: uint256 = len(observations)
    assert m >= 2 * f + 1 and m <= n, "aggregator: need 2f+1..n observations"
    prev_obs: int256 = min_value(int256)
    for x: int256 in observations:
        assert x >= prev_obs, "aggregator: observations not sorted"
        prev_obs = x
    answer: int256 = observations[(m + 1) // 2 - 1]
    low: int256 = observations[f]
    high: int256 = observations[m - 1 - f]
    assert low >= -ANSWER_MAX and high <= ANSWER_MAX, "aggregator: answer out of range"
    assert convert(answer - low, uint256) <= MASK60 and convert(high - answer, uint256) <= MASK60, "aggregator: band too wide"
    assert convert(observed_at, uint256) <= block.timestamp, "aggregator: report from the future"
    assert block.timestamp - convert(observed_at, uint256) <= MAX_AGE, "aggregator: stale report"
    assert len(sigs) >= quorum, "aggregator: too few signatures"
    packed_obs: Bytes[1056] = abi_encode(observations)
    digest: bytes32 = keccak256(concat(x"1901", DOMAIN_SEPARATOR, keccak256(abi_encode(
        REPORT_TYPEHASH, (hot >> 16) & MASK24, round_id, observed_at,
        keccak256(slice(packed_obs, 64, 32 * m))))))
    table: Bytes[TABLE_BYTES] = slice(ptr.code, DATA_HEADER, TABLE_BYTES)  # one EXTCODECOPY for all signers
    prev: uint256 = 0  # previous index + 1
    word: uint256 = signer_indices
    for sig: Sig in sigs:
        idx: uint256 = word & MASK8
        word >>= 8
        assert idx + 1 > prev, "aggregator: signers not sorted or repeated"
        prev = idx + 1
        vs: uint256 = convert(sig.vs, uint256)
        got: address = ecrecover(digest, 27 + (vs >> 255), convert(sig.r, uint256), vs & (2**255 - 1))
        # signers are never the zero address (set_config), so a failed recovery (0) never matches
        assert got == extract32(table, 32 * idx, output_type=address), "aggregator: bad signature"
    # indices strictly increase, so the last is the largest: one bound check covers them all (an
    # index past n would also read a zero table entry, which only a failed recovery matches)
    assert prev <= n, "aggregator: unknown signer"
    self._hot = hot + (1 << 48)
    packed: int256 = answer
    if answer < 0:  # 96-bit two's complement; _round sign-extends it back
        packed = answer + 2**96
    self._rounds[convert(round_id, uint256) % HISTORY] = (
        convert(packed, uint256) << 160
        | (block.timestamp & MASK40) << 120
        | convert(answer - low, uint256) << 60
        | convert(high - answer, uint256))
    log NewRound(round_id=convert(round_id, uint256), answer=answer, low=low, high=high)


@external
def grow_history(count: uint256) -> uint256:
    """
    @notice Prepay up to `count` more round slots (anyone may pay); returns the total prepaid.
    """
    start: uint256 = self.prepaid
    stop: uint256 = min(start + count, HISTORY)
    for i: uint256 in range(start, stop, bound=MAX_HISTORY):
        if self._rounds[i] == 0:
            self._rounds[i] = 1
    self.prepaid = stop
    return stop


@view
@internal
def _signers() -> DynArray[address, MAX_SIGNERS]:
    ptr: address = convert(self._hot >> 96, address)
    if ptr == empty(address):
        return []
    n: uint256 = (self._hot >> 40) & MASK8
    out: DynArray[address, MAX_SIGNERS] = []
    for i: uint256 in range(n, bound=MAX_SIGNERS):
        out.append(extract32(slice(ptr.code, DATA_HEADER + 32 * i, 32), 0, output_type=address))
    return out


@view
@internal
def _round(round_id: uint256) -> (int256, int256, int256, uint256):
    latest: uint256 = (self._hot >> 48) & MASK48
    assert round_id > 0 and round_id <= latest and latest - round_id < HISTORY, "aggregator: no data"
    word: uint256 = self._rounds[round_id % HISTORY]
    answer: int256 = convert(word >> 160, int256)
    if answer >= 2**95:
        answer -= 2**96
    low: int256 = answer - convert((word >> 60) & MASK60, int256)
    high: int256 = answer + convert(word & MASK60, int256)
    return answer, low, high, (word >> 120) & MASK40


@view
@external
def signers() -> DynArray[address, MAX_SIGNERS]:
    """
    @notice The authorised signers, in index order.
    """
    return self._signers()


@view
@external
def config() -> (uint32, uint8, uint8, uint256):
    """
    @notice (config version, f, quorum, n).
    """
    hot: uint256 = self._hot
    return (convert((hot >> 16) & MASK24, uint32), convert((hot >> 8) & MASK8, uint8), convert(hot & MASK8, uint8),
            len(self._signers()))


@view
@external
def latestRound() -> uint256:
    """
    @notice Id of the latest accepted round (0 before the first).
    """
    return (self._hot >> 48) & MASK48


@view
@external
def decimals() -> uint8:
    """
    @notice Decimals of the answer.
    """
    return DECIMALS


@view
@external
def version() -> uint256:
    """
    @notice Version of this aggregator's interface.
    """
    return 1


@view
@external
def getRoundData(round_id: uint80) -> (uint80, int256, uint256, uint256, uint80):
    """
    @notice AggregatorV3: (roundId, answer, startedAt, updatedAt, answeredInRound); reverts for
            rounds not kept.
    """
    answer: int256 = 0
    low: int256 = 0
    high: int256 = 0
    at: uint256 = 0
    answer, low, high, at = self._round(convert(round_id, uint256))
    return round_id, answer, at, at, round_id


@view
@external
def latestRoundData() -> (uint80, int256, uint256, uint256, uint80):
    """
    @notice AggregatorV3 shape of the latest round; reverts before the first.
    """
    rid: uint256 = (self._hot >> 48) & MASK48
    answer: int256 = 0
    low: int256 = 0
    high: int256 = 0
    at: uint256 = 0
    answer, low, high, at = self._round(rid)
    return convert(rid, uint80), answer, at, at, convert(rid, uint80)


@view
@external
def getRoundBand(round_id: uint256) -> (int256, int256, int256, uint256):
    """
    @notice (answer, low, high, updatedAt) of a kept round.
    """
    return self._round(round_id)


@view
@external
def latestBand() -> (uint256, int256, int256, int256, uint256):
    """
    @notice (roundId, answer, low, high, updatedAt) of the latest round.
    """
    rid: uint256 = (self._hot >> 48) & MASK48
    answer: int256 = 0
    low: int256 = 0
    high: int256 = 0
    at: uint256 = 0
    answer, low, high, at = self._round(rid)
    return rid, answer, low, high, at


@external
def transfer_ownership(new_owner: address):
    """
    @notice Hand the aggregator to `new_owner`.
    """
    assert msg.sender == self.owner, "aggregator: not owner"
    assert new_owner != empty(address), "aggregator: zero owner"
    log OwnershipTransferred(previous=self.owner, owner=new_owner)
    self.owner = new_owner
