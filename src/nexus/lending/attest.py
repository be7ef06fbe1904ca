"""Credit score attestations: an EIP-712 struct the oracle nodes sign and the pool contract verifies.

This module does not know the oracle network: it takes signing callables (`digest -> (parity, r, s)`), so
the service layer can pass oracle node keys in. The pool checks the same digest with ecrecover, a quorum of
distinct registered signers, the model fingerprint governance approved, and freshness.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from eth_abi import encode as abi_encode
from eth_utils import keccak, to_checksum_address

from ..chain import crypto
from ..exceptions import LendingInputError, ScoreRejected

__all__ = ["ScoreAttestation", "Signer", "score_digest"]

Signer = Callable[[bytes], tuple[int, int, int]]
_DOMAIN_TYPEHASH = keccak(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
SCORE_TYPE = b"CreditScore(address borrower,uint16 score,bytes32 model,uint64 issuedAt)"
_SCORE_TYPEHASH = keccak(SCORE_TYPE)


def _domain(chain_id: int, pool: str) -> bytes:
    return keccak(
        abi_encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [_DOMAIN_TYPEHASH, keccak(b"NexusCredit"), keccak(b"1"), chain_id, pool],
        )
    )


def score_digest(chain_id: int, pool: str, borrower: str, score: int, model: bytes, issued_at: int) -> bytes:
    """The EIP-712 digest of one score for one pool (the contract recomputes it)."""
    struct = keccak(
        abi_encode(
            ["bytes32", "address", "uint16", "bytes32", "uint64"], [_SCORE_TYPEHASH, borrower, score, model, issued_at]
        )
    )
    return keccak(b"\x19\x01" + _domain(chain_id, pool) + struct)


@dataclass(frozen=True)
class ScoreAttestation:
    """A score in basis points of creditworthiness (0..10000), its model fingerprint, and signatures."""

    borrower: str
    score: int
    model: bytes
    issued_at: int
    signatures: tuple[tuple[int, int, int], ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.score <= 10_000:
            raise LendingInputError(f"score must be 0..10000 basis points, not {self.score}")
        if len(self.model) != 32:
            raise LendingInputError("a model fingerprint is 32 bytes")
        try:
            object.__setattr__(self, "borrower", to_checksum_address(self.borrower))
        except ValueError:
            raise LendingInputError(f"not an address: {self.borrower!r}") from None

    def digest(self, chain_id: int, pool: str) -> bytes:
        return score_digest(chain_id, pool, self.borrower, self.score, self.model, self.issued_at)

    def signed(self, chain_id: int, pool: str, signers: Sequence[Signer]) -> ScoreAttestation:
        d = self.digest(chain_id, pool)
        return ScoreAttestation(
            self.borrower, self.score, self.model, self.issued_at, self.signatures + tuple(s(d) for s in signers)
        )

    def signer_addresses(self, chain_id: int, pool: str) -> list[str]:
        d = self.digest(chain_id, pool)
        out = []
        for parity, r, s in self.signatures:
            addr = crypto.recover(d, parity, r, s)
            if addr is None:
                raise ScoreRejected("score: a signature does not recover")
            out.append(addr)
        return out

    def verify(self, chain_id: int, pool: str, nodes: Sequence[str], quorum: int, *, now: int, max_age: int) -> None:
        """Raise ScoreRejected unless `quorum` distinct registered nodes signed it and it is fresh."""
        allowed = {to_checksum_address(n) for n in nodes}
        good = {a for a in self.signer_addresses(chain_id, pool) if to_checksum_address(a) in allowed}
        if len(good) < quorum:
            raise ScoreRejected(f"score: {len(good)} valid node signatures, quorum is {quorum}")
        if self.issued_at > now or now - self.issued_at > max_age:
            raise ScoreRejected(f"score: issued at {self.issued_at}, stale or in the future (now {now})")

    def call_args(self) -> list[object]:
        """Arguments of CreditPool.post_score."""
        return [
            self.borrower,
            self.score,
            self.model,
            self.issued_at,
            [27 + p for p, _, _ in self.signatures],
            [r.to_bytes(32, "big") for _, r, _ in self.signatures],
            [s.to_bytes(32, "big") for _, _, s in self.signatures],
        ]
