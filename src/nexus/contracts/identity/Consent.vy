# pragma version 0.4.3
"""
@title Nexus consent grants
@notice A subject (msg.sender) grants a grantee DID access to named fields of its data for one purpose
        until an expiry; the subject revokes whenever it likes. The field names, grantee DID and purpose
        travel in the `ConsentGranted` event; storage keeps what a contract needs to decide: who, for whom
        (keccak of the DID), for what (keccak of the purpose), the fields' hash, until when, revoked or not.
@dev Revert messages are prefixed with "consent:".
"""

MAX_FIELDS: constant(uint256) = 32

struct Grant:
    subject: address
    grantee: bytes32
    purpose: bytes32
    fields: bytes32
    expires: uint256
    revokedAt: uint256

event ConsentGranted:
    id: indexed(uint256)
    subject: indexed(address)
    grantee: indexed(bytes32)
    granteeDid: String[128]
    purpose: String[64]
    fields: DynArray[String[64], MAX_FIELDS]
    expires: uint256

event ConsentRevoked:
    id: indexed(uint256)
    subject: indexed(address)

grants: public(HashMap[uint256, Grant])
count: public(uint256)


@external
def grant(granteeDid: String[128], purpose: String[64], fields: DynArray[String[64], MAX_FIELDS],
          expires: uint256) -> uint256:
    assert len(fields) > 0, "consent: no fields"
    assert len(granteeDid) > 4 and len(purpose) > 0, "consent: grantee and purpose required"
    assert expires > block.timestamp, "consent: expiry in the past"
    gid: uint256 = self.count + 1
    self.count = gid
    grantee: bytes32 = keccak256(granteeDid)
    self.grants[gid] = Grant(subject=msg.sender, grantee=grantee, purpose=keccak256(purpose),
                             fields=keccak256(abi_encode(fields)), expires=expires, revokedAt=0)
    log ConsentGranted(id=gid, subject=msg.sender, grantee=grantee, granteeDid=granteeDid, purpose=purpose,
                       fields=fields, expires=expires)
    return gid


@external
def revoke(gid: uint256):
    g: Grant = self.grants[gid]
    assert g.subject == msg.sender, "consent: not the subject of this grant"
    assert g.revokedAt == 0, "consent: already revoked"
    self.grants[gid].revokedAt = block.timestamp
    log ConsentRevoked(id=gid, subject=msg.sender)


@view
@external
def isLive(gid: uint256) -> bool:
    g: Grant = self.grants[gid]
    return g.subject != empty(address) and g.revokedAt == 0 and block.timestamp < g.expires
