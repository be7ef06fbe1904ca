# pragma version 0.4.3
"""
@title Nexus AI services: pay-per-call registry, one-way payment channels, result disputes
@notice A provider registers a service (model fingerprint, input-schema hash, price per call, a
        stake, the amount slashed per lost dispute, a dispute window). A client opens a one-way
        channel to a service with a deposit and an expiry; per call it signs an EIP-712 Voucher
        (channelId, nonce, amount): the running total owed under the channel's current nonce. The
        provider claims once with the latest voucher: the amount leaves the deposit, the nonce
        moves on, so every older voucher is void. After the expiry the client takes back the rest.
        Every answer carries a Receipt (serviceId, request, model, output, issuedAt) signed by the
        provider. Within the service's window a client may dispute a receipt with a bond
        (DISPUTE_BOND_CALLS x price). Staked verifiers re-run the model on the revealed input and
        vote the output hash they get; QUORUM equal votes decide. An output that differs from the
        receipt's slashes the provider (half to the client, half to the verifiers who voted it)
        and returns the bond; otherwise the bond goes half to the provider, half to the verifiers.
        Payouts are credited and withdrawn (`withdraw`).
@dev Revert messages are prefixed with "ai:". Limitations (documented): a dispute that never
     reaches QUORUM equal votes stays open (the bond stays locked); verifiers join with a fixed
     minimum stake and are not slashed for a minority vote.
"""

QUORUM: constant(uint256) = 2
MAX_VOTES: constant(uint256) = 8
VERIFIER_STAKE: constant(uint256) = 10 ** 16
DISPUTE_BOND_CALLS: constant(uint256) = 10
DOMAIN_TYPEHASH: constant(bytes32) = keccak256(
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)
VOUCHER_TYPEHASH: constant(bytes32) = keccak256("Voucher(uint256 channelId,uint256 nonce,uint256 amount)")
RECEIPT_TYPEHASH: constant(bytes32) = keccak256(
    "Receipt(uint256 serviceId,bytes32 request,bytes32 model,bytes32 output,uint256 issuedAt)"
)


struct Sig:
    v: uint8
    r: bytes32
    s: bytes32


struct Service:
    provider: address
    model: bytes32
    schema: bytes32
    price: uint256
    stake: uint256
    slash: uint256
    disputeWindow: uint256
    verifier: address
    zkPrice: uint256
    active: bool
    openDisputes: uint256
    name: String[64]


struct Channel:
    client: address
    serviceId: uint256
    value: uint256
    nonce: uint256
    expiry: uint256
    claimed: uint256


struct Dispute:
    serviceId: uint256
    client: address
    request: bytes32
    output: bytes32
    issuedAt: uint256
    bond: uint256
    openedAt: uint256
    resolved: bool
    upheld: bool
    decided: bytes32


event ServiceRegistered:
    id: indexed(uint256)
    provider: indexed(address)
    model: bytes32
    price: uint256
    stake: uint256

event ServiceUpdated:
    id: indexed(uint256)
    price: uint256
    active: bool
    verifier: address
    zkPrice: uint256

event ChannelOpened:
    id: indexed(uint256)
    client: indexed(address)
    serviceId: indexed(uint256)
    value: uint256
    expiry: uint256

event ChannelFunded:
    id: indexed(uint256)
    value: uint256
    expiry: uint256

event ChannelClaimed:
    id: indexed(uint256)
    nonce: uint256
    amount: uint256

event ChannelClosed:
    id: indexed(uint256)
    refund: uint256

event DisputeOpened:
    id: indexed(uint256)
    serviceId: indexed(uint256)
    client: indexed(address)
    request: bytes32
    output: bytes32

event Voted:
    id: indexed(uint256)
    verifier: indexed(address)
    output: bytes32

event DisputeResolved:
    id: indexed(uint256)
    upheld: bool
    slashed: uint256


services: public(HashMap[uint256, Service])
serviceCount: public(uint256)
channels: public(HashMap[uint256, Channel])
channelCount: public(uint256)
disputes: public(HashMap[uint256, Dispute])
disputeCount: public(uint256)
disputed: public(HashMap[bytes32, bool])
verifierStake: public(HashMap[address, uint256])
credits: public(HashMap[address, uint256])
voters: HashMap[uint256, DynArray[address, MAX_VOTES]]
ballot: HashMap[uint256, HashMap[address, bytes32]]


@view
@internal
def _domain() -> bytes32:
    # computed, not immutable: the deployment manifest checks the runtime code against the compiler's
    return keccak256(abi_encode(DOMAIN_TYPEHASH, keccak256("NexusAIServices"), keccak256("1"), chain.id, self))


