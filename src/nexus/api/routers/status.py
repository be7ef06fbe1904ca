"""Node health and status, and blocks by number."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ..dependencies import NexusDep, NodeDep
from ..serialize import to_json

__all__ = ["router"]

router = APIRouter(tags=["status"])


@router.get("/health")
def health(node: NodeDep) -> JSONResponse:
    """Liveness of the node and each service: 200 when all are well, else 503."""
    report = node.health()
    return JSONResponse(report, status_code=200 if report["ok"] else 503)


@router.get("/status")
def status(node: NodeDep) -> dict[str, Any]:
    """Backend, chain id, head block, deployed contracts, uptime."""
    return node.status()


@router.get("/blocks/{number}")
def block(number: int, nexus: NexusDep) -> dict[str, Any]:
    """One block with its transactions, receipts and logs (bytes as 0x-hex)."""
    return to_json(nexus.chain.get_block(number))  # type: ignore[no-any-return]
