# pragma version 0.4.3
"""
@title Nexus dynamic NFT (ERC-721 with ERC-4906 metadata updates)
@notice Standard ERC-721 (OpenZeppelin semantics: owner or approved or operator may transfer, a
        transfer clears the token's approval, safe transfers and mints to a contract call
        onERC721Received and revert unless it returns its selector) plus the ERC-4906 events a
        marketplace listens to. Each token carries an evolving state: `stateOf` (hash of its traits),
        `imageOf` (SHA-256 of the PNG the node renders for that state) and `versionOf`. Evolvers (the
        node) move a token to a new state with `evolve` / `evolveBatch`, which emit MetadataUpdate /
        BatchMetadataUpdate, so anyone can check a served picture against the chain. A holder's
        `interact` is an on-chain action the node may evolve the token on.
@dev Revert messages are prefixed with "nft:".
"""

interface IERC721Receiver:
    def onERC721Received(operator: address, sender: address, tokenId: uint256, data: Bytes[1024]) -> bytes4: nonpayable

ERC165_ID: constant(bytes4) = 0x01ffc9a7
ERC721_ID: constant(bytes4) = 0x80ac58cd
ERC721_METADATA_ID: constant(bytes4) = 0x5b5e139f
ERC4906_ID: constant(bytes4) = 0x49064906
RECEIVED: constant(bytes4) = 0x150b7a02
MAX_BATCH: constant(uint256) = 64

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    tokenId: indexed(uint256)

event Approval:
    owner: indexed(address)
    approved: indexed(address)
    tokenId: indexed(uint256)

event ApprovalForAll:
    owner: indexed(address)
    operator: indexed(address)
    approved: bool

event MetadataUpdate:
    _tokenId: uint256

event BatchMetadataUpdate:
    _fromTokenId: uint256
    _toTokenId: uint256

event Evolved:
    tokenId: indexed(uint256)
    version: uint256
    state: bytes32
    image: bytes32
    cause: bytes32

event Interacted:
    tokenId: indexed(uint256)
    holder: indexed(address)
    action: uint256

event EvolverSet:
    who: indexed(address)
    allowed: bool

name: public(String[64])
symbol: public(String[16])
baseURI: public(String[128])
owner: public(address)
evolvers: public(HashMap[address, bool])
totalSupply: public(uint256)

idToOwner: HashMap[uint256, address]
ownerToCount: HashMap[address, uint256]
idToApproval: HashMap[uint256, address]
operators: HashMap[address, HashMap[address, bool]]

stateOf: public(HashMap[uint256, bytes32])
imageOf: public(HashMap[uint256, bytes32])
versionOf: public(HashMap[uint256, uint256])


@deploy
def __init__():
    self.name = "Nexus Dynamic NFT"
    self.symbol = "NXDN"
    self.baseURI = "/nft/"
    self.owner = msg.sender
    self.evolvers[msg.sender] = True
    log EvolverSet(who=msg.sender, allowed=True)


@external
@view
def supportsInterface(interfaceId: bytes4) -> bool:
    return interfaceId in [ERC165_ID, ERC721_ID, ERC721_METADATA_ID, ERC4906_ID]


@external
@view
def balanceOf(owner: address) -> uint256:
    assert owner != empty(address), "nft: zero address"
    return self.ownerToCount[owner]


@external
@view
def ownerOf(tokenId: uint256) -> address:
    holder: address = self.idToOwner[tokenId]
    assert holder != empty(address), "nft: no such token"
    return holder


@external
@view
def getApproved(tokenId: uint256) -> address:
    assert self.idToOwner[tokenId] != empty(address), "nft: no such token"
    return self.idToApproval[tokenId]


@external
@view
def isApprovedForAll(owner: address, operator: address) -> bool:
    return self.operators[owner][operator]


@external
@view
def tokenURI(tokenId: uint256) -> String[224]:
    assert self.idToOwner[tokenId] != empty(address), "nft: no such token"
    return concat(self.baseURI, uint2str(tokenId), "/metadata")


@external
def approve(approved: address, tokenId: uint256):
    holder: address = self.idToOwner[tokenId]
    assert holder != empty(address), "nft: no such token"
    assert approved != holder, "nft: approval to current owner"
    assert msg.sender == holder or self.operators[holder][msg.sender], "nft: not owner nor operator"
    self.idToApproval[tokenId] = approved
    log Approval(owner=holder, approved=approved, tokenId=tokenId)


@external
def setApprovalForAll(operator: address, approved: bool):
    assert operator != msg.sender, "nft: approve to caller"
    assert operator != empty(address), "nft: zero operator"
    self.operators[msg.sender][operator] = approved
    log ApprovalForAll(owner=msg.sender, operator=operator, approved=approved)


