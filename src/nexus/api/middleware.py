"""Pure-ASGI middleware: Host check, request body size and depth caps, security headers."""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .._jsonsafe import DepthScanner, TooDeep

__all__ = ["LOOPBACK_NAMES", "BodyLimit", "HostCheck", "SecurityHeaders", "is_ip_literal", "is_loopback"]

# The dashboard loads nothing from elsewhere: no CDN, no inline script, no framing.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CSP.encode()),
]


class BodyLimit:
    """Answer 413 to a request whose body exceeds `max_bytes` (declared or streamed), and 400 to
    one nesting `[`/`{` deeper than `max_depth` (scanned chunk by chunk as the app reads it, so
    no recursive JSON parser ever sees it: see `nexus._jsonsafe`)."""

    def __init__(self, app: ASGIApp, max_bytes: int, max_depth: int = 64) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await _reject(send, 413, self._message())
                return
        seen = 0
        depth = DepthScanner(self.max_depth)

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                chunk = message.get("body", b"")
                seen += len(chunk)
                if seen > self.max_bytes:  # a chunked body: the app's error handler answers
                    raise HTTPException(413, self._message())
                try:
                    depth.feed(chunk)
                except TooDeep:
                    raise HTTPException(
                        400, f"request body nests deeper than {self.max_depth} levels of [ and {{ (NEXUS_API_MAX_DEPTH)"
                    ) from None
            return message

        await self.app(scope, counted, send)

    def _message(self) -> str:
        return f"request body too large (limit {self.max_bytes:,} bytes, NEXUS_API_MAX_BODY)"


async def _reject(send: Send, status: int, message: str) -> None:
    """Answer `status` with `{"error": message}` and the security headers, below the app."""
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add nosniff, no-referrer, no framing and a self-only CSP to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in _HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address, IPv6 with or without brackets) is loopback."""
    import ipaddress

    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_ip_literal(name: str) -> bool:
    """Whether a Host name (as `_host_name` returns it) is an IP address, not a DNS name."""
    import ipaddress

    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def _host_name(value: str) -> str:
    """The name part of a Host header value, lowercased, without the port ("[::1]" kept whole)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostCheck:
    """Refuse requests whose Host header names another site (DNS-rebinding protection).

    A page on another site can point its own DNS name at 127.0.0.1 and then talk to a loopback
    node from the victim's browser; the browser sends that foreign name as Host, which this
    middleware refuses (400, with the reason). `allowed` holds the accepted names (no port);
    "*" accepts any. Requests without a Host header (HTTP/1.0 tools) carry no rebinding risk and
    pass. `any_ip` also accepts every IP address (a node bound to a non-loopback address is
    reached by its addresses; rebinding needs a DNS name, so an address is never the attack).
    """

    def __init__(self, app: ASGIApp, allowed: list[str] | tuple[str, ...], *, any_ip: bool = False) -> None:
        self.app = app
        self.any_ip = any_ip
        self.any = "*" in allowed
        names = dict.fromkeys(_host_name(h) for h in allowed if h != "*")  # ordered, unique
        self.allowed = frozenset(names)
        self.shown = ", ".join(names)

    def _accepts(self, name: str) -> bool:
        return name in self.allowed or (self.any_ip and is_ip_literal(name))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self.any:
            await self.app(scope, receive, send)
            return
        raw = next((v for k, v in scope.get("headers", ()) if k == b"host"), None)
        if raw is None or self._accepts(_host_name(raw.decode("latin-1"))):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        given = raw.decode("latin-1")[:100]
        also = " or any IP address" if self.any_ip else ""
        await _reject(
            send,
            400,
            f"Host {given!r} is not served here: this node answers to "
            f"{self.shown}{also} (add names with NEXUS_API_ALLOWED_HOSTS)",
        )
