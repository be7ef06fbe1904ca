# pragma version 0.4.3
"""
@title Nexus cross-chain inbox
@notice Delivers a message sent through a trusted outbox on another chain when `quorum` of the
        authorised signers (the oracle network's nodes) signed it: EIP-712 over (source chain id,
        source contract, nonce, sender, recipient, payload, finality depth), in the domain of this
        inbox on this chain, so a signature is good for one destination only.
@dev Each (source chain, nonce) is consumed once. The signed finality depth must reach the
     source's minimum. Per window of `window` seconds at most `route_cap` messages per source
     chain and `sender_cap` per (source chain, sender) are delivered. Signatures come sorted by
     signer address (strictly ascending: no signer counts twice). Revert messages are prefixed
     with "inbox:".
"""

MAX_SIGNERS: constant(uint256) = 31
MAX_PAYLOAD: constant(uint256) = 1024
DOMAIN_TYPEHASH: constant(bytes32) = keccak256(
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)
MESSAGE_TYPEHASH: constant(bytes32) = keccak256(
    "Message(uint256 srcChainId,address srcContract,uint64 nonce,address sender,address recipient,bytes payload,uint32 finality)"
)

struct Sig:
    r: bytes32
    vs: bytes32  # EIP-2098: y-parity in the top bit of s

event Delivered:
    src_chain: indexed(uint256)
    nonce: indexed(uint64)
    recipient: indexed(address)
    sender: address
    payload_hash: bytes32

event SignersSet:
    quorum: uint256
    signers: DynArray[address, MAX_SIGNERS]

event SourceSet:
    src_chain: uint256
    outbox: address
    min_finality: uint32

owner: public(address)
DOMAIN: public(bytes32)  # storage, not immutable: the deployer checks runtime code against the manifest
signers: public(DynArray[address, MAX_SIGNERS])
is_signer: public(HashMap[address, bool])
quorum: public(uint256)
sources: public(HashMap[uint256, address])
min_finality: public(HashMap[uint256, uint32])
window: public(uint256)
route_cap: public(uint256)
sender_cap: public(uint256)
delivered: public(HashMap[uint256, HashMap[uint64, bytes32]])  # (src chain, nonce) -> payload hash
route_used: public(HashMap[uint256, HashMap[uint256, uint256]])
sender_used: public(HashMap[uint256, HashMap[address, HashMap[uint256, uint256]]])
count: public(uint256)


@deploy
def __init__(window: uint256, route_cap: uint256, sender_cap: uint256):
    assert window > 0 and route_cap > 0 and sender_cap > 0, "inbox: window and caps must be positive"
    self.owner = msg.sender
    self.window = window
    self.route_cap = route_cap
    self.sender_cap = sender_cap
    self.DOMAIN = keccak256(
        abi_encode(DOMAIN_TYPEHASH, keccak256("NexusXChain"), keccak256("1"), chain.id, self)
    )


@external
def set_signers(signers: DynArray[address, MAX_SIGNERS], quorum: uint256):
    """Replace the signer set; a quorum is a strict majority of it (a minority never delivers)."""
    assert msg.sender == self.owner, "inbox: not owner"
    assert 2 * quorum > len(signers) and quorum <= len(signers), "inbox: quorum must be a majority"
    for s: address in self.signers:
        self.is_signer[s] = False
    for s: address in signers:
        assert s != empty(address) and not self.is_signer[s], "inbox: zero or repeated signer"
        self.is_signer[s] = True
    self.signers = signers
    self.quorum = quorum
    log SignersSet(quorum=quorum, signers=signers)


@view
@external
def signer_list() -> DynArray[address, MAX_SIGNERS]:
    """The whole signer set."""
    return self.signers


@external
def set_source(src_chain: uint256, outbox: address, min_finality: uint32):
    """Trust `outbox` on chain `src_chain`, for messages final at `min_finality` blocks or deeper."""
    assert msg.sender == self.owner, "inbox: not owner"
    assert src_chain != chain.id, "inbox: a source is another chain"
    self.sources[src_chain] = outbox
    self.min_finality[src_chain] = min_finality
    log SourceSet(src_chain=src_chain, outbox=outbox, min_finality=min_finality)


@view
@internal
def _digest(
    src_chain: uint256, src: address, nonce: uint64, sender: address, recipient: address,
    payload: Bytes[MAX_PAYLOAD], finality: uint32
) -> bytes32:
    h: bytes32 = keccak256(
        abi_encode(MESSAGE_TYPEHASH, src_chain, src, nonce, sender, recipient, keccak256(payload), finality)
    )
    return keccak256(concat(x"1901", self.DOMAIN, h))


@view
@external
def digest(
    src_chain: uint256, src: address, nonce: uint64, sender: address, recipient: address,
    payload: Bytes[MAX_PAYLOAD], finality: uint32
) -> bytes32:
    """The EIP-712 digest the signers sign for this message and this inbox."""
    return self._digest(src_chain, src, nonce, sender, recipient, payload, finality)


@external
def deliver(
    src_chain: uint256, src: address, nonce: uint64, sender: address, recipient: address,
    payload: Bytes[MAX_PAYLOAD], finality: uint32, sigs: DynArray[Sig, MAX_SIGNERS]
):
    """Deliver one message (once) given `quorum` signatures sorted by signer address."""
    assert src != empty(address) and self.sources[src_chain] == src, "inbox: unknown source"
    assert finality >= self.min_finality[src_chain], "inbox: finality below the source's minimum"
    assert self.delivered[src_chain][nonce] == empty(bytes32), "inbox: already delivered"
    assert len(sigs) >= self.quorum, "inbox: below quorum"
    digest: bytes32 = self._digest(src_chain, src, nonce, sender, recipient, payload, finality)
    prev: uint256 = 0
    for sig: Sig in sigs:
        vs: uint256 = convert(sig.vs, uint256)
        got: address = ecrecover(digest, 27 + (vs >> 255), convert(sig.r, uint256), vs & (2**255 - 1))
        assert convert(got, uint256) > prev, "inbox: signers not sorted or repeated"
        assert self.is_signer[got], "inbox: unknown signer"
        prev = convert(got, uint256)
    w: uint256 = block.timestamp // self.window
    r: uint256 = self.route_used[src_chain][w] + 1
    assert r <= self.route_cap, "inbox: route rate limit"
    self.route_used[src_chain][w] = r
    s: uint256 = self.sender_used[src_chain][sender][w] + 1
    assert s <= self.sender_cap, "inbox: sender rate limit"
    self.sender_used[src_chain][sender][w] = s
    ph: bytes32 = keccak256(payload)
    self.delivered[src_chain][nonce] = ph
    self.count += 1
    log Delivered(src_chain=src_chain, nonce=nonce, recipient=recipient, sender=sender, payload_hash=ph)
