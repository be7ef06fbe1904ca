"""The node's event bus as JSON (the live stream is Server-Sent Events, documented on its route)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import Schema

__all__ = ["Event", "Published", "RecentEvents"]


class Event(Schema):
    id: int = Field(description="grows by one per event; pass the last one seen as `since`")
    kind: str = Field(description="block, finding (a guard Finding, snake_case), oracle.round, ...")
    time_ms: int
    data: dict[str, Any]


class RecentEvents(Schema):
    events: list[Event] = Field(description="oldest first")
    last_id: int = Field(description="the id of the newest event on the bus")


class Published(Schema):
    id: int
    kind: str
