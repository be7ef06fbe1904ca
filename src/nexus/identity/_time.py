"""XML Schema dateTime (UTC, `Z`) to and from unix seconds, as credentials carry their validity."""

from __future__ import annotations

from datetime import UTC, datetime

from ..exceptions import CredentialInvalid

__all__ = ["iso", "parse_iso"]


def iso(ts: int | float) -> str:
    return datetime.fromtimestamp(int(ts), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: object, what: str = "date") -> int:
    try:
        dt = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise CredentialInvalid(f"{what} {str(text)[:40]!r} is not an ISO 8601 date-time") from None
    if dt.tzinfo is None:
        raise CredentialInvalid(f"{what} must carry a time zone")
    return int(dt.timestamp())
