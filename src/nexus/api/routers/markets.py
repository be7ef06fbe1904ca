"""Prediction markets: list, inspect, quote and trade."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from ...markets import service
from ...markets.history import MAX_POINTS, price_history
from ..dependencies import NexusDep

__all__ = ["router"]

router = APIRouter(prefix="/markets", tags=["markets"])


class TradeRequest(BaseModel):
    """A buy (`shares` or `spend`) or a sale (`shares`); amounts in whole collateral units."""

    side: Literal["buy", "sell"]
    outcome: str = Field(description="Outcome name or index.")
    shares: str | None = None
    spend: str | None = Field(None, description="Buy: collateral to spend, fee included.")
    limit: str | None = Field(None, description="Max cost of a buy / min proceeds of a sale.")
    sender: str | None = Field(None, description="Trading account (default: the node's account).")


@router.get("")
def list_markets(nexus: NexusDep) -> list[dict[str, Any]]:
    """Every market with its parameters, prices and status."""
    return service.list_markets(nexus)


@router.get("/{ref}")
def market(ref: str, nexus: NexusDep) -> dict[str, Any]:
    """One market by address or index."""
    return service.market_state(nexus, ref)


@router.get("/{ref}/history")
def history(ref: str, nexus: NexusDep,
            limit: Annotated[int, Query(ge=1, le=MAX_POINTS, description="latest points")] = 1000,
            ) -> dict[str, Any]:
    """Outcome prices over time, from the market's on-chain trades: one point at creation, one
    per trade (with the trade), and the settled payouts once resolved."""
    return price_history(nexus, ref, limit)


@router.get("/{ref}/quote")
def quote(ref: str, outcome: str, shares: str, nexus: NexusDep, side: str = "buy") -> dict[str, Any]:
    """What a trade costs (or returns) now, fee included."""
    return service.quote(nexus, ref, outcome, shares, side)


@router.post("/{ref}/trade")
def trade(ref: str, body: TradeRequest, nexus: NexusDep) -> dict[str, Any]:
    """Buy or sell shares (a write: needs the API token)."""
    return service.trade(nexus, ref, **body.model_dump())
