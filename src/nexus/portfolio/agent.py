"""The portfolio agent: volatility targeting over AMM pools, rebalancing only when it pays.

At step t it sees prices up to t only. It forecasts each asset's volatility (EWMA of squared log
returns, lambda 0.94) and sets risky weights inversely proportional to volatility, scaled so the
portfolio hits the volatility target (correlations ignored, which errs on the safe side for positively
correlated assets), capped at `max_weight` each and 100% in total; the rest is cash. It rebalances when
the weights have drifted past the band AND the expected gain — the risk aversion times the excess
variance carried until the next review — beats the gas and the exact slippage quoted by the pool.
It never trades in a pool the guard has flagged (passed in by the caller).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..exceptions import PortfolioInputError
from .amm import Pool

__all__ = ["Action", "VolTargetAgent", "realised_vol"]

PERIODS_PER_YEAR = 252


@dataclass(frozen=True)
class Action:
    step: int
    pool: str
    side: str  # "buy" or "sell"
    cash_value: float  # notional at the pool price
    cost: float  # slippage + fee + gas


@dataclass
class VolTargetAgent:
    target_vol: float = 0.10
    max_weight: float = 0.9
    band: float = 0.03
    risk_aversion: float = 3.0
    review_every: int = 5
    gas_cost: float = 5.0  # cash per swap
    warmup: int = 20
    horizon_years: float = 0.25  # how long an uncorrected drift is assumed to persist
    periods_per_year: int = PERIODS_PER_YEAR
    _var: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not (0 < self.target_vol < 5 and 0 < self.max_weight <= 1 and self.band >= 0):
            raise PortfolioInputError("agent: target_vol in (0, 5), max_weight in (0, 1], band >= 0")

    def observe(self, name: str, prev: float, price: float) -> None:
        r = math.log(price / prev)
        v = self._var.get(name)
        self._var[name] = r * r if v is None else 0.94 * v + 0.06 * r * r

    def targets(self, names: Sequence[str]) -> dict[str, float]:
        vols = {n: math.sqrt(self._var[n] * self.periods_per_year) for n in names if self._var.get(n)}
        if len(vols) < len(names):
            return {n: 0.0 for n in names}
        inv = {n: 1 / max(v, 1e-6) for n, v in vols.items()}
        total_inv = sum(inv.values())
        raw = {n: inv[n] / total_inv for n in names}  # risk-parity split
        port_vol = math.sqrt(sum((raw[n] * vols[n]) ** 2 for n in names))
        scale = self.target_vol / port_vol if port_vol else 0.0
        w = {n: min(raw[n] * scale, self.max_weight) for n in names}
        s = sum(w.values())
        return {n: x / s for n, x in w.items()} if s > 1 else w

    def decide(
        self, step: int, pools: dict[str, Pool], holdings: dict[str, float], cash: float, flagged: Collection[str] = ()
    ) -> list[Action]:
        """Trades to make now (not executed): only at review steps, after warm-up, when worth it."""
        if step < self.warmup or step % self.review_every:
            return []
        names = list(pools)
        value = cash + sum(holdings[n] * pools[n].price for n in names)
        if value <= 0:
            return []
        tgt = self.targets(names)
        out = []
        for n in names:
            if n in flagged:
                continue
            w = holdings[n] * pools[n].price / value
            gap = tgt[n] - w
            if abs(gap) <= self.band:
                continue
            notional = abs(gap) * value
            # excess variance of being `gap` off target, carried over the horizon (no return forecast)
            gain = (
                self.risk_aversion
                * value
                * gap
                * gap
                * self._var.get(n, 0.0)
                * self.periods_per_year
                * self.horizon_years
            )
            if gap > 0:
                got = pools[n].quote_buy(notional)
                slip = notional - got * pools[n].price
            else:
                qty = notional / pools[n].price
                slip = notional - pools[n].quote_sell(qty)
            cost = slip + self.gas_cost
            if gain < cost and holdings[n] > 0:  # the first entry is the user's choice, not a drift
                continue
            out.append(Action(step, n, "buy" if gap > 0 else "sell", notional, cost))
        return out


def realised_vol(values: Sequence[float], periods_per_year: int = PERIODS_PER_YEAR) -> float:
    v = np.asarray(values, dtype=float)
    r = np.diff(np.log(v))
    return float(r.std() * math.sqrt(periods_per_year)) if len(r) > 1 else 0.0
