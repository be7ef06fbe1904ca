"""Bounty hashes: solver and test-set commitments, and the EIP-712 digest judges sign over scores."""

from __future__ import annotations

import os
from collections.abc import Sequence

from eth_abi import encode as abi_encode
from eth_utils import keccak, to_checksum_address

from ..chain.abi import bytes32
from ..exceptions import BountyInputError

__all__ = [
    "DOMAIN_NAME",
    "SCORES_TYPE",
    "b32",
    "domain_separator",
    "new_salt",
    "scores_digest",
    "solver_commitment",
    "test_commitment",
]

DOMAIN_NAME, DOMAIN_VERSION = "NexusBounty", "1"
SCORES_TYPE = "Scores(uint256 bountyId,uint256 round,bytes32 testSet,uint256[] scores)"
_DOMAIN_TYPEHASH = keccak(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
_SCORES_TYPEHASH = keccak(SCORES_TYPE.encode())


def b32(value: str | bytes, what: str = "value") -> bytes:
    """32 bytes from bytes, `0x…` hex or a `sha256:…` fingerprint; BountyInputError otherwise."""
    return bytes32(value, what, BountyInputError)


def new_salt() -> bytes:
    return os.urandom(32)


def solver_commitment(fingerprint: bytes, salt: bytes, solver: str) -> bytes:
    """keccak256(abi_encode(fingerprint, salt, solver)): binds the model to the solver's address."""
    return keccak(abi_encode(["bytes32", "bytes32", "address"], [fingerprint, salt, to_checksum_address(solver)]))


def test_commitment(test_set: bytes, salt: bytes) -> bytes:
    """keccak256(abi_encode(testSet, salt)): the hidden test set's commitment at creation."""
    return keccak(abi_encode(["bytes32", "bytes32"], [test_set, salt]))


def domain_separator(chain_id: int, contract: str) -> bytes:
    return keccak(
        abi_encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [
                _DOMAIN_TYPEHASH,
                keccak(DOMAIN_NAME.encode()),
                keccak(DOMAIN_VERSION.encode()),
                chain_id,
                to_checksum_address(contract),
            ],
        )
    )


def scores_digest(domain: bytes, bounty_id: int, round_: int, test_set: bytes, scores: Sequence[int]) -> bytes:
    """The EIP-712 digest of `scores` (the contract's `scoresDigest`)."""
    packed = b"".join(int(s).to_bytes(32, "big") for s in scores)
    struct = keccak(
        abi_encode(
            ["bytes32", "uint256", "uint256", "bytes32", "bytes32"],
            [_SCORES_TYPEHASH, bounty_id, round_, test_set, keccak(packed)],
        )
    )
    return keccak(b"\x19\x01" + domain + struct)
