"""PostgreSQL ledger helpers: the lazy psycopg import, URL checks, lock keys, error mapping."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar, cast

from ..exceptions import LedgerUnreachable, LedgerUrlError, MissingExtra

__all__ = ["check_url", "lock_key", "mapped", "psycopg_module", "redact", "unreachable"]

F = TypeVar("F", bound=Callable[..., Any])


def psycopg_module() -> Any:
    try:
        import psycopg
    except ImportError:
        raise MissingExtra("a postgresql:// ledger_url needs psycopg; run: pip install 'symbiotic-nexus[pg]'") from None
    return psycopg


def check_url(url: str) -> str:
    """`url` if it is a well-formed postgresql:// URL, else `LedgerUrlError` saying why."""
    if not url.startswith(("postgresql://", "postgres://")):
        raise LedgerUrlError(f"ledger_url must start with postgresql://, not {url[:40]!r}")
    pg = psycopg_module()
    try:
        parts = pg.conninfo.conninfo_to_dict(url)
    except pg.Error as exc:
        raise LedgerUrlError(f"ledger_url is not a valid PostgreSQL URL: {str(exc).strip()}") from None
    for port in str(parts.get("port") or "5432").split(","):
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise LedgerUrlError(f"ledger_url has a bad port {port!r}")
    return url


def redact(url: str) -> str:
    """The URL without its password (for messages)."""
    head, sep, tail = url.partition("@")
    if not sep or ":" not in head.split("//", 1)[-1]:
        return url
    return head.rsplit(":", 1)[0] + ":***@" + tail


def lock_key(purpose: str, log_id: str) -> int:
    """A signed 64-bit advisory lock key naming one purpose on one log."""
    digest = hashlib.sha256(f"nexus-ledger/{purpose}/{log_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def unreachable(url: str, exc: BaseException) -> LedgerUnreachable:
    """The one error for a database that does not answer (or dropped the connection)."""
    text = str(exc).strip()
    why = text.splitlines()[0] if text else type(exc).__name__
    return LedgerUnreachable(f"cannot reach the ledger database at {redact(url)}: {why}")


def mapped(fn: F) -> F:
    """A store method whose lost or refused connection raises `LedgerUnreachable` (the broken
    connection is dropped; the next call opens a new one). Other database errors pass through."""

    @functools.wraps(fn)
    def wrapper(self: Any, *args: Any, **kw: Any) -> Any:
        try:
            return fn(self, *args, **kw)
        except self._pg.OperationalError as exc:
            raise unreachable(self.url, exc) from None

    return cast(F, wrapper)
