# pragma version 0.4.3
"""
@title Nexus DID registry (ERC-1056 style)
@notice Every address is an identity that costs nothing until it changes: its owner is itself until
        `changeOwner` (to the zero address: deactivated). Owners add delegates of a type (e.g. "veriKey", "sigAuth") valid until a
        timestamp, and attributes (name, value, validity). Only events carry the data: `changed`
        holds the block of each identity's last change and every event names the previous one, so a
        resolver walks the linked list of change events back from `changed[identity]`.
@dev Revert messages are prefixed with "did:".
"""

event DIDOwnerChanged:
    identity: indexed(address)
    owner: address
    previousChange: uint256

event DIDDelegateChanged:
    identity: indexed(address)
    delegateType: bytes32
    delegate: address
    validTo: uint256
    previousChange: uint256

event DIDAttributeChanged:
    identity: indexed(address)
    name: bytes32
    value: Bytes[512]
    validTo: uint256
    previousChange: uint256

owners: HashMap[address, address]
delegates: public(HashMap[address, HashMap[bytes32, HashMap[address, uint256]]])
changed: public(HashMap[address, uint256])
nonce: public(HashMap[address, uint256])


@view
@internal
def _owner(identity: address) -> address:
    o: address = self.owners[identity]
    if o == empty(address):
        return identity
    return o


@view
@external
def identityOwner(identity: address) -> address:
    return self._owner(identity)


@view
@external
def validDelegate(identity: address, delegateType: bytes32, delegate: address) -> bool:
    return self.delegates[identity][keccak256(delegateType)][delegate] > block.timestamp


@internal
def _only_owner(identity: address):
    assert msg.sender == self._owner(identity), "did: not the identity's owner"


@internal
def _change_owner(identity: address, newOwner: address):
    self.owners[identity] = newOwner
    log DIDOwnerChanged(identity=identity, owner=newOwner, previousChange=self.changed[identity])
    self.changed[identity] = block.number


@external
def changeOwner(identity: address, newOwner: address):
    self._only_owner(identity)
    self._change_owner(identity, newOwner)


@internal
def _check_signature(identity: address, sigV: uint8, sigR: bytes32, sigS: bytes32, digest: bytes32):
    """ERC-1056 meta-transactions: the identity's owner signed keccak256(0x19 00 registry nonce identity ...)."""
    signer: address = ecrecover(digest, sigV, sigR, sigS)
    owner: address = self._owner(identity)
    assert signer != empty(address) and signer == owner, "did: bad signature"
    self.nonce[owner] += 1


@external
def changeOwnerSigned(identity: address, sigV: uint8, sigR: bytes32, sigS: bytes32, newOwner: address):
    digest: bytes32 = keccak256(concat(b"\x19\x00", convert(self, bytes20),
                                       convert(self.nonce[self._owner(identity)], bytes32),
                                       convert(identity, bytes20), b"changeOwner", convert(newOwner, bytes20)))
    self._check_signature(identity, sigV, sigR, sigS, digest)
    self._change_owner(identity, newOwner)


@external
def addDelegate(identity: address, delegateType: bytes32, delegate: address, validity: uint256):
    self._only_owner(identity)
    assert validity > 0 and validity <= 100 * 365 * 86400, "did: validity out of range"
    valid_to: uint256 = block.timestamp + validity
    self.delegates[identity][keccak256(delegateType)][delegate] = valid_to
    log DIDDelegateChanged(identity=identity, delegateType=delegateType, delegate=delegate, validTo=valid_to,
                           previousChange=self.changed[identity])
    self.changed[identity] = block.number


@external
def revokeDelegate(identity: address, delegateType: bytes32, delegate: address):
    self._only_owner(identity)
    self.delegates[identity][keccak256(delegateType)][delegate] = block.timestamp
    log DIDDelegateChanged(identity=identity, delegateType=delegateType, delegate=delegate,
                           validTo=block.timestamp, previousChange=self.changed[identity])
    self.changed[identity] = block.number


@external
def setAttribute(identity: address, name: bytes32, attrValue: Bytes[512], validity: uint256):
    self._only_owner(identity)
    assert validity > 0 and validity <= 100 * 365 * 86400, "did: validity out of range"
    log DIDAttributeChanged(identity=identity, name=name, value=attrValue, validTo=block.timestamp + validity,
                            previousChange=self.changed[identity])
    self.changed[identity] = block.number


@external
def revokeAttribute(identity: address, name: bytes32, attrValue: Bytes[512]):
    self._only_owner(identity)
    log DIDAttributeChanged(identity=identity, name=name, value=attrValue, validTo=0,
                            previousChange=self.changed[identity])
    self.changed[identity] = block.number
