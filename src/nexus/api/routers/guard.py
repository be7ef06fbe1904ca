"""Guard findings: recent ones as JSON and the monitor's status (live findings: `/events?kinds=finding`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from ...exceptions import ServiceUnavailable
from ...guard.findings import snake_case
from ...guard.monitor import Monitor
from ...guard.service import GuardService
from ..dependencies import NodeDep
from ..schemas import Finding, FortaFinding, GuardStatus

__all__ = ["router"]

router = APIRouter(prefix="/guard", tags=["guard"])


def _service(node: NodeDep) -> GuardService:
    svc = node.service(GuardService)
    if svc.monitor is None:
        raise ServiceUnavailable("the guard service is not running")
    return svc


def _monitor(node: NodeDep) -> Monitor:
    monitor = _service(node).monitor
    assert monitor is not None
    return monitor


@router.get("/status", response_model=GuardStatus)
def status(node: NodeDep) -> dict[str, Any]:
    """Position, counters and block-processing p99 of the monitor."""
    return _service(node).health()


@router.get("/findings", response_model=list[Finding] | list[FortaFinding])
def findings(node: NodeDep, limit: int = Query(50, ge=1, le=1000),
             severity: str | None = Query(None, description="e.g. Critical"),
             format: Annotated[Literal["nexus", "forta"], Query(
                 description="nexus: snake_case (the default); forta: the Forta Finding shape "
                             "(camelCase), for tools that consume Forta alerts")] = "nexus",
             ) -> list[dict[str, Any]]:
    """Recent findings, newest first (from the guard's database)."""
    store = _monitor(node).store
    found = [] if store is None else store.findings(limit=limit, severity=severity)
    return found if format == "forta" else [snake_case(f) for f in found]
