"""Ethereum JSON-RPC on `/rpc` for the embedded chain, so wallets and tools (ethers, web3.py,
viem, cast, MetaMask) can use the node: POST for single and batch requests, WebSocket for the
same plus `eth_subscribe` (newHeads, logs).

Auth, per method rather than per HTTP verb (the app's TokenGuard leaves /rpc to this router):
state-changing methods (eth_sendRawTransaction, eth_sendTransaction, evm_*, anvil_mine) need the
API token, unless `rpc_open_writes_on_loopback` is set and the node is bound to loopback; reads
follow the API's read rule (open on a loopback bind unless `api_public_reads` says otherwise).
A WebSocket presents the token once, in its handshake. Cross-site requests from a browser page
(a "simple" text/plain POST needs no CORS preflight, and WebSockets have no CORS at all) are
refused by their Origin header unless it is the node's own, a browser extension's (a wallet) or
listed in `api_cors_origins`; tools send no Origin.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from ...chain._rpc_server import RpcServer, error_response, parse_error
from ...chain.embedded import EmbeddedChain
from ...exceptions import ApiAuthError, JsonRpcError, NexusError
from ..middleware import is_loopback
from ..security import check_token
from ._rpc_ws import Subscriptions

__all__ = ["router"]

log = logging.getLogger(__name__)
router = APIRouter(tags=["rpc"])
MAX_DEPTH = 64  # JSON nesting of one request body; real requests nest a handful of levels
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _server(app: Any) -> RpcServer:
    """The app's RpcServer (made on first use); JsonRpcError when the chain is not embedded."""
    server: RpcServer | None = getattr(app.state, "rpc_server", None)
    node = app.state.node
    try:
        chain = node.require().chain
    except NexusError as exc:
        raise JsonRpcError(-32000, str(exc)) from None
    if server is not None and server.methods.chain is chain:
        return server
    if not isinstance(chain, EmbeddedChain):
        raise JsonRpcError(
            -32000,
            "this node follows an external chain: send JSON-RPC to that"
            " chain's own endpoint (/rpc serves the embedded chain only)",
        )
    server = RpcServer(chain, max_batch=node.settings.rpc_max_batch)
    app.state.rpc_server = server
    return server


FOREIGN = "requests from another site's pages are refused: list its origin in api_cors_origins"
_EXTENSIONS = ("chrome-extension://", "moz-extension://", "safari-web-extension://")


def _foreign(origin: str | None, host: str | None, app: Any) -> bool:
    """Whether a request comes from a page of another web site (a browser sends its Origin; a
    tool sends none). Same-origin pages (the dashboard), browser extensions (wallets: no site
    can pose as one) and origins listed in `api_cors_origins` are not foreign."""
    if origin is None or origin.startswith(_EXTENSIONS):
        return False
    allowed = app.state.node.settings.api_cors_origins
    if "*" in allowed or origin in allowed:
        return False
    return urlsplit(origin).netloc.lower() != (host or "").lower()


def _open_writes(app: Any) -> bool:
    node = app.state.node
    if not node.settings.rpc_open_writes_on_loopback:
        return False
    host = urlsplit(node.url).hostname if node.url else node.settings.host
    return bool(host) and is_loopback(host)


def _has_bearer(header: str | None) -> bool:
    return bool(header) and str(header).lower().startswith("bearer ")


def _auth(app: Any, header: str | None, client: str | None, body: Any) -> ApiAuthError | None:
    """None when the request may run; else the auth error (it is checked before anything runs)."""
    needed = (RpcServer.writes(body) and not _open_writes(app)) or bool(getattr(app.state, "private_reads", False))
    if not needed and not _has_bearer(header):
        return None
    try:
        check_token(header, app.state.tokens, getattr(app.state, "token_failures", None), client)
    except ApiAuthError as exc:
        return exc
    return None


def _refusal(body: Any, err: JsonRpcError) -> Any:
    """`err` answered to every request of `body` (by its id), none of which ran."""

    def rid(r: Any) -> Any:
        i = r.get("id") if isinstance(r, dict) else None
        return i if isinstance(i, str | int) and not isinstance(i, bool) else None

    if isinstance(body, list) and body:
        return [error_response(rid(r), err) for r in body]
    return error_response(rid(body), err)


