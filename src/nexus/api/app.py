"""FastAPI app factory: routers, token-guarded writes, error shapes, CORS and the dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi

from .. import __version__
from .cache import ReadCache
from .errors import install_error_handlers
from .middleware import LOOPBACK_NAMES, BodyLimit, HostCheck, SecurityHeaders, is_loopback
from .routers import events, ledger, status
from .routers import guard as guard_router
from .routers import markets as markets_router
from .routers import oracle as oracle_router
from .routers import scan as scan_router
from .security import TokenGuard, TokenStore, secure_openapi
from .web import mount_dashboard

if TYPE_CHECKING:
    from ..node import Node

__all__ = ["ROUTERS", "allowed_hosts", "create_app"]

DESCRIPTION = """The node's HTTP API. Reads are open; every write (POST, PUT, PATCH, DELETE) needs
the API token as `Authorization: Bearer <token>` (print it with `nexus api token`).
Errors are `{"error": "<reason>"}`. Live events stream from `GET /events` (Server-Sent Events)."""

# Routers the app mounts, in order. Each capability appends its own `routers/<resource>.py`.
ROUTERS: list[APIRouter] = [status.router, events.router, ledger.router]
ROUTERS.append(oracle_router.router)
ROUTERS.append(guard_router.router)
ROUTERS.append(markets_router.router)
ROUTERS.append(scan_router.router)


def create_app(node: Node) -> FastAPI:
    """An app serving `node` (started by the caller); makes the API token on first use."""
    settings = node.settings
    app = FastAPI(title="Symbiotic Nexus", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None)  # their pages load from a CDN: none offline
    app.state.node = node
    app.state.tokens = TokenStore(settings.api_token_path)
    app.state.tokens.get()  # first start: create it now, not on the first write
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    mount_dashboard(app)
    _secure_schema(app)
    # the last added runs first: Host, headers, CORS (so 401s carry it), read cache, token, body
    app.add_middleware(BodyLimit, max_bytes=settings.api_max_body)
    app.add_middleware(TokenGuard, store=app.state.tokens)
    app.add_middleware(ReadCache, version=lambda: node.events.last_id)
    if settings.api_cors_origins:  # closed unless origins are listed
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.api_cors_origins),
                           allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "Last-Event-ID"],
                           expose_headers=["ETag"])
    app.add_middleware(SecurityHeaders)
    hosts = allowed_hosts(settings.api_allowed_hosts, node.url)
    if hosts is not None:
        app.add_middleware(HostCheck, allowed=hosts)
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
