"""Identity, credentials, consent, the data market and avatars: exit codes 90-99, 157-159."""

from __future__ import annotations

from ._base import NexusError

__all__ = [
    "AvatarAuthFailed",
    "AvatarError",
    "AvatarInputError",
    "ComputeRejected",
    "ConsentDenied",
    "CredentialExpired",
    "CredentialInvalid",
    "CredentialRevoked",
    "DataMarketError",
    "DataMarketInputError",
    "DatasetNotFound",
    "IdentityError",
    "IdentityInputError",
]


class IdentityError(NexusError):
    """A DID, credential or consent operation cannot do what was asked (wrong owner, unknown DID)."""

    exit_code = 90
    http_status = 409


class IdentityInputError(IdentityError, ValueError):
    """Malformed identity input: a DID, key, field list, purpose, expiry or credential that does not parse."""

    exit_code = 91
    http_status = 400


class CredentialInvalid(IdentityError):
    """A credential or presentation fails verification (bad signature, tampered, wrong issuer, bad disclosure)."""

    exit_code = 92
    http_status = 422


class CredentialRevoked(CredentialInvalid):
    """The credential's bit in its on-chain status list is set."""

    exit_code = 93


class CredentialExpired(CredentialInvalid):
    """The credential is outside its validFrom..validUntil window."""

    exit_code = 94


class ConsentDenied(IdentityError):
    """No live consent grant covers this use (or the grant is revoked or expired)."""

    exit_code = 95
    http_status = 403


class DataMarketError(NexusError):
    """The data market cannot do what was asked (wrong phase, not the provider, unpaid order)."""

    exit_code = 96
    http_status = 409


class DataMarketInputError(DataMarketError, ValueError):
    """Bad data-market input: price, dataset id, algorithm file, contributor shares."""

    exit_code = 97
    http_status = 400


class ComputeRejected(DataMarketError):
    """A compute-to-data job was refused: algorithm not allowed, over its limits, or its output leaks rows."""

    exit_code = 98
    http_status = 422


class DatasetNotFound(DataMarketError, KeyError):
    """No dataset (or order, or job) with that id."""

    exit_code = 99
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "no such dataset"


class AvatarError(NexusError):
    """An avatar operation cannot do what was asked (no such avatar, DID taken, data set not installed)."""

    exit_code = 157
    http_status = 409


class AvatarInputError(AvatarError, ValueError):
    """Malformed avatar input: a voice sample, token id, challenge or signature that does not parse."""

    exit_code = 158
    http_status = 400


class AvatarAuthFailed(AvatarError):
    """An avatar login is refused: no fresh match, wrong key, unknown, expired or replayed challenge."""

    exit_code = 159
    http_status = 401