def _dump(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


def _too_deep(raw: bytes) -> bool:
    """Whether JSON text nests arrays/objects deeper than MAX_DEPTH (the C decoder recurses, and
    a raised recursion limit lets a body of brackets overflow the stack). Strings are skipped."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return False
    depth = 0
    for m in _TOKENS.finditer(raw):
        tok = m.group()
        if tok in (b"[", b"{"):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif tok in (b"]", b"}"):
            depth -= 1
    return False


def _parse(raw: bytes | str) -> tuple[Any, dict[str, Any] | None]:
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if _too_deep(data):
        return None, parse_error(f"nested deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(data), None
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None, parse_error()


@router.post(
    "/rpc",
    summary="Ethereum JSON-RPC (single or batch)",
    responses={
        200: {"description": "JSON-RPC response(s); errors are JSON-RPC error objects"},
        204: {"description": "the request held only notifications"},
    },
)
async def rpc_http(request: Request) -> Response:
    if _foreign(request.headers.get("origin"), request.headers.get("host"), request.app):
        return JSONResponse(error_response(None, JsonRpcError(-32000, FOREIGN)), status_code=403)
    try:
        raw = await request.body()
    except HTTPException as exc:  # the body limits (size, depth) refuse it as it streams in
        code = -32700 if exc.status_code == 400 else -32600
        return JSONResponse(error_response(None, JsonRpcError(code, str(exc.detail))), status_code=exc.status_code)
    body, bad = _parse(raw)
    if bad is not None:
        return JSONResponse(bad)
    client = request.client.host if request.client else None
    denied = _auth(request.app, request.headers.get("authorization"), client, body)
    if denied is not None:
        return JSONResponse(
            _refusal(body, JsonRpcError(-32000, str(denied))),
            status_code=denied.http_status,
            headers=denied.http_headers,
        )
    try:
        server = _server(request.app)
    except JsonRpcError as exc:
        return JSONResponse(error_response(None, exc))
    if RpcServer.lock_free(body):  # chainId, blockNumber...: no thread hop
        out = server.handle(body)
    else:
        out = await run_in_threadpool(server.handle, body)
    if out is None:
        return Response(status_code=204)
    return Response(_dump(out), media_type="application/json")


@router.websocket("/rpc")
async def rpc_ws(ws: WebSocket) -> None:
    app = ws.app
    header = ws.headers.get("authorization")
    client = ws.client.host if ws.client else None
    if _foreign(ws.headers.get("origin"), ws.headers.get("host"), app):
        await ws.close(code=1008, reason=FOREIGN)
        return
    token_ok = False
    if _has_bearer(header) or getattr(app.state, "private_reads", False):
        if _auth(app, header, client, {"method": "eth_sendRawTransaction"}) is not None:
            await ws.close(code=1008, reason="the API token is missing or wrong")
            return
        token_ok = True
    await ws.accept()
    send_lock = asyncio.Lock()

    async def send(obj: Any) -> None:
        async with send_lock:
            await ws.send_text(json.dumps(obj, separators=(",", ":")))

    subs: Subscriptions | None = None
    try:
        while True:
            text = await ws.receive_text()
            if len(text) > app.state.node.settings.api_max_body:
                await send(error_response(None, JsonRpcError(-32600, "request too large")))
                continue
            body, bad = _parse(text)
            if bad is not None:
                await send(bad)
                continue
            try:
                server = _server(app)
            except JsonRpcError as exc:
                await send(error_response(None, exc))
                continue
            if RpcServer.writes(body) and not token_ok and not _open_writes(app):
                await send(
                    _refusal(
                        body,
                        JsonRpcError(
                            -32000,
                            "state-changing methods need the API token: connect with 'Authorization: Bearer <token>'",
                        ),
                    )
                )
                continue
            if subs is None:
                subs = Subscriptions(server, app.state.node, send)
            out = await subs.handle(body)
            if out is not None:
                await send(out)
    except WebSocketDisconnect:
        pass
    finally:
        if subs is not None:
            subs.close()
