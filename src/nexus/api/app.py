"""FastAPI app factory: routers, token-guarded writes (and reads off loopback), error shapes, CORS
and the dashboard."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from starlette.types import ASGIApp

from .._fs import secure_home
from .._jsonsafe import cap_recursion_limit
from .._version import __version__
from .cache import ReadCache
from .errors import install_error_handlers
from .middleware import LOOPBACK_NAMES, BodyLimit, HostCheck, SecurityHeaders, is_loopback
from .ratelimit import FailureLimiter
from .routers import aiaas as aiaas_router
from .routers import avatar as avatar_router
from .routers import bounties as bounties_router
from .routers import defi as defi_router
from .routers import disputes as disputes_router
from .routers import events, ledger, status
from .routers import fairness as fairness_router
from .routers import fl as fl_router
from .routers import game as game_router
from .routers import governance as governance_router
from .routers import guard as guard_router
from .routers import identity as identity_routers
from .routers import insurance as insurance_router
from .routers import lending as lending_router
from .routers import markets as markets_router
from .routers import nft as nft_router
from .routers import oracle as oracle_router
from .routers import rpc as rpc_router
from .routers import scan as scan_router
from .routers import xchain as xchain_router
from .schemas import document_errors
from .security import TokenGuard, TokenStore, secure_openapi
from .web import mount_dashboard

if TYPE_CHECKING:
    from ..node import Node

__all__ = ["ROUTERS", "NexusApp", "allowed_hosts", "create_app", "reads_need_token"]

log = logging.getLogger(__name__)
DESCRIPTION = """The node's HTTP API. Every write (POST, PUT, PATCH, DELETE) needs the API token as
`Authorization: Bearer <token>` (print it with `nexus api token`); so do reads on a node bound to
a non-loopback address (unless `api_public_reads` is set), and ledger payloads and salts always.
Errors are `{"error": "<reason>"}`. Live events stream from `GET /events` (Server-Sent Events)."""

# Routers the app mounts, in order. Each capability appends its own `routers/<resource>.py`.
ROUTERS: list[APIRouter] = [status.router, events.router, ledger.router]
ROUTERS.append(oracle_router.router)
ROUTERS.append(guard_router.router)
ROUTERS.append(markets_router.router)
ROUTERS.append(scan_router.router)
ROUTERS += [governance_router.router, governance_router.models_router]
ROUTERS.append(fairness_router.router)
ROUTERS.append(bounties_router.router)
ROUTERS.append(rpc_router.router)  # Ethereum JSON-RPC: checks the token per method
ROUTERS += [identity_routers.identity_router, identity_routers.consent_router, identity_routers.data_router]
ROUTERS.append(defi_router.router)
ROUTERS.append(lending_router.router)
ROUTERS.append(insurance_router.router)
ROUTERS.append(disputes_router.router)
ROUTERS += [aiaas_router.router, aiaas_router.jobs_router, aiaas_router.zk_router]
ROUTERS.append(avatar_router.router)
ROUTERS.append(game_router.router)
ROUTERS.append(fl_router.router)
ROUTERS.append(xchain_router.router)
ROUTERS.append(nft_router.router)


class NexusApp(FastAPI):
    """FastAPI with `outer` layers wrapped around its whole stack (Host check, security headers
    and the read cache), so a cached read never enters Starlette's error and routing layers."""

    outer: list[Callable[[ASGIApp], ASGIApp]]

    def build_middleware_stack(self) -> ASGIApp:
        app = super().build_middleware_stack()
        for wrap in getattr(self, "outer", []):  # innermost first
            app = wrap(app)
        return app


