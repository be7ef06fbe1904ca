"""A Uniswap-V2-shaped constant-product pool (asset / cash, fee on input) and the arbitrageur that
replays an external price series through it.

The arbitrageur trades the pool back to the market price each step whenever the gap exceeds the fee
(it would lose money otherwise), so the pool lags the market inside the fee band as real pools do. The
agent trades against the pool and pays its fee and price impact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..exceptions import PortfolioInputError

__all__ = ["Pool"]


@dataclass
class Pool:
    """Reserves of the risky asset (`asset`) and of cash (`cash`); fee in basis points (V2: 30)."""

    name: str
    asset: float
    cash: float
    fee_bps: int = 30

    @classmethod
    def at_price(cls, name: str, price: float, depth_cash: float, fee_bps: int = 30) -> Pool:
        if price <= 0 or depth_cash <= 0:
            raise PortfolioInputError("pool: price and depth must be positive")
        return cls(name, depth_cash / price, depth_cash, fee_bps)

    @property
    def price(self) -> float:
        return self.cash / self.asset

    def _out(self, amount_in: float, reserve_in: float, reserve_out: float) -> float:
        a = amount_in * (1 - self.fee_bps / 10_000)
        return a * reserve_out / (reserve_in + a)

    def quote_buy(self, cash_in: float) -> float:
        """Asset out for `cash_in` (fee and impact included)."""
        return self._out(cash_in, self.cash, self.asset)

    def quote_sell(self, asset_in: float) -> float:
        return self._out(asset_in, self.asset, self.cash)

    def buy(self, cash_in: float) -> float:
        out = self.quote_buy(cash_in)
        self.cash += cash_in
        self.asset -= out
        return out

    def sell(self, asset_in: float) -> float:
        out = self.quote_sell(asset_in)
        self.asset += asset_in
        self.cash -= out
        return out

    def arbitrage_to(self, market: float) -> None:
        """Move the pool price to within the fee band of `market`, keeping k (the arbitrageur's trade)."""
        if market <= 0 or not math.isfinite(market):
            raise PortfolioInputError(f"pool {self.name}: bad market price {market!r}")
        band = self.fee_bps / 10_000
        lo, hi = market * (1 - band), market * (1 + band)
        target = lo if self.price < lo else hi if self.price > hi else None
        if target is None:
            return
        k = self.asset * self.cash
        self.asset, self.cash = math.sqrt(k / target), math.sqrt(k * target)
