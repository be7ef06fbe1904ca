# pragma version 0.4.3
"""
@title Per-record attestation baseline (benchmark only)
@notice One on-chain attestation per record, EAS-style: attester, time and data hash stored
        under a fresh uid, plus an event. It is the baseline the batched Anchor is compared to.
@dev Not deployed by nodes. Revert messages are prefixed with "attest:".
"""

struct Attestation:
    attester: address
    time: uint256
    schema: bytes32
    data: bytes32

event Attested:
    uid: indexed(bytes32)
    attester: indexed(address)
    schema: indexed(bytes32)

attestations: public(HashMap[bytes32, Attestation])
count: public(uint256)


@external
def attest(schema: bytes32, data: bytes32) -> bytes32:
    """
    @notice Store one attestation of `data` under `schema`; returns its uid.
    @param schema Schema (record kind) id.
    @param data Hash of the attested record.
    """
    n: uint256 = self.count
    uid: bytes32 = keccak256(abi_encode(msg.sender, schema, data, n))
    assert self.attestations[uid].time == 0, "attest: exists"
    self.attestations[uid] = Attestation(attester=msg.sender, time=block.timestamp, schema=schema, data=data)
    self.count = n + 1
    log Attested(uid=uid, attester=msg.sender, schema=schema)
    return uid
