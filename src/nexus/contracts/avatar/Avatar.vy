# pragma version 0.4.3
"""
@title Nexus avatars: ERC-721 tokens bound to a DID, optionally soulbound (ERC-5192)
@notice One avatar per DID. The minter (msg.sender) owns it; the DID, a salted commitment to the holder's
        biometric template (a hash, never the template) and the DID key's signature over the binding
        (owner, DID, commitment) are stored so that anyone can check who bound what. A soulbound avatar
        is `locked`: every transfer and approval reverts (ERC-5192), only its owner may burn it.
@dev Revert messages are prefixed with "avatar:".
"""

interface ERC721Receiver:
    def onERC721Received(operator: address, sender: address, tokenId: uint256, data: Bytes[1024]) -> bytes4: nonpayable

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

event Locked:
    tokenId: uint256

event Unlocked:
    tokenId: uint256

event AvatarBound:
    tokenId: indexed(uint256)
    owner: indexed(address)
    didHash: indexed(bytes32)
    did: String[128]
    commitment: bytes32
    soulbound: bool

event CommitmentUpdated:
    tokenId: indexed(uint256)
    commitment: bytes32

name: public(String[32])
symbol: public(String[8])
totalSupply: public(uint256)
count: public(uint256)
didOf: public(HashMap[uint256, String[128]])
commitmentOf: public(HashMap[uint256, bytes32])
bindingProofOf: public(HashMap[uint256, Bytes[96]])
tokenOfDid: public(HashMap[bytes32, uint256])
getApproved: public(HashMap[uint256, address])
isApprovedForAll: public(HashMap[address, HashMap[address, bool]])
_owners: HashMap[uint256, address]
_balances: HashMap[address, uint256]
_locked: HashMap[uint256, bool]

IFACE_ERC165: constant(bytes4) = 0x01ffc9a7
IFACE_ERC721: constant(bytes4) = 0x80ac58cd
IFACE_METADATA: constant(bytes4) = 0x5b5e139f
IFACE_ERC5192: constant(bytes4) = 0xb45a3c0e
RECEIVED: constant(bytes4) = 0x150b7a02


@deploy
def __init__():
    self.name = "Nexus Avatar"
    self.symbol = "AVATAR"


@view
@external
def supportsInterface(interface_id: bytes4) -> bool:
    return interface_id in [IFACE_ERC165, IFACE_ERC721, IFACE_METADATA, IFACE_ERC5192]


@view
@external
def ownerOf(tokenId: uint256) -> address:
    owner: address = self._owners[tokenId]
    assert owner != empty(address), "avatar: no such token"
    return owner


@view
@external
def balanceOf(owner: address) -> uint256:
    assert owner != empty(address), "avatar: zero address"
    return self._balances[owner]


@view
@external
def locked(tokenId: uint256) -> bool:
    assert self._owners[tokenId] != empty(address), "avatar: no such token"
    return self._locked[tokenId]


@view
@external
def tokenURI(tokenId: uint256) -> String[96]:
    assert self._owners[tokenId] != empty(address), "avatar: no such token"
    return concat("nexus:avatar:", uint2str(tokenId))


@external
def mint(did: String[128], commitment: bytes32, bindingProof: Bytes[96], soulbound: bool) -> uint256:
    assert len(did) > 8, "avatar: DID required"
    assert commitment != empty(bytes32), "avatar: commitment required"
    assert len(bindingProof) > 0, "avatar: binding proof required"
    didHash: bytes32 = keccak256(did)
    assert self.tokenOfDid[didHash] == 0, "avatar: this DID has an avatar already"
    tokenId: uint256 = self.count + 1
    self.count = tokenId
    self.totalSupply += 1
    self._owners[tokenId] = msg.sender
    self._balances[msg.sender] += 1
    self.didOf[tokenId] = did
    self.commitmentOf[tokenId] = commitment
    self.bindingProofOf[tokenId] = bindingProof
    self.tokenOfDid[didHash] = tokenId
    log Transfer(sender=empty(address), receiver=msg.sender, tokenId=tokenId)
    log AvatarBound(tokenId=tokenId, owner=msg.sender, didHash=didHash, did=did, commitment=commitment,
                    soulbound=soulbound)
    if soulbound:
        self._locked[tokenId] = True
        log Locked(tokenId=tokenId)
    return tokenId


@external
def updateCommitment(tokenId: uint256, commitment: bytes32, bindingProof: Bytes[96]):
    """Re-enrolment: a new template's commitment, with the DID key's signature over the new binding."""
    assert self._owners[tokenId] == msg.sender, "avatar: not the owner"
    assert commitment != empty(bytes32) and len(bindingProof) > 0, "avatar: commitment and proof required"
    self.commitmentOf[tokenId] = commitment
    self.bindingProofOf[tokenId] = bindingProof
    log CommitmentUpdated(tokenId=tokenId, commitment=commitment)


@external
def burn(tokenId: uint256):
    owner: address = self._owners[tokenId]
    assert owner == msg.sender, "avatar: not the owner"
    self.tokenOfDid[keccak256(self.didOf[tokenId])] = 0
    self.didOf[tokenId] = ""
    self.commitmentOf[tokenId] = empty(bytes32)
    self.bindingProofOf[tokenId] = b""
    self._owners[tokenId] = empty(address)
    self._balances[owner] -= 1
    self.totalSupply -= 1
    self.getApproved[tokenId] = empty(address)
    if self._locked[tokenId]:
        self._locked[tokenId] = False
        log Unlocked(tokenId=tokenId)
    log Transfer(sender=owner, receiver=empty(address), tokenId=tokenId)


@external
def approve(approved: address, tokenId: uint256):
    owner: address = self._owners[tokenId]
    assert owner != empty(address), "avatar: no such token"
    assert not self._locked[tokenId], "avatar: soulbound"
    assert msg.sender == owner or self.isApprovedForAll[owner][msg.sender], "avatar: not owner nor operator"
    self.getApproved[tokenId] = approved
    log Approval(owner=owner, approved=approved, tokenId=tokenId)


@external
def setApprovalForAll(operator: address, approved: bool):
    assert operator != msg.sender, "avatar: approve to caller"
    self.isApprovedForAll[msg.sender][operator] = approved
    log ApprovalForAll(owner=msg.sender, operator=operator, approved=approved)


@internal
def _transfer(sender: address, receiver: address, tokenId: uint256):
    owner: address = self._owners[tokenId]
    assert owner != empty(address), "avatar: no such token"
    assert not self._locked[tokenId], "avatar: soulbound"
    assert owner == sender, "avatar: sender is not the owner"
    assert receiver != empty(address), "avatar: transfer to zero address"
    assert (msg.sender == owner or self.getApproved[tokenId] == msg.sender
            or self.isApprovedForAll[owner][msg.sender]), "avatar: not owner nor approved"
    self.getApproved[tokenId] = empty(address)
    self._owners[tokenId] = receiver
    self._balances[sender] -= 1
    self._balances[receiver] += 1
    log Transfer(sender=sender, receiver=receiver, tokenId=tokenId)


@external
def transferFrom(sender: address, receiver: address, tokenId: uint256):
    self._transfer(sender, receiver, tokenId)


@external
def safeTransferFrom(sender: address, receiver: address, tokenId: uint256, data: Bytes[1024] = b""):
    self._transfer(sender, receiver, tokenId)
    if receiver.is_contract:
        answer: bytes4 = extcall ERC721Receiver(receiver).onERC721Received(msg.sender, sender, tokenId, data)
        assert answer == RECEIVED, "avatar: receiver refused"
