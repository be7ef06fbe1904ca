"""A year of borrowers: scored pool (collateral factor and rate from the score) against a flat pool.

Borrowers are German-credit applicants drawn with replacement; each carries the model's out-of-fold
(calibrated) P(default) and defaults on a uniformly random day with exactly that probability, so the
simulation never lets the model grade its own training rows. Collateral is ETH on a daily geometric
Brownian path; a loan below its liquidation threshold is liquidated (the liquidator's bonus comes out of
the collateral), a defaulting borrower walks away and the pool keeps whatever the collateral covers.
A borrower who does not default repays in full (the credit assumption); a collateral factor near or
above 1 lends partly unsecured (what a credit score is for) and is not liquidated on price, since its
threshold would be above 1 and liquidation would only crystallise bad debt. The flat pool lends to everyone at
one collateral factor and one rate; "equal risk" picks the flat
collateral factor whose loss rate matches the scored pool's, and then compares capital efficiency.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..exceptions import LendingInputError

__all__ = ["PoolRule", "simulate_year", "compare_pools"]

DAYS = 365


@dataclass(frozen=True)
class PoolRule:
    """How a pool sets terms: cf and rate linear in score between the bounds; `min_score` to lend."""

    cf_min: float = 0.50
    cf_max: float = 1.20
    draw: float = 0.75  # borrowers take this share of their limit
    term: int = 90  # days
    base_rate: float = 0.04
    premium: float = 0.15
    min_score: int = 3000
    liq_buffer: float = 0.05
    liq_bonus: float = 0.05
    scored: bool = True

    def terms(self, p_default: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        score = 1.0 - p_default
        if not self.scored:
            n = len(p_default)
            return np.full(n, self.cf_max), np.full(n, self.base_rate + self.premium * 0.5), np.ones(n, bool)
        cf = self.cf_min + (self.cf_max - self.cf_min) * score
        return cf, self.base_rate + self.premium * (1 - score), score * 10_000 >= self.min_score


def _price_paths(rng: np.random.Generator, vol: float, days: int) -> np.ndarray:
    steps = rng.normal(-0.5 * vol**2 / DAYS, vol / np.sqrt(DAYS), days)
    return np.exp(np.concatenate([[0.0], np.cumsum(steps)]))


def simulate_year(
    p_default: np.ndarray, rule: PoolRule, *, n: int = 2000, vol: float = 0.6, seed: int = 0
) -> dict[str, Any]:
    """One year, `n` borrowers of 1 unit each; returns loss rate, capital efficiency, liquidations."""
    if n <= 0 or not len(p_default) or np.any((p_default < 0) | (p_default > 1)):
        raise LendingInputError("simulation: need borrowers and probabilities in [0, 1]")
    rng = np.random.default_rng(seed)
    p = p_default[rng.integers(0, len(p_default), n)]
    cf, rate, ok = rule.terms(p)
    price = _price_paths(rng, vol, DAYS + rule.term)
    start = rng.integers(0, DAYS, n)  # loans open through the year, each for `term` days
    defaults = rng.random(n) < p
    default_day = rng.integers(1, rule.term + 1, n)
    lent, collateral = ok.astype(float), np.where(ok, 1.0 / (cf * rule.draw), 0.0)  # borrow 1 unit
    loss = interest = 0.0
    liquidations = default_count = 0
    under_none = np.zeros(0, dtype=int)
    for i in np.flatnonzero(ok):
        end = default_day[i] if defaults[i] else rule.term
        debt_path = 1.0 + rate[i] * np.arange(end + 1) / DAYS
        window = price[start[i] : start[i] + end + 1]
        value_path = collateral[i] * window / window[0]
        secured = cf[i] + rule.liq_buffer < 1.0  # a threshold >= 1 would liquidate into bad debt
        under = np.flatnonzero(debt_path > value_path * (cf[i] + rule.liq_buffer)) if secured else under_none
        if under.size:  # liquidators repay; the bonus comes out of the borrower's collateral
            liquidations += 1
            d = under[0]
            loss += max(0.0, debt_path[d] - value_path[d] * (1 - rule.liq_bonus))
            interest += rate[i] * d / DAYS
        elif defaults[i]:  # walks away: the pool sells the collateral
            default_count += 1
            loss += max(0.0, 1.0 - value_path[end] * (1 - rule.liq_bonus))
        else:
            interest += rate[i] * rule.term / DAYS
    total_lent = float(lent.sum())
    return {
        "borrowers": n,
        "approved": int(ok.sum()),
        "lent": total_lent,
        "collateral_locked": float(collateral.sum()),
        "capital_efficiency": total_lent / float(collateral.sum()) if total_lent else 0.0,
        "loss_rate": loss / total_lent if total_lent else 0.0,
        "net_return": (interest - loss) / total_lent if total_lent else 0.0,
        "defaults": default_count,
        "liquidations": liquidations,
        "mean_rate": float(rate[ok].mean()) if total_lent else 0.0,
    }


def compare_pools(p_default: np.ndarray, *, n: int = 2000, seeds: int = 5, vol: float = 0.6) -> dict[str, Any]:
    """Scored pool vs flat pools (same mean cf; cf chosen for equal loss rate), averaged over seeds."""

    def avg(rule: PoolRule) -> dict[str, float]:  # a fresh price path per seed
        runs = [simulate_year(p_default, rule, n=n, vol=vol, seed=s) for s in range(seeds)]
        return {k: float(np.mean([r[k] for r in runs])) for k in runs[0]}

    scored = avg(PoolRule())
    grid = np.round(np.arange(0.30, 1.26, 0.05), 2)
    flats = {float(c): avg(PoolRule(cf_max=float(c), scored=False)) for c in grid}
    same = avg(PoolRule(cf_max=round(scored["lent"] / scored["collateral_locked"] / PoolRule().draw, 4), scored=False))
    equal = min(flats, key=lambda c: (flats[c]["loss_rate"] > scored["loss_rate"] + 1e-9, -c))
    return {
        "scored": scored,
        "flat_same_efficiency": same,
        "flat_equal_risk": {"cf": equal, **flats[equal]},
        "flat_curve": {
            str(c): {"loss_rate": r["loss_rate"], "capital_efficiency": r["capital_efficiency"]}
            for c, r in flats.items()
        },
    }
