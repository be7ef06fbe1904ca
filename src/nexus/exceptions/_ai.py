"""AI services (aiaas) and federated learning: exit codes 100-106, 140-143."""

from __future__ import annotations

from ._base import NexusError

__all__ = [
    "AIServiceError",
    "AIServiceInputError",
    "AIServiceNotFound",
    "FLError",
    "FLInputError",
    "FLNotFound",
    "FLRuntimeError",
    "InvalidProof",
    "PaymentError",
    "ReceiptError",
    "SandboxError",
]


class AIServiceError(NexusError):
    """An AI service, payment channel, dispute or compute job cannot do what was asked."""

    exit_code = 100
    http_status = 409


class AIServiceInputError(AIServiceError, ValueError):
    """Bad AI-service input: prices, stakes, model inputs, vouchers, receipts, fingerprints."""

    exit_code = 101
    http_status = 400


class AIServiceNotFound(AIServiceError, KeyError):
    """No service, channel, dispute or job with that id."""

    exit_code = 102
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "no such service"


class PaymentError(AIServiceError):
    """A voucher is refused: wrong signer, stale nonce, not enough paid, channel exhausted or expired."""

    exit_code = 103
    http_status = 402


class ReceiptError(AIServiceError):
    """A receipt does not verify: wrong signer, model or hashes."""

    exit_code = 104
    http_status = 422


class SandboxError(AIServiceError):
    """A sandboxed compute job failed: it crashed, ran out of time or memory, or touched the network."""

    exit_code = 105
    http_status = 422


class InvalidProof(AIServiceError):
    """A zero-knowledge proof does not verify (or is for another model)."""

    exit_code = 106
    http_status = 422


class FLError(NexusError):
    """The federation cannot do what was asked (round not committed, nothing to reward, already settled)."""

    exit_code = 140
    http_status = 409


class FLInputError(FLError, ValueError):
    """Bad federated-learning input: client count, rounds, strategy name, poison fraction, data set."""

    exit_code = 141
    http_status = 400


class FLNotFound(FLError, KeyError):
    """No federation (or round, or client) with that id."""

    exit_code = 142
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "no such federation"


class FLRuntimeError(FLError):
    """Flower is missing (install the [fl] extra) or a SuperLink/SuperNode process failed."""

    exit_code = 143
    http_status = 503