@view
@external
def DOMAIN_SEPARATOR() -> bytes32:
    return self._domain()


@view
@internal
def _signer(struct_hash: bytes32, sig: Sig) -> address:
    digest: bytes32 = keccak256(concat(x"1901", self._domain(), struct_hash))
    got: address = ecrecover(digest, convert(sig.v, uint256), convert(sig.r, uint256), convert(sig.s, uint256))
    assert got != empty(address), "ai: bad signature"
    return got


@payable
@external
def register(model: bytes32, schema: bytes32, price: uint256, slash: uint256, disputeWindow: uint256,
             name: String[64]) -> uint256:
    """
    @notice Register a service; msg.value is its stake (>= slash > 0).
    """
    assert price > 0, "ai: price is positive"
    assert slash > 0 and msg.value >= slash, "ai: stake must cover one slash"
    assert disputeWindow > 0, "ai: dispute window is positive"
    sid: uint256 = self.serviceCount
    self.services[sid] = Service(provider=msg.sender, model=model, schema=schema, price=price, stake=msg.value,
                                 slash=slash, disputeWindow=disputeWindow, verifier=empty(address), zkPrice=0,
                                 active=True, openDisputes=0, name=name)
    self.serviceCount = sid + 1
    log ServiceRegistered(id=sid, provider=msg.sender, model=model, price=price, stake=msg.value)
    return sid


@internal
def _updated(sid: uint256):
    s: Service = self.services[sid]
    log ServiceUpdated(id=sid, price=s.price, active=s.active, verifier=s.verifier, zkPrice=s.zkPrice)


@external
def update(sid: uint256, price: uint256, active: bool):
    assert msg.sender == self.services[sid].provider, "ai: not the provider"
    assert price > 0, "ai: price is positive"
    self.services[sid].price = price
    self.services[sid].active = active
    self._updated(sid)


@external
def setVerifier(sid: uint256, verifier: address, zkPrice: uint256):
    """
    @notice Link a zero-knowledge verifier contract (for this model only) and the proven-answer price.
    """
    assert msg.sender == self.services[sid].provider, "ai: not the provider"
    assert verifier.is_contract and zkPrice > 0, "ai: a verifier contract and a positive price"
    self.services[sid].verifier = verifier
    self.services[sid].zkPrice = zkPrice
    self._updated(sid)


@payable
@external
def addStake(sid: uint256):
    assert msg.sender == self.services[sid].provider, "ai: not the provider"
    self.services[sid].stake += msg.value


@external
def withdrawStake(sid: uint256):
    """
    @notice An inactive service with no open dispute gives its stake back.
    """
    s: Service = self.services[sid]
    assert msg.sender == s.provider, "ai: not the provider"
    assert not s.active and s.openDisputes == 0, "ai: deactivate and settle disputes first"
    self.services[sid].stake = 0
    self.credits[msg.sender] += s.stake


@payable
@external
def openChannel(sid: uint256, expiry: uint256) -> uint256:
    assert sid < self.serviceCount and self.services[sid].active, "ai: no such active service"
    assert msg.value > 0 and expiry > block.timestamp, "ai: a deposit and a future expiry"
    cid: uint256 = self.channelCount
    self.channels[cid] = Channel(client=msg.sender, serviceId=sid, value=msg.value, nonce=0, expiry=expiry,
                                 claimed=0)
    self.channelCount = cid + 1
    log ChannelOpened(id=cid, client=msg.sender, serviceId=sid, value=msg.value, expiry=expiry)
    return cid


@payable
@external
def fund(cid: uint256, expiry: uint256):
    c: Channel = self.channels[cid]
    assert msg.sender == c.client, "ai: not the client"
    assert expiry >= c.expiry, "ai: the expiry only moves later"
    self.channels[cid].value = c.value + msg.value
    self.channels[cid].expiry = expiry
    log ChannelFunded(id=cid, value=c.value + msg.value, expiry=expiry)


@view
@external
def voucherHash(cid: uint256, nonce: uint256, amount: uint256) -> bytes32:
    return keccak256(concat(x"1901", self._domain(), keccak256(abi_encode(VOUCHER_TYPEHASH, cid, nonce, amount))))


@external
def claim(cid: uint256, amount: uint256, sig: Sig):
    """
    @notice The provider takes `amount` (the client's latest voucher under the current nonce).
    """
    c: Channel = self.channels[cid]
    assert msg.sender == self.services[c.serviceId].provider, "ai: not the provider"
    assert amount > 0 and amount <= c.value, "ai: amount exceeds the deposit"
    signer: address = self._signer(keccak256(abi_encode(VOUCHER_TYPEHASH, cid, c.nonce, amount)), sig)
    assert signer == c.client, "ai: voucher not signed by the client"
    self.channels[cid].value = c.value - amount
    self.channels[cid].nonce = c.nonce + 1
    self.channels[cid].claimed = c.claimed + amount
    log ChannelClaimed(id=cid, nonce=c.nonce, amount=amount)
    send(msg.sender, amount)


