"""Several chains and cross-chain messages: exit codes 160-165."""

from __future__ import annotations

from ._base import NexusError

__all__ = [
    "ChainsDisagree",
    "QuorumNotReached",
    "XChainError",
    "XChainInputError",
    "XChainNotConfigured",
    "XChainRateLimited",
]


class XChainError(NexusError):
    """A cross-chain operation failed: an unreachable or misconfigured chain, a message the
    inbox refused, a relayer that cannot go on."""

    exit_code = 160
    http_status = 502


class XChainInputError(XChainError, ValueError):
    """Bad cross-chain input: a malformed chain spec, payload, address or chain id."""

    exit_code = 161
    http_status = 400


class QuorumNotReached(XChainError):
    """Fewer signers than the inbox's quorum vouched for a message (it is not final on its
    source, or not what the source logged)."""

    exit_code = 162
    http_status = 409


class XChainRateLimited(XChainError):
    """A route's or sender's message cap for the current window is used up; retry next window."""

    exit_code = 163
    http_status = 429


class ChainsDisagree(XChainError):
    """The configured chains disagree about a checkpoint of the log (a receipt is anchored with
    one root on one chain and another root, or not at all, on another)."""

    exit_code = 164
    http_status = 409


class XChainNotConfigured(XChainError):
    """The node runs on one chain: cross-chain sends and checks need more in the `chains` setting."""

    exit_code = 165
    http_status = 409
