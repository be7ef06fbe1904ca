"""`MarketInfo`: what a market was created with, shared by the client and the market index."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["MarketInfo"]


@dataclass(frozen=True)
class MarketInfo:
    """What a market was created with (from the factory's MarketCreated event)."""

    address: str
    index: int
    question: str
    outcomes: tuple[str, ...]
    collateral: str
    creator: str
    funding: int
    alpha: int
    fee_bps: int
    close_time: int
    resolver: str
    block: int

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["outcomes"] = list(self.outcomes)
        d["funding"] = str(self.funding)
        return d
