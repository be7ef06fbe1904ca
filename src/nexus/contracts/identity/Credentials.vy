# pragma version 0.4.3
"""
@title Nexus credential status and on-chain credential checks
@notice Bitstring status lists (W3C Bitstring Status List): each (owner, listId) is a bitstring kept as
        256-bit words; only its owner sets or clears a bit (revocation). An off-chain verifier reads the
        words and builds the BitstringStatusListCredential; a contract asks `isRevoked`.
        KYC/AML credentials are EIP-712 signed ("subject scored below scoreBelow, on issuedAt, by model
        `model`"); `checkAML` recovers the issuer with ecrecover, checks it is trusted, the validity
        window, the status bit and the caller's threshold, and learns nothing of the subject's data.
@dev Revert messages are prefixed with "vc:".
"""

DOMAIN_TYPEHASH: constant(bytes32) = keccak256(
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)
AML_TYPEHASH: constant(bytes32) = keccak256(
    "AMLCredential(address subject,uint256 scoreBelow,bytes32 model,uint256 issuedAt,uint256 validUntil,bytes32 statusList,uint256 statusIndex)"
)
MAX_WORDS: constant(uint256) = 512
SECP256K1N_HALF: constant(uint256) = 57896044618658097711785492504343953926418782939580747542402148474460357439488  # noqa

event StatusChanged:
    owner: indexed(address)
    listId: indexed(bytes32)
    index: uint256
    revoked: bool

event IssuerTrusted:
    issuer: indexed(address)
    trusted: bool

event AMLAccepted:
    subject: indexed(address)
    issuer: indexed(address)
    scoreBelow: uint256

admin: public(address)
trusted: public(HashMap[address, bool])
words: HashMap[address, HashMap[bytes32, HashMap[uint256, uint256]]]
accepted: public(HashMap[address, uint256])  # subject -> the scoreBelow it proved (0: none)
DOMAIN_SEPARATOR: public(bytes32)


@deploy
def __init__():
    self.admin = msg.sender
    self.DOMAIN_SEPARATOR = keccak256(abi_encode(DOMAIN_TYPEHASH, keccak256("NexusCredentials"), keccak256("1"),
                                            chain.id, self))


@external
def setTrusted(issuer: address, ok: bool):
    assert msg.sender == self.admin, "vc: admin only"
    self.trusted[issuer] = ok
    log IssuerTrusted(issuer=issuer, trusted=ok)


@external
def setStatus(listId: bytes32, index: uint256, revoked: bool):
    assert index < MAX_WORDS * 256, "vc: index out of range"
    w: uint256 = self.words[msg.sender][listId][index // 256]
    bit: uint256 = 1 << (index % 256)
    if revoked:
        w = w | bit
    else:
        w = w & (~bit)
    self.words[msg.sender][listId][index // 256] = w
    log StatusChanged(owner=msg.sender, listId=listId, index=index, revoked=revoked)


@view
@internal
def _revoked(owner: address, listId: bytes32, index: uint256) -> bool:
    if index >= MAX_WORDS * 256:
        return True
    return (self.words[owner][listId][index // 256] >> (index % 256)) & 1 == 1


@view
@external
def isRevoked(owner: address, listId: bytes32, index: uint256) -> bool:
    return self._revoked(owner, listId, index)


@view
@external
def statusWords(owner: address, listId: bytes32, start: uint256, count: uint256) -> DynArray[uint256, MAX_WORDS]:
    out: DynArray[uint256, MAX_WORDS] = []
    for i: uint256 in range(count, bound=MAX_WORDS):
        out.append(self.words[owner][listId][start + i])
    return out


@view
@internal
def _aml_issuer(subject: address, scoreBelow: uint256, model: bytes32, issuedAt: uint256, validUntil: uint256,
                statusIndex: uint256, v: uint8, r: bytes32, s: bytes32) -> address:
    assert convert(s, uint256) <= SECP256K1N_HALF, "vc: malleable signature"
    struct_hash: bytes32 = keccak256(abi_encode(AML_TYPEHASH, subject, scoreBelow, model, issuedAt, validUntil,
                                                keccak256("aml"), statusIndex))
    digest: bytes32 = keccak256(concat(b"\x19\x01", self.DOMAIN_SEPARATOR, struct_hash))
    signer: address = ecrecover(digest, v, r, s)
    assert signer != empty(address), "vc: bad signature"
    return signer


@view
@external
def checkAML(subject: address, scoreBelow: uint256, model: bytes32, issuedAt: uint256, validUntil: uint256,
             statusIndex: uint256, v: uint8, r: bytes32, s: bytes32, maxScore: uint256) -> address:
    """The issuer, if the credential is valid now and proves a score below `maxScore`; reverts otherwise."""
    issuer: address = self._aml_issuer(subject, scoreBelow, model, issuedAt, validUntil, statusIndex, v, r, s)
    assert self.trusted[issuer], "vc: issuer not trusted"
    assert issuedAt <= block.timestamp and block.timestamp < validUntil, "vc: credential expired"
    assert not self._revoked(issuer, keccak256("aml"), statusIndex), "vc: credential revoked"
    assert scoreBelow <= maxScore, "vc: score bound above the threshold"
    return issuer


@external
def acceptAML(scoreBelow: uint256, model: bytes32, issuedAt: uint256, validUntil: uint256, statusIndex: uint256,
              v: uint8, r: bytes32, s: bytes32, maxScore: uint256):
    """The caller proves its own AML credential (e.g. before a gated action)."""
    issuer: address = self._aml_issuer(msg.sender, scoreBelow, model, issuedAt, validUntil, statusIndex, v, r, s)
    assert self.trusted[issuer], "vc: issuer not trusted"
    assert issuedAt <= block.timestamp and block.timestamp < validUntil, "vc: credential expired"
    assert not self._revoked(issuer, keccak256("aml"), statusIndex), "vc: credential revoked"
    assert scoreBelow <= maxScore, "vc: score bound above the threshold"
    self.accepted[msg.sender] = scoreBelow
    log AMLAccepted(subject=msg.sender, issuer=issuer, scoreBelow=scoreBelow)
