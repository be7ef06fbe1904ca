"""Guard findings: recent ones as JSON, a live SSE stream, and the monitor's status."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from ...exceptions import NexusError
from ...guard.findings import snake_case
from ..dependencies import NodeDep
from ..schemas import Finding, FortaFinding, GuardStatus

__all__ = ["router"]

router = APIRouter(prefix="/guard", tags=["guard"])


def _service(node: Any) -> Any:
    svc = next((s for s in getattr(node, "services", []) if getattr(s, "name", "") == "guard"), None)
    if svc is None or svc.monitor is None:
        raise NexusError("the guard service is not running")
    return svc


@router.get("/status", response_model=GuardStatus)
def status(node: NodeDep) -> dict[str, Any]:
    """Position, counters and block-processing p99 of the monitor."""
    return _service(node).health()  # type: ignore[no-any-return]


@router.get("/findings", response_model=list[Finding] | list[FortaFinding])
def findings(node: NodeDep, limit: int = Query(50, ge=1, le=1000),
             severity: str | None = Query(None, description="e.g. Critical"),
             format: Annotated[Literal["nexus", "forta"], Query(
                 description="nexus: snake_case (the default); forta: the Forta Finding shape "
                             "(camelCase), for tools that consume Forta alerts")] = "nexus",
             ) -> list[dict[str, Any]]:
    """Recent findings, newest first (from the guard's database)."""
    store = _service(node).monitor.store
    if store is None:
        found = list(reversed(_service(node).stream.recent))[:limit]
    else:
        found = store.findings(limit=limit, severity=severity)
    return found if format == "forta" else [snake_case(f) for f in found]


@router.get("/stream", response_class=StreamingResponse, responses={
    200: {"content": {"text/event-stream": {}},
          "description": "one `finding` event per new finding, its `data` a Finding (snake_case)"}})
async def stream(node: NodeDep) -> StreamingResponse:
    """Server-Sent Events: one `finding` event per new finding (keep-alive comments between)."""
    svc = _service(node)
    q = svc.stream.subscribe()

    async def frames() -> AsyncIterator[str]:
        try:
            yield "retry: 2000\n\n"
            while True:
                item = await asyncio.to_thread(_get, q, 15.0)
                yield f"event: finding\ndata: {json.dumps(snake_case(item))}\n\n" if item is not None \
                    else ": keep-alive\n\n"
        finally:
            svc.stream.unsubscribe(q)

    return StreamingResponse(frames(), media_type="text/event-stream")


def _get(q: Any, timeout: float) -> Any:
    import queue

    try:
        return q.get(timeout=timeout)
    except queue.Empty:
        return None
