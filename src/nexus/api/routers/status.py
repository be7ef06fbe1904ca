"""Node health and status, and blocks by number."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from ..dependencies import NexusDep, NodeDep
from ..schemas import Block, Health, Status
from ..serialize import to_json

__all__ = ["router"]

router = APIRouter(tags=["status"])


@router.get(
    "/health",
    response_model=Health,
    response_model_exclude_unset=True,
    responses={503: {"model": Health, "description": "the node or a service is unwell"}},
)
def health(node: NodeDep, response: Response) -> dict[str, Any]:
    """Liveness of the node and each service: 200 when all are well, else 503."""
    report = node.health()
    if not report["ok"]:
        response.status_code = 503
    return report


@router.get("/status", response_model=Status)
def status(node: NodeDep) -> dict[str, Any]:
    """Backend, chain id, head block, deployed contracts, uptime."""
    return node.status()


@router.get("/blocks/{number}", response_model=Block)
def block(number: int, nexus: NexusDep) -> dict[str, Any]:
    """One block with its transactions, receipts and logs (bytes as 0x-hex)."""
    return to_json(nexus.chain.get_block(number))  # type: ignore[no-any-return]