@external
def closeChannel(cid: uint256):
    c: Channel = self.channels[cid]
    assert msg.sender == c.client, "ai: not the client"
    assert block.timestamp >= c.expiry, "ai: the channel has not expired"
    self.channels[cid].value = 0
    log ChannelClosed(id=cid, refund=c.value)
    if c.value > 0:
        send(msg.sender, c.value)


@payable
@external
def joinVerifiers():
    self.verifierStake[msg.sender] += msg.value
    assert self.verifierStake[msg.sender] >= VERIFIER_STAKE, "ai: verifier stake too small"


@view
@external
def receiptHash(sid: uint256, request: bytes32, model: bytes32, output: bytes32, issuedAt: uint256) -> bytes32:
    return keccak256(concat(x"1901", self._domain(), keccak256(abi_encode(
        RECEIPT_TYPEHASH, sid, request, model, output, issuedAt))))


@payable
@external
def openDispute(sid: uint256, request: bytes32, output: bytes32, issuedAt: uint256, sig: Sig) -> uint256:
    """
    @notice Dispute a signed receipt of service `sid` within its window, posting the bond.
    """
    s: Service = self.services[sid]
    assert sid < self.serviceCount, "ai: no such service"
    assert block.timestamp <= issuedAt + s.disputeWindow, "ai: the dispute window has closed"
    assert msg.value >= DISPUTE_BOND_CALLS * s.price, "ai: bond too small"
    rh: bytes32 = keccak256(abi_encode(RECEIPT_TYPEHASH, sid, request, s.model, output, issuedAt))
    assert self._signer(rh, sig) == s.provider, "ai: receipt not signed by the provider"
    assert not self.disputed[rh], "ai: receipt already disputed"
    self.disputed[rh] = True
    did: uint256 = self.disputeCount
    self.disputes[did] = Dispute(serviceId=sid, client=msg.sender, request=request, output=output,
                                 issuedAt=issuedAt, bond=msg.value, openedAt=block.timestamp, resolved=False,
                                 upheld=False, decided=empty(bytes32))
    self.disputeCount = did + 1
    self.services[sid].openDisputes = s.openDisputes + 1
    log DisputeOpened(id=did, serviceId=sid, client=msg.sender, request=request, output=output)
    return did


@external
def vote(did: uint256, output: bytes32):
    """
    @notice A staked verifier's re-run output hash; QUORUM equal votes resolve the dispute.
    """
    d: Dispute = self.disputes[did]
    assert did < self.disputeCount and not d.resolved, "ai: no open dispute"
    assert self.verifierStake[msg.sender] >= VERIFIER_STAKE, "ai: not a verifier"
    s: Service = self.services[d.serviceId]
    assert msg.sender != s.provider and msg.sender != d.client, "ai: a party cannot verify"
    assert self.ballot[did][msg.sender] == empty(bytes32) and output != empty(bytes32), "ai: already voted"
    self.ballot[did][msg.sender] = output
    self.voters[did].append(msg.sender)
    log Voted(id=did, verifier=msg.sender, output=output)
    agree: DynArray[address, MAX_VOTES] = []
    for v: address in self.voters[did]:
        if self.ballot[did][v] == output:
            agree.append(v)
    if len(agree) < QUORUM:
        return
    self.disputes[did].resolved = True
    self.disputes[did].decided = output
    self.services[d.serviceId].openDisputes = s.openDisputes - 1
    pot: uint256 = 0
    slashed: uint256 = 0
    if output != d.output:
        slashed = min(s.slash, s.stake)
        self.disputes[did].upheld = True
        self.services[d.serviceId].stake = s.stake - slashed
        self.credits[d.client] += d.bond + slashed - slashed // 2
        pot = slashed // 2
    else:
        self.credits[s.provider] += d.bond - d.bond // 2
        pot = d.bond // 2
    share: uint256 = pot // len(agree)
    for v: address in agree:
        self.credits[v] += share
    self.credits[d.client if output != d.output else s.provider] += pot - share * len(agree)
    log DisputeResolved(id=did, upheld=output != d.output, slashed=slashed)


@view
@external
def votes(did: uint256) -> DynArray[address, MAX_VOTES]:
    return self.voters[did]


@external
def withdraw():
    amount: uint256 = self.credits[msg.sender]
    assert amount > 0, "ai: nothing to withdraw"
    self.credits[msg.sender] = 0
    send(msg.sender, amount)
