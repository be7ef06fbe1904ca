"""Prediction markets: state, price history, quotes and trades (amounts as decimal strings)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ._base import Schema

__all__ = ["Market", "MarketHistory", "OracleBinding", "PricePoint", "Quote", "TradeRequest", "TradeResult"]


class TradeRequest(BaseModel):
    """A buy (`shares` or `spend`) or a sale (`shares`); amounts in whole collateral units."""

    side: Literal["buy", "sell"]
    outcome: str = Field(description="Outcome name or index.")
    shares: str | None = None
    spend: str | None = Field(None, description="Buy: collateral to spend, fee included.")
    limit: str | None = Field(None, description="Max cost of a buy / min proceeds of a sale.")
    sender: str | None = Field(None, description="Trading account (default: the node's account).")


class OracleBinding(Schema):
    oracle: str
    kind: str
    threshold: str | None
    resolved: bool


class Market(Schema):
    kind: Literal["contract", "hub"] = Field(description="a per-market contract, or a market in the MarketHub")
    ref: str = Field(description="what names it in URLs: the contract's address, or hub:<id>")
    address: str = Field(description="the market contract, or the hub holding the market")
    index: int = Field(description="creation order among its kind (the hub id for a hub market)")
    question: str
    outcomes: list[str]
    collateral: str
    creator: str
    funding: str = Field(description="collateral base units, decimal")
    alpha: int
    fee_bps: int
    close_time: int
    resolver: str
    block: int = Field(description="the block that created it")
    status: str = Field(description="open, proposed, disputed or final")
    outcome: str | None = Field(description="the winner (or invalid) once final")
    prices: list[float] = Field(description="per outcome; the payouts once final")
    quantities: list[str]
    liquidity: str
    income: str | None = Field(
        None, description="hub markets: fees and margins kept so far, paid to the creator with the surplus"
    )
    closed: bool = Field(description="past its close time")
    oracle: OracleBinding | None


class PricePoint(Schema):
    block: int
    time: int
    kind: Literal["open", "buy", "sell", "resolved"]
    prices: list[float]
    side: str | None = None
    outcome: str | None = None
    shares: str | None = None
    amount: str | None = None
    trader: str | None = None
    tx: str | None = None


class MarketHistory(Schema):
    market: str
    index: int
    question: str
    outcomes: list[str]
    status: str
    head: int = Field(description="the chain head the history was read at")
    count: int = Field(description="points in the whole history (`points` holds the latest)")
    points: list[PricePoint] = Field(description="oldest first")


class Quote(Schema):
    market: str
    side: Literal["buy", "sell"]
    outcome: str
    shares: str
    cost: str = Field(description="before the fee")
    fee: str
    total: str = Field(description="paid (buy) or received (sale)")
    average_price: float = Field(description="total / shares")


class TradeResult(Schema):
    side: Literal["buy", "sell"]
    outcome: str
    shares: str
    amount: str = Field(description="paid, fee included (buy) or received (sale)")
    fee: str
    gas_used: int
    tx: str
    prices: list[float] = Field(description="after the trade")
