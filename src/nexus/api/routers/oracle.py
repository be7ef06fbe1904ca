"""Oracle feeds and their rounds."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...oracle.feeds import feed_history, feed_rounds, feed_sources, list_feeds
from ...oracle.forecast import read_forecast
from ..dependencies import NexusDep
from ..schemas import Feed, FeedHistory, FeedRounds, FeedSources
from ..schemas.forecast import Forecast

__all__ = ["router"]

router = APIRouter(prefix="/oracle", tags=["oracle"])


@router.get("/feeds", response_model=list[Feed])
def feeds(nexus: NexusDep) -> list[dict[str, Any]]:
    """Registered feeds with their configuration and latest round."""
    return list_feeds(nexus)


@router.get("/feeds/{name:path}/forecast", response_model=Forecast)
def forecast(name: str, nexus: NexusDep) -> dict[str, Any]:
    """The feed's answer and the network's forecast of its next interval (`NAME@next|lo|hi`)."""
    return read_forecast(nexus, name)


@router.get("/feeds/{name:path}/rounds", response_model=FeedRounds)
def rounds(name: str, nexus: NexusDep, limit: int = 10) -> dict[str, Any]:
    """A feed and its latest `limit` rounds, newest first."""
    return feed_rounds(nexus, name, limit)


@router.get("/feeds/{name:path}/sources", response_model=FeedSources)
def sources(name: str, nexus: NexusDep) -> dict[str, Any]:
    """The latest round this node ran for the feed: per-source readings, kept/dropped with reasons,
    and each node's signed value and confidence."""
    return feed_sources(nexus, name)


@router.get("/feeds/{name:path}/history", response_model=FeedHistory)
def history(name: str, nexus: NexusDep, limit: int = 100) -> dict[str, Any]:
    """The last `limit` rounds this node ran (reported or not), oldest first, with per-source readings."""
    return feed_history(nexus, name, limit)