@internal
def _transfer(sender: address, receiver: address, tokenId: uint256):
    holder: address = self.idToOwner[tokenId]
    assert holder != empty(address), "nft: no such token"
    assert holder == sender, "nft: from is not the owner"
    assert receiver != empty(address), "nft: transfer to zero address"
    assert (
        msg.sender == holder
        or self.idToApproval[tokenId] == msg.sender
        or self.operators[holder][msg.sender]
    ), "nft: not owner nor approved"
    self.idToApproval[tokenId] = empty(address)
    self.ownerToCount[sender] -= 1
    self.ownerToCount[receiver] += 1
    self.idToOwner[tokenId] = receiver
    log Transfer(sender=sender, receiver=receiver, tokenId=tokenId)


@internal
def _check_receiver(sender: address, receiver: address, tokenId: uint256, data: Bytes[1024]):
    if receiver.is_contract:
        got: bytes4 = extcall IERC721Receiver(receiver).onERC721Received(msg.sender, sender, tokenId, data)
        assert got == RECEIVED, "nft: receiver rejected the token"


@external
def transferFrom(sender: address, receiver: address, tokenId: uint256):
    self._transfer(sender, receiver, tokenId)


@external
def safeTransferFrom(sender: address, receiver: address, tokenId: uint256, data: Bytes[1024] = b""):
    self._transfer(sender, receiver, tokenId)
    self._check_receiver(sender, receiver, tokenId, data)


@external
def mint(receiver: address, tokenId: uint256, state: bytes32, image: bytes32):
    """Mint `tokenId` to `receiver` in its first state (version 0); a contract receiver must accept it."""
    assert self.evolvers[msg.sender], "nft: not an evolver"
    assert receiver != empty(address), "nft: mint to zero address"
    assert self.idToOwner[tokenId] == empty(address), "nft: token already minted"
    self.idToOwner[tokenId] = receiver
    self.ownerToCount[receiver] += 1
    self.totalSupply += 1
    self.stateOf[tokenId] = state
    self.imageOf[tokenId] = image
    log Transfer(sender=empty(address), receiver=receiver, tokenId=tokenId)
    log Evolved(tokenId=tokenId, version=0, state=state, image=image, cause=empty(bytes32))
    self._check_receiver(empty(address), receiver, tokenId, b"")


@internal
def _evolve(tokenId: uint256, fromVersion: uint256, state: bytes32, image: bytes32, cause: bytes32):
    assert self.idToOwner[tokenId] != empty(address), "nft: no such token"
    assert self.versionOf[tokenId] == fromVersion, "nft: token moved on (stale version)"
    version: uint256 = fromVersion + 1
    self.versionOf[tokenId] = version
    self.stateOf[tokenId] = state
    self.imageOf[tokenId] = image
    log Evolved(tokenId=tokenId, version=version, state=state, image=image, cause=cause)


@external
def evolve(tokenId: uint256, fromVersion: uint256, state: bytes32, image: bytes32, cause: bytes32):
    """Move one token from `fromVersion` to its next state (traits hash, image hash, what caused it);
    ERC-4906 MetadataUpdate. A stale `fromVersion` reverts: two evolvers never lose a step."""
    assert self.evolvers[msg.sender], "nft: not an evolver"
    self._evolve(tokenId, fromVersion, state, image, cause)
    log MetadataUpdate(_tokenId=tokenId)


@external
def evolveBatch(
    ids: DynArray[uint256, MAX_BATCH],
    fromVersions: DynArray[uint256, MAX_BATCH],
    states: DynArray[bytes32, MAX_BATCH],
    images: DynArray[bytes32, MAX_BATCH],
    cause: bytes32,
):
    """Evolve several tokens on one cause; one ERC-4906 BatchMetadataUpdate over their id range."""
    assert self.evolvers[msg.sender], "nft: not an evolver"
    assert len(ids) > 0, "nft: empty batch"
    n: uint256 = len(ids)
    assert len(states) == n and len(images) == n and len(fromVersions) == n, "nft: batch lengths differ"
    lo: uint256 = max_value(uint256)
    hi: uint256 = 0
    for i: uint256 in range(len(ids), bound=MAX_BATCH):
        self._evolve(ids[i], fromVersions[i], states[i], images[i], cause)
        lo = min(lo, ids[i])
        hi = max(hi, ids[i])
    log BatchMetadataUpdate(_fromTokenId=lo, _toTokenId=hi)


@external
def interact(tokenId: uint256, action: uint256):
    """The holder acts on its token (the node may evolve it on this)."""
    assert self.idToOwner[tokenId] == msg.sender, "nft: not the holder"
    log Interacted(tokenId=tokenId, holder=msg.sender, action=action)


@external
def setEvolver(who: address, allowed: bool):
    assert msg.sender == self.owner, "nft: not the owner"
    self.evolvers[who] = allowed
    log EvolverSet(who=who, allowed=allowed)


@external
def setBaseURI(base_uri: String[128]):
    """Move every token's metadata; ERC-4906 asks for a BatchMetadataUpdate over all ids."""
    assert msg.sender == self.owner, "nft: not the owner"
    self.baseURI = base_uri
    log BatchMetadataUpdate(_fromTokenId=0, _toTokenId=max_value(uint256))
