"""Prediction markets: list, inspect, quote and trade."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ...markets import service
from ...markets.history import MAX_POINTS, price_history
from ..dependencies import NexusDep
from ..schemas import Market, MarketHistory, Quote, TradeRequest, TradeResult

__all__ = ["router"]

router = APIRouter(prefix="/markets", tags=["markets"])


@router.get("", response_model=list[Market])
def list_markets(nexus: NexusDep) -> list[dict[str, Any]]:
    """Every market with its parameters, prices and status."""
    return service.list_markets(nexus)


@router.get("/{ref}", response_model=Market)
def market(ref: str, nexus: NexusDep) -> dict[str, Any]:
    """One market by address, index or hub:<id> (a market in the MarketHub)."""
    return service.market_state(nexus, ref)


@router.get("/{ref}/history", response_model=MarketHistory, response_model_exclude_unset=True)
def history(
    ref: str,
    nexus: NexusDep,
    limit: Annotated[int, Query(ge=1, le=MAX_POINTS, description="latest points")] = 1000,
) -> dict[str, Any]:
    """Outcome prices over time, from the market's on-chain trades: one point at creation, one
    per trade (with the trade), and the settled payouts once resolved."""
    return price_history(nexus, ref, limit)


@router.get("/{ref}/quote", response_model=Quote)
def quote(ref: str, outcome: str, shares: str, nexus: NexusDep, side: str = "buy") -> dict[str, Any]:
    """What a trade costs (or returns) now, fee included."""
    return service.quote(nexus, ref, outcome, shares, side)


@router.post("/{ref}/trade", response_model=TradeResult)
def trade(ref: str, body: TradeRequest, nexus: NexusDep) -> dict[str, Any]:
    """Buy or sell shares (a write: needs the API token)."""
    return service.trade(nexus, ref, **body.model_dump())