def create_app(node: Node) -> NexusApp:
    """An app serving `node` (started by the caller); makes the API token on first use."""
    settings = node.settings
    secure_home(settings.home)
    cap_recursion_limit()  # py_ecc raised it to 100,000: deep input would overflow the C stack
    app = NexusApp(
        title="Symbiotic Nexus", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None
    )  # their pages load from a CDN: none offline
    app.state.node = node
    app.state.tokens = TokenStore(settings.api_token_path)
    app.state.tokens.get()  # first start: create it now, not on the first write
    app.state.token_failures = FailureLimiter(settings.api_auth_failures)
    bind = _bind_url(node.url, settings.host, settings.port)
    private = app.state.private_reads = reads_need_token(settings.api_public_reads, bind)
    if private and settings.api_public_reads is None:
        log.info("serving %s: reads need the API token too (api_public_reads=true opens them)", bind)
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    mount_dashboard(app)
    _secure_schema(app, private)
    app.add_middleware(BodyLimit, max_bytes=settings.api_max_body, max_depth=settings.api_max_depth)
    cors = bool(settings.api_cors_origins)

    # around it all, innermost first: read cache (cross-origin requests bypass it when CORS is
    # open: their headers depend on Origin), the token check (before the cache, so a cached read
    # is served only to whom the route would be), CORS (so 401/403/429 carry it), security
    # headers, then the Host check
    def cache(inner: ASGIApp) -> ASGIApp:
        return ReadCache(inner, version=lambda: node.events.last_id, bypass_origin=cors)

    def tokens(inner: ASGIApp) -> ASGIApp:
        return TokenGuard(inner, app.state.tokens, app.state.token_failures, private_reads=private)

    app.outer = [cache, tokens]
    if cors:  # closed unless origins are listed
        app.outer.append(
            lambda inner: CORSMiddleware(
                inner,
                allow_origins=list(settings.api_cors_origins),
                allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                allow_headers=["Authorization", "Content-Type", "Last-Event-ID"],
                expose_headers=["ETag", "Retry-After"],
            )
        )
    app.outer.append(SecurityHeaders)
    hosts = allowed_hosts(settings.api_allowed_hosts, bind)
    if hosts is not None:
        any_ip = not is_loopback(urlsplit(bind).hostname or "localhost") if bind else False
        app.outer.append(lambda inner: HostCheck(inner, allowed=hosts, any_ip=any_ip))
    return app


def _bind_url(url: str | None, host: str, port: int) -> str | None:
    """Where the app is served: `nexus up`'s bound URL, else the `host` setting when it is not
    loopback (an app served by other means on such a host gets the same protection)."""
    if url or is_loopback(host):
        return url
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def reads_need_token(public_reads: bool | None, url: str | None) -> bool:
    """Reads need the token when `public_reads` is false, or unset and the bind is not loopback."""
    if public_reads is not None:
        return not public_reads
    bound = urlsplit(url).hostname if url else None
    return bound is not None and not is_loopback(bound)


def _own_names() -> list[str]:
    """This machine's host name (and its first label, and that label under .local), by which a
    node bound to every address is reached; no DNS lookup."""
    try:
        name = socket.gethostname().strip().lower()
    except OSError:
        return []
    if not name:
        return []
    label = name.split(".")[0]
    return list(dict.fromkeys([name, label, f"{label}.local"]))


def allowed_hosts(extra: list[str], url: str | None) -> list[str] | None:
    """Host names the API answers to, or None for no check.

    Armed when the node serves a socket (`url` is where it is bound): a loopback bind accepts
    localhost, 127.0.0.1, [::1] and the bound host plus `extra`. Another bind is reachable from
    a browser on the LAN, which a rebinding page could turn against it just the same: it also
    accepts this machine's host name (and, through `HostCheck(any_ip=True)`, any IP address);
    other DNS names must be listed in `extra`. "*" in `extra` turns the check off.
    """
    if "*" in extra:
        return None
    bound = urlsplit(url).hostname if url else None
    if bound is None:
        return list(LOOPBACK_NAMES) + list(extra) if extra else None  # in-process (tests, embedding)
    shown = f"[{bound}]" if ":" in bound else bound
    if is_loopback(bound):
        return list(LOOPBACK_NAMES) + [shown] + list(extra)
    wildcard = bound in ("0.0.0.0", "::")
    names = list(LOOPBACK_NAMES) + ([] if wildcard else [shown]) + list(extra) + _own_names()
    return list(dict.fromkeys(names))


def _secure_schema(app: FastAPI, private_reads: bool) -> None:
    """OpenAPI at /openapi.json, with the bearer token declared on every write (every operation
    when reads are private)."""

    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(
                secure_openapi(
                    get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes),
                    private_reads=private_reads,
                )
            )
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]
