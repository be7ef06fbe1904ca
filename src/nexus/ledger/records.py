"""Ledger records: canonical JSON, salted content commitments and the leaf encoding."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..exceptions import LedgerInputError

__all__ = [
    "LEAF_VERSION",
    "Entry",
    "Record",
    "canonical_json",
    "commit",
    "decode_leaf",
    "encode_leaf",
    "new_entry",
    "now_ms",
    "salted_hash",
]

LEAF_VERSION = 1
_KIND = re.compile(r"^[a-z][a-z0-9_.\-]{0,63}$")
_COMMIT_TAG = b"nexus.ledger.content.v1\x00"
MAX_CONTENT = 1 << 20  # 1 MiB of canonical JSON per record


def now_ms() -> int:
    return time.time_ns() // 1_000_000


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8, no NaN/Infinity: one byte string per JSON value."""
    try:
        return _ENCODER.encode(value).encode()
    except (TypeError, ValueError) as exc:
        raise LedgerInputError(f"payload is not plain JSON: {exc}") from None


def salted_hash(salt: bytes, data: bytes) -> bytes:
    """SHA-256(tag || salt || data): hides low-entropy data until the salt is revealed."""
    return hashlib.sha256(_COMMIT_TAG + salt + data).digest()


def commit(salt: bytes, content: bytes) -> str:
    return "sha256:" + salted_hash(salt, content).hex()


def encode_leaf(kind: str, time_ms: int, commitment: str) -> bytes:
    """The leaf data: canonical JSON of version, kind, time and the salted commitment only
    (written directly: kind and commitment hold no characters JSON would escape)."""
    return (f'{{"commit":"{commitment}","kind":"{kind}","t":{int(time_ms)},"v":{LEAF_VERSION}}}').encode()


def decode_leaf(leaf: bytes) -> dict[str, Any]:
    """Parse leaf data, checking it is in canonical form (so one leaf has one encoding)."""
    try:
        obj = json.loads(leaf)
    except ValueError:
        raise LedgerInputError("leaf data is not JSON") from None
    if not isinstance(obj, dict) or set(obj) != {"commit", "kind", "t", "v"} or canonical_json(obj) != leaf:
        raise LedgerInputError("leaf data is not a canonical version-1 leaf")
    return obj


class Entry(NamedTuple):
    """A record about to be appended: everything but its index."""

    kind: str
    time_ms: int
    content: bytes
    salt: bytes
    leaf: bytes
    key: str | None


_KINDS: set[str] = set()  # kinds already validated (the hot path skips the regex)


def new_entry(
    kind: str, payload: Any, *, key: str | None = None, time_ms: int | None = None, salt: bytes | None = None
) -> Entry:
    """Validate and encode one record; a fresh 32-byte salt unless one is given."""
    if kind not in _KINDS:
        if not isinstance(kind, str) or not _KIND.match(kind):
            raise LedgerInputError(f"bad record kind {kind!r}: use 1-64 of a-z 0-9 _ . - starting with a letter")
        if len(_KINDS) < 4096:
            _KINDS.add(kind)
    if key is not None and (not isinstance(key, str) or not 0 < len(key) <= 256):
        raise LedgerInputError("an idempotency key is a string of 1-256 characters")
    content = canonical_json(payload)
    if len(content) > MAX_CONTENT:
        raise LedgerInputError(f"payload is {len(content):,} bytes; the limit is {MAX_CONTENT:,}")
    salt = os.urandom(32) if salt is None else salt
    t = now_ms() if time_ms is None else int(time_ms)
    return Entry(kind, t, content, salt, encode_leaf(kind, t, commit(salt, content)), key)


@dataclass(frozen=True, slots=True)
class Record:
    """A stored record. `content`/`salt` are None once erased; the leaf stays forever."""

    id: int
    kind: str
    time_ms: int
    leaf: bytes
    leaf_hash: bytes
    content: bytes | None
    salt: bytes | None
    key: str | None
    erased_ms: int | None

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Record:
        """A row `id, kind, ts, leaf, hash, content, salt, idem, erased` of a SQL store (bytes-like
        columns as the driver returns them: bytes, memoryview)."""
        i, kind, ts, leaf, h, content, salt, idem, erased = row
        return cls(
            i,
            kind,
            ts,
            bytes(leaf),
            bytes(h),
            None if content is None else bytes(content),
            None if salt is None else bytes(salt),
            idem,
            erased,
        )

    @property
    def erased(self) -> bool:
        return self.erased_ms is not None

    @property
    def payload(self) -> Any:
        return None if self.content is None else json.loads(self.content)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "time_ms": self.time_ms,
            "leaf": self.leaf.decode(),
            "leaf_hash": self.leaf_hash.hex(),
            "payload": self.payload,
            "salt": self.salt.hex() if self.salt else None,
            "idempotency_key": self.key,
            "erased_ms": self.erased_ms,
        }
