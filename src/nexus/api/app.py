"""FastAPI app factory: routers, token-guarded writes, error shapes, CORS and the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from starlette.types import ASGIApp

from .._version import __version__
from .cache import ReadCache
from .errors import install_error_handlers
from .middleware import LOOPBACK_NAMES, BodyLimit, HostCheck, SecurityHeaders, is_loopback
from .routers import bounties as bounties_router
from .routers import events, ledger, status
from .routers import fairness as fairness_router
from .routers import guard as guard_router
from .routers import markets as markets_router
from .routers import oracle as oracle_router
from .routers import scan as scan_router
from .security import TokenGuard, TokenStore, secure_openapi
from .web import mount_dashboard

if TYPE_CHECKING:
    from ..node import Node

__all__ = ["ROUTERS", "NexusApp", "allowed_hosts", "create_app"]

DESCRIPTION = """The node's HTTP API. Reads are open; every write (POST, PUT, PATCH, DELETE) needs
the API token as `Authorization: Bearer <token>` (print it with `nexus api token`).
Errors are `{"error": "<reason>"}`. Live events stream from `GET /events` (Server-Sent Events)."""

# Routers the app mounts, in order. Each capability appends its own `routers/<resource>.py`.
ROUTERS: list[APIRouter] = [status.router, events.router, ledger.router]
ROUTERS.append(oracle_router.router)
ROUTERS.append(guard_router.router)
ROUTERS.append(markets_router.router)
ROUTERS.append(scan_router.router)
ROUTERS.append(fairness_router.router)
ROUTERS.append(bounties_router.router)


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
    app = NexusApp(title="Symbiotic Nexus", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None)  # their pages load from a CDN: none offline
    app.state.node = node
    app.state.tokens = TokenStore(settings.api_token_path)
    app.state.tokens.get()  # first start: create it now, not on the first write
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    mount_dashboard(app)
    _secure_schema(app)
    # inside Starlette's stack, the last added runs first: CORS (so 401s carry it), token, body
    app.add_middleware(BodyLimit, max_bytes=settings.api_max_body)
    app.add_middleware(TokenGuard, store=app.state.tokens)
    cors = bool(settings.api_cors_origins)
    if cors:  # closed unless origins are listed
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.api_cors_origins),
                           allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "Last-Event-ID"],
                           expose_headers=["ETag"])
    # around it all, innermost first: read cache (cross-origin requests bypass it when CORS is
    # open: their headers depend on Origin), security headers, then the Host check
    app.state.read_cache = None

    def cache(inner: ASGIApp) -> ASGIApp:
        app.state.read_cache = ReadCache(inner, version=lambda: node.events.last_id,
                                         bypass_origin=cors)
        return app.state.read_cache

    app.outer = [cache, SecurityHeaders]
    hosts = allowed_hosts(settings.api_allowed_hosts, node.url)
    if hosts is not None:
        app.outer.append(lambda inner: HostCheck(inner, allowed=hosts))
    return app


def allowed_hosts(extra: list[str], url: str | None) -> list[str] | None:
    """Host names the API answers to, or None for no check.

    Armed when the node serves a socket (`url` is where `nexus up` bound): a loopback bind
    accepts localhost, 127.0.0.1, [::1] and the bound host plus `extra`; another bind checks only
    when `extra` names hosts (its own DNS names are unknown here). "*" in `extra` turns it off.
    """
    if "*" in extra:
        return None
    bound = urlsplit(url).hostname if url else None
    if bound is None:
        return list(LOOPBACK_NAMES) + list(extra) if extra else None  # in-process (tests, embedding)
    shown = f"[{bound}]" if ":" in bound else bound
    if is_loopback(bound) or extra:
        wildcard = bound in ("0.0.0.0", "::")
        return list(LOOPBACK_NAMES) + ([] if wildcard else [shown]) + list(extra)
    return None


def _secure_schema(app: FastAPI) -> None:
    """OpenAPI at /openapi.json, with the bearer token declared on every write."""

    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = secure_openapi(get_openapi(
                title=app.title, version=app.version, description=app.description,
                routes=app.routes))
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]
