"""The API token: made at first start in the data directory (mode 0600), required on every write.

Clients send it as `Authorization: Bearer <token>`; `nexus api token` prints it. Reads (GET, HEAD)
are open on a loopback bind and need the token on any other (unless `api_public_reads` says
otherwise); ledger payloads and salts always need it. Wrong tokens count against the client's
address (`ratelimit.FailureLimiter`): past the limit it gets 429 with `Retry-After`.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ..exceptions import ApiAuthError, ApiForbidden, ApiTooManyAttempts, ConfigError
from .ratelimit import FailureLimiter

__all__ = [
    "AUTH_HEADER",
    "WRITE_METHODS",
    "TokenGuard",
    "TokenStore",
    "check_token",
    "has_token",
    "is_public_path",
    "require_token",
    "secure_openapi",
]

log = logging.getLogger(__name__)
AUTH_HEADER = "Authorization: Bearer <token>"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_PREFIX = "nxs_"
# Paths whose route checks the token itself, per JSON-RPC method (routers/rpc.py), not per verb.
SELF_GUARDED = frozenset({"/rpc"})


class TokenStore:
    """The node's API token in `path`: created once (0600), re-read whenever the file changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._token = ""
        self._mtime_ns = -1

    def get(self) -> str:
        """The token, creating the file on first use."""
        if not self._token:
            self._load(create=True)
        return self._token

    def check(self, given: str) -> bool:
        """Constant-time comparison against the file's current token (a rotation applies at once:
        one stat per write request)."""
        if not self._token or self._changed():
            self._load(create=True)
        return hmac.compare_digest(given.encode(), self._token.encode())

    def rotate(self) -> str:
        """Replace the token with a fresh one; running nodes pick it up on the next write."""
        self._write(new_token(), replace=True)
        self._load(create=False)
        return self._token

    def _changed(self) -> bool:
        try:
            return self.path.stat().st_mtime_ns != self._mtime_ns
        except OSError:
            return True

    def _load(self, *, create: bool) -> None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            if not create:
                raise ConfigError(f"no API token at {self.path}") from None
            self._write(new_token(), replace=False)
            st = self.path.stat()
        if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            os.chmod(self.path, 0o600)
            log.warning("API token file %s was readable by others; now owner-only", self.path)
        token = self.path.read_text(encoding="utf-8").strip()
        if len(token) < 16:
            raise ConfigError(f"API token file {self.path} is empty or too short; delete it to make a new one")
        self._token, self._mtime_ns = token, st.st_mtime_ns

    def _write(self, token: str, *, replace: bool) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, (token + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, self.path)
            return
        try:  # first start: a racing process may have made one already; keep theirs
            os.link(tmp, self.path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)


def new_token() -> str:
    return _PREFIX + secrets.token_urlsafe(32)


def _bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else ""


def check_token(
    header: str | None, store: TokenStore, limiter: FailureLimiter | None = None, client: str | None = None
) -> None:
    """ApiAuthError (401) without `Authorization: Bearer <token>`, ApiForbidden (403) when wrong,
    ApiTooManyAttempts (429) while `client` is over the limit of wrong tokens."""
    given = _bearer(header)
    if given is None:
        raise ApiAuthError(
            f"this endpoint needs the API token: send '{AUTH_HEADER}' (the node's owner gets it from `nexus api token`)"
        )
    if given == "":
        raise ApiAuthError(f"malformed Authorization header: expected '{AUTH_HEADER}'")
    if limiter is not None and (wait := limiter.retry_after(client)):
        raise ApiTooManyAttempts(f"too many wrong API tokens from this address; try again in {wait} s", wait)
    if not store.check(given):  # hmac.compare_digest: constant time
        if limiter is not None and (wait := limiter.failed(client)):
            log.warning("client %s sent too many wrong API tokens; refused for %d s", client, wait)
        raise ApiForbidden("the API token is not valid for this node")


def _client(scope: Scope) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


def require_token(request: Request) -> None:
    """FastAPI dependency for write routes (the app's `TokenGuard` already enforces it for every
    write; declaring it documents the route and keeps it safe if mounted elsewhere)."""
    if request.scope.get("state", {}).get("token_ok"):
        return
    check_token(
        request.headers.get("authorization"),
        request.app.state.tokens,
        getattr(request.app.state, "token_failures", None),
        _client(request.scope),
    )
    request.state.token_ok = True


def has_token(request: Request) -> bool:
    """Whether the request carries this node's token (for answers that show more to the owner:
    ledger payloads and salts). A wrong token is an error (403/429), not an anonymous read."""
    if request.scope.get("state", {}).get("token_ok"):
        return True
    if not _bearer(request.headers.get("authorization")):
        return False
    require_token(request)  # only when the app runs without its TokenGuard
    return True


def is_public_path(path: str) -> bool:
    """The dashboard page and its static assets: no data, so served even when reads need the
    token (the page then asks for it)."""
    return path == "/" or path.startswith("/ui/")


class TokenGuard:
    """ASGI middleware in front of everything (the read cache too): every POST/PUT/PATCH/DELETE
    needs the token, and so does every read when `private_reads`; a bearer token sent on an open
    read is checked as well (it unlocks payloads and salts). Checked before the body is read or the
    route is looked up, so no router can forget it; wrong tokens count against the client."""

    def __init__(
        self, app: ASGIApp, store: TokenStore, limiter: FailureLimiter | None = None, *, private_reads: bool = False
    ) -> None:
        self.app = app
        self.store = store
        self.limiter = limiter
        self.private_reads = private_reads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] == "OPTIONS"  # CORS preflights carry none
            or scope["path"] in SELF_GUARDED
        ):
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"authorization"), None)
        needed = scope["method"] in WRITE_METHODS or (self.private_reads and not is_public_path(scope["path"]))
        if needed or _bearer(header):  # an open read ignores other schemes (a proxy's Basic)
            try:
                check_token(header, self.store, self.limiter, _client(scope))
            except ApiAuthError as exc:
                await JSONResponse({"error": str(exc)}, status_code=exc.http_status, headers=exc.http_headers)(
                    scope, receive, send
                )
                return
            scope.setdefault("state", {})["token_ok"] = True
        await self.app(scope, receive, send)


def secure_openapi(schema: dict[str, Any], *, private_reads: bool = False) -> dict[str, Any]:
    """Declare the bearer scheme and mark every write operation (every operation, when reads are
    private) as needing it."""
    comps = schema.setdefault("components", {})
    comps.setdefault("securitySchemes", {})["apiToken"] = {
        "type": "http",
        "scheme": "bearer",
        "description": f"Writes need `{AUTH_HEADER}`; print the token with `nexus api token`.",
    }
    for ops in schema.get("paths", {}).values():
        for method, op in ops.items():
            if method.upper() in WRITE_METHODS or private_reads:
                op["security"] = [{"apiToken": []}]
                responses = op.setdefault("responses", {})
                responses.setdefault("401", {"description": "missing or malformed API token"})
                responses.setdefault("403", {"description": "wrong API token"})
    return schema
