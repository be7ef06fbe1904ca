"""FastAPI app factory and the one place mapping NexusError to an HTTP status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from .. import __version__
from ..exceptions import NexusError
from .routers import ledger, status
from .routers import oracle as oracle_router

if TYPE_CHECKING:
    from ..node import Node

__all__ = ["ROUTERS", "create_app"]

# Routers the app mounts, in order. Each capability appends its own `routers/<resource>.py`.
ROUTERS: list[APIRouter] = [status.router, ledger.router]
ROUTERS.append(oracle_router.router)


async def _nexus_error(request: Request, exc: Exception) -> JSONResponse:
    """Every NexusError becomes its `http_status` and `{"error": message}`."""
    code = exc.http_status if isinstance(exc, NexusError) else 500
    return JSONResponse(status_code=code, content={"error": str(exc)})


def create_app(node: Node) -> FastAPI:
    """An app serving `node` (started by the caller). Later a dashboard mounts under /ui."""
    app = FastAPI(title="Symbiotic Nexus", version=__version__)
    app.state.node = node
    app.add_exception_handler(NexusError, _nexus_error)
    for router in ROUTERS:
        app.include_router(router)
    return app
