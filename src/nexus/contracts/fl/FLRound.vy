# pragma version 0.4.3
"""
@title Nexus federated-learning round log and reward pool
@notice One contract per federation. The coordinator registers the clients — each registration
        carries the keccak256 hash of the client's DID (a secp256k1 did:key whose key is the key of
        the client's address) and the client's signature over (this contract, that hash), so only the
        holder of the address's key can be registered, and under one DID only — then for each round
        commits the Merkle root (RFC 9162, SHA-256) of the clients' update hashes BEFORE it aggregates,
        and finalizes the round with the global model's fingerprint and the clients whose updates the
        robust aggregator rejected. Each leaf is sha256(0x00 || client || updateHash), so a client can
        prove on chain that its update was included (`verifyInclusion`). The pool pays each finalized
        round's budget pro rata to the coordinator-reported contribution weights; a rejected client's
        weight must be zero, so it earns nothing. Payments are pulled (`claim`).
@dev Revert messages are prefixed with "fl:".
"""

MAX_CLIENTS: constant(uint256) = 256
MAX_DEPTH: constant(uint256) = 32

event Registered:
    client: indexed(address)
    did: indexed(bytes32)

event Committed:
    round: indexed(uint256)
    root: bytes32
    count: uint256

event Finalized:
    round: indexed(uint256)
    model: bytes32
    rejected: uint256

event Rejected:
    round: indexed(uint256)
    client: indexed(address)

event Rewarded:
    round: indexed(uint256)
    client: indexed(address)
    amount: uint256

event Claimed:
    client: indexed(address)
    amount: uint256

owner: public(address)
registered: public(HashMap[address, bool])
didHash: public(HashMap[address, bytes32])
clientOf: public(HashMap[bytes32, address])
clientCount: public(uint256)
rounds: public(uint256)
updatesRoot: public(HashMap[uint256, bytes32])
updateCount: public(HashMap[uint256, uint256])
committedBlock: public(HashMap[uint256, uint256])
modelFingerprint: public(HashMap[uint256, bytes32])
finalizedBlock: public(HashMap[uint256, uint256])
rejected: public(HashMap[uint256, HashMap[address, bool]])
rewarded: public(HashMap[uint256, bool])
rewardPerRound: public(uint256)
pool: public(uint256)
owed: public(HashMap[address, uint256])
earned: public(HashMap[address, uint256])


@deploy
@payable
def __init__(reward_per_round: uint256):
    self.owner = msg.sender
    self.rewardPerRound = reward_per_round
    self.pool = msg.value


@external
@payable
def fund():
    self.pool += msg.value


@view
@external
def registrationDigest(did_hash: bytes32) -> bytes32:
    """What a client signs (raw secp256k1, no prefix) to be registered here under `did_hash`."""
    return keccak256(concat(b"nexus-fl:register", convert(self, bytes20), did_hash))


@external
def register(client: address, did_hash: bytes32, v: uint8, r: bytes32, s: bytes32):
    assert msg.sender == self.owner, "fl: not the coordinator"
    assert client != empty(address), "fl: zero address"
    digest: bytes32 = keccak256(concat(b"nexus-fl:register", convert(self, bytes20), did_hash))
    assert ecrecover(digest, v, r, s) == client, "fl: registration not signed by the client's key"
    if did_hash != empty(bytes32):
        assert self.clientOf[did_hash] == empty(address) or self.clientOf[did_hash] == client, "fl: DID taken"
        self.clientOf[did_hash] = client
    if not self.registered[client]:
        self.registered[client] = True
        self.clientCount += 1
    else:
        assert self.didHash[client] == did_hash, "fl: client registered under another DID"
    self.didHash[client] = did_hash
    log Registered(client=client, did=did_hash)


@external
def commitUpdates(round: uint256, root: bytes32, count: uint256):
    assert msg.sender == self.owner, "fl: not the coordinator"
    assert round > self.rounds, "fl: round already finalized"
    assert self.committedBlock[round] == 0, "fl: already committed"
    assert count > 0, "fl: no updates"
    self.updatesRoot[round] = root
    self.updateCount[round] = count
    self.committedBlock[round] = block.number
    log Committed(round=round, root=root, count=count)


@external
def finalize(round: uint256, model: bytes32, rejects: DynArray[address, MAX_CLIENTS]):
    assert msg.sender == self.owner, "fl: not the coordinator"
    assert self.committedBlock[round] != 0, "fl: updates not committed"
    assert self.finalizedBlock[round] == 0, "fl: already finalized"
    self.modelFingerprint[round] = model
    self.finalizedBlock[round] = block.number
    self.rounds = round
    for c: address in rejects:
        self.rejected[round][c] = True
        log Rejected(round=round, client=c)
    log Finalized(round=round, model=model, rejected=len(rejects))


@external
def reward(round: uint256, clients: DynArray[address, MAX_CLIENTS], weights: DynArray[uint256, MAX_CLIENTS]):
    assert msg.sender == self.owner, "fl: not the coordinator"
    assert self.finalizedBlock[round] != 0, "fl: round not finalized"
    assert not self.rewarded[round], "fl: already rewarded"
    assert len(clients) == len(weights), "fl: length mismatch"
    self.rewarded[round] = True
    total: uint256 = 0
    for i: uint256 in range(len(clients), bound=MAX_CLIENTS):
        assert self.registered[clients[i]], "fl: unregistered client"
        assert weights[i] == 0 or not self.rejected[round][clients[i]], "fl: rejected update paid"
        total += weights[i]
    if total == 0:
        return
    budget: uint256 = min(self.rewardPerRound, self.pool)
    spent: uint256 = 0
    for i: uint256 in range(len(clients), bound=MAX_CLIENTS):
        amount: uint256 = budget * weights[i] // total
        if amount > 0:
            self.owed[clients[i]] += amount
            self.earned[clients[i]] += amount
            spent += amount
            log Rewarded(round=round, client=clients[i], amount=amount)
    self.pool -= spent


@external
def claim() -> uint256:
    amount: uint256 = self.owed[msg.sender]
    self.owed[msg.sender] = 0
    if amount > 0:
        send(msg.sender, amount)
        log Claimed(client=msg.sender, amount=amount)
    return amount


@pure
@internal
def _node(left: bytes32, right: bytes32) -> bytes32:
    return sha256(concat(b"\x01", left, right))


@view
@external
def leafHash(client: address, update: bytes32) -> bytes32:
    return sha256(concat(b"\x00", convert(client, bytes20), update))


@view
@external
def verifyInclusion(
    round: uint256, client: address, update: bytes32, index: uint256, proof: DynArray[bytes32, MAX_DEPTH]
) -> bool:
    """RFC 9162 section 2.1.3.2: recompute the root from the leaf and its audit path."""
    size: uint256 = self.updateCount[round]
    if index >= size:
        return False
    fn: uint256 = index
    sn: uint256 = size - 1
    r: bytes32 = sha256(concat(b"\x00", convert(client, bytes20), update))
    for p: bytes32 in proof:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = self._node(p, r)
            for _: uint256 in range(MAX_DEPTH):
                if fn % 2 == 1 or fn == 0:
                    break
                fn = fn >> 1
                sn = sn >> 1
        else:
            r = self._node(r, p)
        fn = fn >> 1
        sn = sn >> 1
    return sn == 0 and r == self.updatesRoot[round]
