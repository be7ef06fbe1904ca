"""Oracle network, parametric insurance and optimistic-oracle disputes: exit codes 40-42, 69, 120-122."""

from __future__ import annotations

from ._base import NexusError

__all__ = [
    "DisputeError",
    "InsuranceError",
    "OracleError",
    "OracleInputError",
    "OracleQuorumError",
    "SourceError",
    "UnknownProduct",
]


class OracleError(NexusError):
    """The oracle network cannot do what was asked (no feed, bad signature, source failure)."""

    exit_code = 40
    http_status = 502


class SourceError(OracleError):
    """A source could not be read (offline, malformed answer); the node treats it as missing."""

    exit_code = 69
    http_status = 502


class OracleInputError(OracleError, ValueError):
    """Bad oracle input: node counts, feed names, source specs, malformed data from a source."""

    exit_code = 41
    http_status = 400


class InsuranceError(OracleError, ValueError):
    """A parametric-insurance request is invalid: bad terms or tier, a policy after the trigger."""

    exit_code = 120
    http_status = 400


class UnknownProduct(InsuranceError, KeyError):
    """No insurance product of that name on this chain."""

    exit_code = 121
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class DisputeError(OracleError, ValueError):
    """An optimistic-oracle dispute request is invalid: unknown assertion, liveness over, not disputed."""

    exit_code = 122
    http_status = 400


class OracleQuorumError(OracleError):
    """Too few observations or signatures for a report (more than f nodes faulty or offline)."""

    exit_code = 42
    http_status = 503
