"""A feed's answer with the network's forecast of its next interval next to it."""

from __future__ import annotations

from pydantic import Field

from ._base import Schema

__all__ = ["Forecast"]


class Forecast(Schema):
    name: str
    answer: float | None = Field(description="the feed's latest answer (null without the base feed)")
    updated_at: int | None
    forecast_next: float | None = Field(description="median of the nodes' point forecasts, on chain")
    forecast_next_band: list[float] | None
    forecast_lo: float | None = Field(description="median of the nodes' interval lower ends")
    forecast_lo_band: list[float] | None
    forecast_hi: float | None = Field(description="median of the nodes' interval upper ends")
    forecast_hi_band: list[float] | None
    forecast_round: int
    forecast_at: int | None
