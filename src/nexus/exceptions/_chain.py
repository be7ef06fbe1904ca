"""Chain, contract and account errors: exit codes 3-14 (2 for a bad block range)."""

from __future__ import annotations

from typing import Any

from ._base import NexusError

__all__ = [
    "AccountError",
    "BlockRangeError",
    "ChainError",
    "ChainIdMismatch",
    "CompileError",
    "ContractError",
    "ContractReverted",
    "KeystoreError",
    "ManifestError",
    "NotSupported",
    "RPCError",
    "RPCUnreachable",
    "StateError",
    "StateLocked",
    "UnknownContract",
]


class ChainError(NexusError):
    """Something went wrong talking to, or on, the chain."""

    exit_code = 3
    http_status = 502


class RPCUnreachable(ChainError, ConnectionError):
    """The JSON-RPC endpoint did not answer within the timeout."""

    exit_code = 3
    http_status = 503


_RPC_NOT_FOUND = (
    "method not found",
    "does not exist",
    "not supported",
    "not available",
    "unsupported method",
    "unknown method",
    "not implemented",
)


class RPCError(ChainError):
    """A JSON-RPC node's error object (internal: RPCChain converts it before it reaches a caller)."""

    def __init__(self, method: str, error: dict[str, Any]) -> None:
        self.method = method
        self.code = error.get("code")
        self.message = " ".join(str(error.get("message", "unknown error")).split())
        self.data = error.get("data")
        super().__init__(f"{method}: {self.message}")

    @property
    def not_found(self) -> bool:
        msg = self.message.lower()
        return self.code == -32601 or any(s in msg for s in _RPC_NOT_FOUND)

    @property
    def is_revert(self) -> bool:
        return self.code == 3 or "revert" in self.message.lower()

    @property
    def is_nonce(self) -> bool:
        msg = self.message.lower()
        return "nonce" in msg or "already known" in msg or "replacement transaction" in msg


class ChainIdMismatch(ChainError):
    """The connected chain is not the chain a manifest or setting expects."""

    exit_code = 4
    http_status = 409


class ContractReverted(ChainError):
    """A call or transaction reverted; `reason` holds the decoded revert string if any."""

    exit_code = 5
    http_status = 422

    def __init__(self, reason: str | None, *, data: bytes = b"", receipt: Any = None) -> None:
        self.reason = reason
        self.data = data
        self.receipt = receipt
        super().__init__(f"reverted: {reason}" if reason else "reverted without a reason")


class StateError(ChainError):
    """The embedded chain's state file is corrupt, foreign or from an unknown format version."""

    exit_code = 6
    http_status = 500


class StateLocked(StateError):
    """Another process holds the embedded chain's write lock."""

    exit_code = 7
    http_status = 423


class BlockRangeError(ChainError, ValueError):
    """A block range is reversed, out of the chain, or wider than allowed."""

    exit_code = 2
    http_status = 400


class NotSupported(ChainError):
    """The backend cannot do this (e.g. a trace on a node without debug_traceTransaction)."""

    exit_code = 8
    http_status = 501


class ContractError(NexusError):
    """A problem with the project's contracts or their deployments."""

    exit_code = 9
    http_status = 500


class CompileError(ContractError):
    """A Vyper source failed to compile."""

    exit_code = 10


class ManifestError(ContractError):
    """A deployment manifest is unreadable, or does not match what is on chain."""

    exit_code = 11
    http_status = 409


class UnknownContract(ContractError, KeyError):
    """No contract source, or no deployment, by that name."""

    exit_code = 12
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown contract"


class AccountError(NexusError):
    """A signing account is missing or unusable."""

    exit_code = 13
    http_status = 400


class KeystoreError(AccountError):
    """A keystore file is missing, malformed, or its password is missing or wrong."""

    exit_code = 14
