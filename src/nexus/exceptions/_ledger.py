"""Provenance-ledger errors (store, proofs, anchoring, fingerprints, lineage): exit codes 20-33."""

from __future__ import annotations

from ._base import ConfigError, NexusError

__all__ = [
    "AnchorChainMismatch",
    "AnchorMismatch",
    "AnchorUnchecked",
    "FingerprintError",
    "LedgerCorrupt",
    "LedgerError",
    "LedgerInputError",
    "LedgerUnreachable",
    "LedgerUrlError",
    "LineageError",
    "NotAnchored",
    "ProofError",
    "RecordNotFound",
    "UnknownModel",
    "VerificationFailed",
]


class LedgerError(NexusError):
    """A problem with the provenance ledger (its store, anchoring or receipts)."""

    exit_code = 20
    http_status = 500


class LedgerInputError(LedgerError, ValueError):
    """A record, receipt or argument given to the ledger is malformed."""

    exit_code = 21
    http_status = 400


class ProofError(LedgerInputError):
    """A Merkle proof or range that cannot be right for the tree it names (index outside the tree,
    wrong length, edge of the wrong size). A ValueError too, for callers of the plain maths."""

    exit_code = 24
    http_status = 400


class RecordNotFound(LedgerError, KeyError):
    """No ledger record with that id."""

    exit_code = 22
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "no such record"


class NotAnchored(LedgerError):
    """The record exists but no on-chain checkpoint covers it yet."""

    exit_code = 23
    http_status = 409


class VerificationFailed(LedgerError):
    """A receipt, proof or audit did not verify; the message says which check failed."""

    exit_code = 24
    http_status = 422


class AnchorUnchecked(VerificationFailed):
    """A receipt's anchor could not be checked: no chain reachable, or no trusted anchor contract."""

    exit_code = 26
    http_status = 503


class AnchorChainMismatch(VerificationFailed):
    """The chain at hand is not the chain a receipt (or an anchor) names."""

    exit_code = 27
    http_status = 409


class AnchorMismatch(VerificationFailed):
    """The chain contradicts an anchor: no such transaction, another block, contract or checkpoint."""

    exit_code = 28
    http_status = 422


class LedgerCorrupt(LedgerError):
    """The ledger store is unreadable, foreign, or inconsistent with itself."""

    exit_code = 25
    http_status = 500


class LedgerUnreachable(LedgerError, ConnectionError):
    """The ledger's database server (a postgresql:// ledger_url) does not answer."""

    exit_code = 29
    http_status = 503


class LedgerUrlError(LedgerError, ConfigError):
    """The ledger_url setting is not a usable database URL."""

    exit_code = 2
    http_status = 500


class FingerprintError(NexusError, ValueError):
    """A path or object cannot be fingerprinted (missing, unreadable, malformed table)."""

    exit_code = 31
    http_status = 400


class LineageError(NexusError):
    """A lineage record is missing, malformed, or does not match what it describes."""

    exit_code = 32
    http_status = 400


class UnknownModel(LineageError, KeyError):
    """The file or fingerprint is not a registered model."""

    exit_code = 33
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "not a registered model"
