"""Cached reads answered below ASGI, straight from the HTTP protocol.

uvicorn parses a request (httptools, in C), then builds an ASGI scope, starts a task and passes
the answer through every ASGI layer. For a GET the read cache already holds (same node version,
younger than its max age) none of that is needed: `FastReadProtocol` answers it from the stored
bytes as soon as the headers are parsed, after the same Host check and with the same headers
the ASGI path sends (security headers, ETag, `304` on a matching `If-None-Match`). Everything
else takes uvicorn's own path: misses and stale entries (so the cache refreshes them), writes,
SSE, HTTP/1.0, `Connection: close`, requests pipelined behind a running one, a connection whose
writes are paused (a client that does not read), and cross-origin requests when CORS is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .middleware import _HEADERS, _host_name

if TYPE_CHECKING:
    from .cache import CacheEntry, ReadCache

__all__ = ["FastReads", "fast_protocol"]

_SECURITY = b"".join(k + b": " + v + b"\r\n" for k, v in _HEADERS)


class FastReads:
    """Builds the wire answer for a cached GET, or None when the ASGI path must answer."""

    def __init__(self, app: Any, allowed_hosts: list[str] | None) -> None:
        self.app = app
        self.allowed = None if allowed_hosts is None or "*" in allowed_hosts else frozenset(
            _host_name(h) for h in allowed_hosts)
        self.served = 0

    def answer(self, target: bytes, headers: list[tuple[bytes, bytes]], extra: bytes) -> bytes | None:
        cache: ReadCache | None = getattr(self.app.state, "read_cache", None)
        if cache is None or not target.startswith(b"/"):
            return None
        host = match = None
        for k, v in headers:
            if k == b"host":
                host = v
            elif k == b"if-none-match":
                match = v
            elif k == b"origin" and cache.bypass_origin:
                return None
            elif k == b"connection" and b"close" in v.lower():
                return None
        if self.allowed is not None and host is not None and _host_name(host.decode("latin-1")) not in self.allowed:
            return None  # the ASGI path refuses it with its reason
        entry = cache.peek(target)
        if entry is None:
            return None
        self.served += 1
        if match is not None and (match == b"*" or entry.etag in [t.strip() for t in match.split(b",")]):
            return (b"HTTP/1.1 304 Not Modified\r\netag: " + entry.etag + b"\r\ncache-control: no-cache\r\n"
                    + _SECURITY + extra + b"\r\n")
        return _head(entry) + extra + b"\r\n" + entry.body


def _head(entry: CacheEntry) -> bytes:
    if entry.wire_head is None:
        present = {k.lower() for k, _ in entry.headers}
        security = b"".join(k + b": " + v + b"\r\n" for k, v in _HEADERS if k not in present)
        entry.wire_head = (b"HTTP/1.1 200 OK\r\n" + b"".join(k + b": " + v + b"\r\n" for k, v in entry.headers)
                           + security)
    return entry.wire_head


_defaults: tuple[object, bytes] = (None, b"")


def _encoded(headers: list[tuple[bytes, bytes]]) -> bytes:
    """uvicorn's default headers (date, server) as wire bytes; uvicorn builds a new list once a
    second, so they are encoded once per list, not per request."""
    global _defaults
    if _defaults[0] is not headers:
        _defaults = (headers, b"".join(k + b": " + v + b"\r\n" for k, v in headers))
    return _defaults[1]


def fast_protocol(app: Any, allowed_hosts: list[str] | None) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol with cached GETs answered from `app`'s read cache."""
    reads = FastReads(app, allowed_hosts)

    class FastReadProtocol(HttpToolsProtocol):
        fast = reads
        _answered = False

        def on_headers_complete(self) -> None:
            self._answered = False
            p = self.parser
            if (p.get_method() == b"GET" and p.get_http_version() == "1.1" and not p.should_upgrade()
                    and (self.cycle is None or self.cycle.response_complete) and not self.pipeline
                    and not self.flow.write_paused):
                data = reads.answer(self.url, self.headers, _encoded(self.server_state.default_headers))
                if data is not None:
                    self._answered = True
                    self.transport.write(data)
                    return
            super().on_headers_complete()

        def on_body(self, body: bytes) -> None:
            if not self._answered:
                super().on_body(body)

        def on_message_complete(self) -> None:
            if self._answered:
                self._answered = False
                self.on_response_complete()  # counts it, re-arms keep-alive, resumes reading
                return
            super().on_message_complete()

    return FastReadProtocol
