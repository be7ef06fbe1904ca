"""The node's live event stream (Server-Sent Events) and its recent history as JSON."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Query
from fastapi.responses import StreamingResponse

from ...exceptions import ConfigError
from ...node.events import NodeEvent
from ..dependencies import NodeDep
from ..schemas import Published, RecentEvents
from ..security import require_token

__all__ = ["router"]

router = APIRouter(tags=["events"])
RESERVED = frozenset({"block", "lag"})  # published by the node itself; never from outside
KEEPALIVE_S = 15.0  # a comment line this often keeps proxies and idle timers from closing us


def _kinds(raw: str | None) -> list[str] | None:
    if not raw:
        return None
    kinds = [k.strip() for k in raw.split(",") if k.strip()]
    if len(kinds) > 32:
        raise ConfigError("at most 32 event kinds per request")
    return kinds


def _frame(event: NodeEvent) -> str:
    return f"id: {event.id}\nevent: {event.kind}\ndata: {event.json}\n\n"


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "`id`, `event` (the kind) and `data` (JSON) per event",
        }
    },
)
async def stream(
    node: NodeDep,
    kinds: Annotated[str | None, Query(description="comma-separated kinds, e.g. block,finding")] = None,
    since: Annotated[int | None, Query(ge=0, description="replay remembered events after this id")] = None,
    last_event_id: Annotated[int | None, Header(ge=0)] = None,
) -> StreamingResponse:
    """Server-Sent Events: `block` (each new block), `finding` (guard alerts) and any kind a
    service publishes. Reconnecting clients send `Last-Event-ID` and get what they missed."""
    wanted = _kinds(kinds)
    after = last_event_id if last_event_id is not None else since
    sub = node.events.subscribe(wanted, since=after, loop=asyncio.get_running_loop())

    async def frames() -> AsyncIterator[str]:
        try:
            yield f"retry: 2000\n: connected, last id {node.events.last_id}\n\n"
            while True:
                event = await sub.aget(KEEPALIVE_S)
                if dropped := sub.take_dropped():
                    yield f'event: lag\ndata: {{"dropped":{dropped}}}\n\n'
                if event is not None:
                    yield _frame(event)
                elif sub.closed:
                    return
                else:
                    yield ": keep-alive\n\n"
        finally:
            sub.close()

    return StreamingResponse(
        frames(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )


@router.get("/events/recent", response_model=RecentEvents)
def recent(
    node: NodeDep,
    kinds: Annotated[str | None, Query(description="comma-separated kinds")] = None,
    since: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Remembered events (oldest first) and the id to pass as `since` next time."""
    events = node.events.recent(_kinds(kinds), since=since, limit=limit)
    return {"events": [e.to_json() for e in events], "last_id": node.events.last_id}


@router.post("/events", status_code=201, response_model=Published, dependencies=[Depends(require_token)])
def publish(
    node: NodeDep,
    kind: Annotated[str, Body(description="e.g. finding, oracle.round, <service>.<what>")],
    data: Annotated[dict[str, Any], Body(description="the event's JSON object")],
) -> dict[str, Any]:
    """Publish an event from outside the node (an external monitor or service process)."""
    if kind in RESERVED:
        raise ConfigError(f"event kind {kind!r} is published by the node itself")
    try:
        event = node.events.publish(kind, data)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    return {"id": event.id, "kind": event.kind}
