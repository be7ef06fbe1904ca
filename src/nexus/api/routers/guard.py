"""Guard findings (recent ones as JSON; live: `/events?kinds=finding`), the monitor's status, and the
watched contracts (GET/POST /guard/targets, DELETE /guard/targets/{address})."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from ...exceptions import ServiceUnavailable
from ...guard.findings import snake_case
from ...guard.monitor import Monitor
from ...guard.service import GuardService
from ...guard.watchlist import add_target, describe_targets, load_targets, remove_target
from ..dependencies import NodeDep
from ..schemas import Finding, FortaFinding, GuardStatus
from ..schemas.guard import BreakerDecision, WatchTargetIn, WatchTargetOut, WatchTargetRemoved

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
def findings(
    node: NodeDep,
    limit: int = Query(50, ge=1, le=1000),
    severity: str | None = Query(None, description="e.g. Critical"),
    format: Annotated[
        Literal["nexus", "forta"],
        Query(
            description="nexus: snake_case (the default); forta: the Forta Finding shape "
            "(camelCase), for tools that consume Forta alerts"
        ),
    ] = "nexus",
) -> list[dict[str, Any]]:
    """Recent findings, newest first (from the guard's database)."""
    store = _monitor(node).store
    found = [] if store is None else store.findings(limit=limit, severity=severity)
    return found if format == "forta" else [snake_case(f) for f in found]


def _watched(node: NodeDep) -> tuple[Any, dict[str, int], dict[str, str]]:
    svc = node.find(GuardService)
    if svc is None:
        return load_targets(node.settings), {}, {}
    mon = svc.monitor
    return svc.watched(), (dict(mon.ctx.last_activity) if mon is not None else {}), svc.sources()


@router.get("/targets", response_model=list[WatchTargetOut])
def targets(node: NodeDep) -> list[dict[str, Any]]:
    """Every watched contract: kind, standard, protocol name, pausable, last activity, source."""
    return describe_targets(*_watched(node))


@router.post("/targets", response_model=WatchTargetOut)
def add(body: WatchTargetIn, node: NodeDep) -> dict[str, Any]:
    """Watch a contract (kept in the settings' targets file; the running guard follows at once)."""
    out = add_target(
        node.settings, body.address, body.kind, pausable=body.pausable, protocol=body.protocol, abi=body.abi
    )
    svc = node.find(GuardService)
    if svc is not None:
        svc.reload()
    return {**out, "source": "file", "last_activity": None}


@router.delete("/targets/{address}", response_model=WatchTargetRemoved)
def remove(address: str, node: NodeDep) -> dict[str, Any]:
    """Stop watching a contract added through the file, CLI, API or dashboard."""
    out = remove_target(node.settings, address)
    svc = node.find(GuardService)
    if svc is not None:
        svc.reload()
    return out


@router.get("/decisions", response_model=list[BreakerDecision])
def decisions(node: NodeDep, limit: int = Query(100, ge=1, le=1000)) -> list[dict[str, Any]]:
    """The breaker's decisions, newest first: every pause and every decision not to pause, with its reason."""
    store = _monitor(node).store
    return [] if store is None else store.decisions(limit)
