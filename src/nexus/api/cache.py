"""Read cache: GET answers kept as ready-made bytes until the node changes, with ETag / 304.

A GET whose answer is `200 application/json` is stored under its path and query string together
with the node's *version*: the id of the last event on the node's bus (every new block and every
finding is an event) and a counter of writes made through this API. A later GET is served from the
stored bytes while the version is unchanged, without routing, validation or a threadpool hop; a
new block, event or write makes the next GET recompute. Time-dependent fields (uptime, counters a
service keeps without publishing events) are refreshed at least every `max_age` seconds: an entry
older than that is still served once more while one background request recomputes it.

Concurrent misses on one key run the endpoint once and share its answer (no thundering herd).
Every stored answer carries an ETag; `If-None-Match` with it gets `304 Not Modified`.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CacheEntry", "ReadCache"]

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_JSON = b"application/json"
_DROP = frozenset({b"content-length", b"etag", b"cache-control"})


@dataclass
class CacheEntry:
    """One stored answer: the version it was computed at, headers and body bytes."""

    version: tuple[int, int]
    made: float
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    refreshing: bool = field(default=False)


class _Captured:
    """An ASGI `send` that buffers a cacheable answer and streams anything else straight on."""

    def __init__(self, send: Send | None) -> None:
        self.send = send
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self.body: list[bytes] = []
        self.cacheable: bool | None = None  # decided at http.response.start
        self.complete = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", []))
            ctype = next((v for k, v in self.headers if k.lower() == b"content-type"), b"")
            self.cacheable = (
                self.status == 200
                and ctype.startswith(_JSON)
                and not any(k.lower() == b"cache-control" and b"no-store" in v for k, v in self.headers)
            )
            if not self.cacheable and self.send is not None:
                await self.send(message)
            return
        if message["type"] == "http.response.body":
            if self.cacheable:
                self.body.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self.complete = True
                return
        if self.send is not None:
            await self.send(message)


class ReadCache:
    """Pure-ASGI middleware serving repeated GETs from stored bytes (see the module docstring).

    `version()` returns a number that grows whenever the node's state may have changed (the event
    bus's last id). Writes through this app are counted here and also invalidate.
    """

    def __init__(
        self,
        app: ASGIApp,
        version: Callable[[], int],
        *,
        max_age: float = 1.0,
        max_entries: int = 1024,
        max_body: int = 2 << 20,
        bypass_origin: bool = False,
    ) -> None:
        self.app = app
        self.bypass_origin = bypass_origin  # CORS answers depend on the Origin header
        self._version = version
        self.max_age = max_age
        self.max_entries = max_entries
        self.max_body = max_body
        self.writes = 0
        self.entries: OrderedDict[bytes, CacheEntry] = OrderedDict()
        self._inflight: dict[tuple[bytes, tuple[int, int]], asyncio.Future[CacheEntry | None]] = {}
        self.hits = self.misses = 0

    def version(self) -> tuple[int, int]:
        return (self._version(), self.writes)

    def clear(self) -> None:
        self.entries.clear()

    def stats(self) -> dict[str, Any]:
        """Counters for diagnostics and tests."""
        return {"entries": len(self.entries), "hits": self.hits, "misses": self.misses, "writes": self.writes}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method != "GET":
            if method in WRITE_METHODS:
                await self._write(scope, receive, send)
            else:
                await self.app(scope, receive, send)
            return
        if self.bypass_origin and any(k == b"origin" for k, _ in scope.get("headers", ())):
            await self.app(scope, receive, send)
            return
        key = scope.get("raw_path") or scope["path"].encode()
        if scope.get("query_string"):
            key += b"?" + scope["query_string"]
        version = self.version()
        entry = self.entries.get(key)
        if entry is not None and entry.version == version:
            if time.monotonic() - entry.made > self.max_age and not entry.refreshing:
                entry.refreshing = True  # serve this one stale, recompute in the background
                asyncio.get_running_loop().create_task(self._refresh(key, scope, version))
            self.hits += 1
            self.entries.move_to_end(key)
            await self._answer(entry, scope, send)
            return
        self.misses += 1
        flight = self._inflight.get((key, version))
        if flight is not None:  # someone is computing this very answer: share it
            shared = await asyncio.shield(flight)
            if shared is not None:
                await self._answer(shared, scope, send)
                return
            await self.app(scope, receive, send)
            return
        await self._compute(key, scope, receive, send, version)

    async def _write(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass a write through; count it once it answered (and again at the end, whatever
        happened), so reads computed meanwhile are not kept."""

        async def counted(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.writes += 1
            await send(message)

        try:
            await self.app(scope, receive, counted)
        finally:
            self.writes += 1

    async def _compute(
        self, key: bytes, scope: Scope, receive: Receive, send: Send | None, version: tuple[int, int]
    ) -> CacheEntry | None:
        flight: asyncio.Future[CacheEntry | None] = asyncio.get_running_loop().create_future()
        self._inflight[(key, version)] = flight
        entry: CacheEntry | None = None
        try:
            cap = _Captured(send)
            await self.app(scope, receive, cap)
            if cap.cacheable and cap.complete:
                entry = self._store(key, version, cap)
                if send is not None:
                    await self._answer(entry, scope, send)
            return entry
        finally:
            del self._inflight[(key, version)]
            flight.set_result(entry)

    def _store(self, key: bytes, version: tuple[int, int], cap: _Captured) -> CacheEntry:
        body = b"".join(cap.body)
        etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        headers = [(k, v) for k, v in cap.headers if k.lower() not in _DROP]
        headers += [(b"content-length", str(len(body)).encode()), (b"etag", etag), (b"cache-control", b"no-cache")]
        entry = CacheEntry(version, time.monotonic(), headers, body, etag)
        if len(body) <= self.max_body and self.version() == version:  # unchanged meanwhile
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)
        return entry

    async def _refresh(self, key: bytes, scope: Scope, version: tuple[int, int]) -> None:
        sent = False

        async def receive() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.Event().wait()  # a JSON endpoint never waits for a disconnect
            return {"type": "http.disconnect"}

        old = self.entries.get(key)
        try:
            fresh = await self._compute(key, dict(scope), receive, None, version)
        except Exception:  # noqa: BLE001 - the next request recomputes in the foreground
            fresh = None
        if fresh is None and old is not None and self.entries.get(key) is old:
            del self.entries[key]

    @staticmethod
    async def _answer(entry: CacheEntry, scope: Scope, send: Send) -> None:
        match = _if_none_match(scope)
        if match is not None and (match == b"*" or entry.etag in [t.strip() for t in match.split(b",")]):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(b"etag", entry.etag), (b"cache-control", b"no-cache")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
        await send({"type": "http.response.body", "body": entry.body})


def _if_none_match(scope: Scope) -> bytes | None:
    for k, v in scope.get("headers", ()):
        if k == b"if-none-match":
            return bytes(v)
    return None
