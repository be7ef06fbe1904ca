"""Guard findings: recent ones as JSON, a live SSE stream, and the monitor's status."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from ...exceptions import NexusError
from ..dependencies import NodeDep

__all__ = ["router"]

router = APIRouter(prefix="/guard", tags=["guard"])


def _service(node: Any) -> Any:
    svc = next((s for s in getattr(node, "services", []) if getattr(s, "name", "") == "guard"), None)
    if svc is None or svc.monitor is None:
        raise NexusError("the guard service is not running")
    return svc


@router.get("/status")
def status(node: NodeDep) -> dict[str, Any]:
    """Position, counters and block-processing p99 of the monitor."""
    return _service(node).health()  # type: ignore[no-any-return]


@router.get("/findings")
def findings(node: NodeDep, limit: int = Query(50, ge=1, le=1000),
             severity: str | None = Query(None, description="e.g. Critical")) -> list[dict[str, Any]]:
    """Recent findings, newest first (from the guard's database)."""
    store = _service(node).monitor.store
    if store is None:
        return list(reversed(_service(node).stream.recent))[:limit]
    return store.findings(limit=limit, severity=severity)  # type: ignore[no-any-return]


@router.get("/stream", response_class=StreamingResponse)
async def stream(node: NodeDep) -> StreamingResponse:
    """Server-Sent Events: one `finding` event per new finding (keep-alive comments between)."""
    svc = _service(node)
    q = svc.stream.subscribe()

    async def frames() -> AsyncIterator[str]:
        try:
            yield "retry: 2000\n\n"
            while True:
                item = await asyncio.to_thread(_get, q, 15.0)
                yield f"event: finding\ndata: {json.dumps(item)}\n\n" if item is not None else ": keep-alive\n\n"
        finally:
            svc.stream.unsubscribe(q)

    return StreamingResponse(frames(), media_type="text/event-stream")


def _get(q: Any, timeout: float) -> Any:
    import queue

    try:
        return q.get(timeout=timeout)
    except queue.Empty:
        return None
