"""Forecast scoring: Brier score, log loss, reliability curve and expected calibration error."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["ReliabilityBin", "brier", "calibration_error", "excess", "log_loss", "reliability"]

Probs = Sequence[float]


def brier(forecasts: Sequence[Probs], outcomes: Sequence[int]) -> float:
    """Mean over events of sum_c (p_c - [y = c])^2 (0 is perfect; 2 is worst; 0.5 for a coin flip
    forecast on a binary event)."""
    if not forecasts:
        return math.nan
    total = 0.0
    for p, y in zip(forecasts, outcomes):
        total += sum((pc - (1.0 if c == y else 0.0)) ** 2 for c, pc in enumerate(p))
    return total / len(forecasts)


def excess(forecasts: Sequence[Probs], truth: Sequence[Probs]) -> float:
    """Expected Brier excess over the true probabilities: mean over events of sum_c (p_c - t_c)^2.
    With y drawn from t, E[Brier(p) - Brier(t)] is exactly this, so it measures the same gap as the
    realised Brier difference without the noise of which outcome happened (0: p is the truth)."""
    if not forecasts:
        return math.nan
    return sum(sum((a - b) ** 2 for a, b in zip(p, t)) for p, t in zip(forecasts, truth)) / len(forecasts)


def log_loss(forecasts: Sequence[Probs], outcomes: Sequence[int], eps: float = 1e-12) -> float:
    """Mean of -ln p_y (ln 2 = 0.693 for a coin flip on a binary event)."""
    if not forecasts:
        return math.nan
    return -sum(math.log(max(p[y], eps)) for p, y in zip(forecasts, outcomes)) / len(forecasts)


@dataclass(frozen=True)
class ReliabilityBin:
    """Forecasts whose probability fell in [lo, hi): their mean, how often the event happened."""

    lo: float
    hi: float
    count: int
    mean_forecast: float
    frequency: float


def reliability(forecasts: Sequence[Probs], outcomes: Sequence[int], bins: int = 10) -> list[ReliabilityBin]:
    """Reliability curve over every (event, outcome) probability: a calibrated forecaster's bins
    lie on the diagonal (frequency == mean forecast). Empty bins are left out."""
    sums = [[0, 0.0, 0.0] for _ in range(bins)]
    for p, y in zip(forecasts, outcomes):
        for c, pc in enumerate(p):
            b = min(int(pc * bins), bins - 1)
            sums[b][0] += 1
            sums[b][1] += pc
            sums[b][2] += 1.0 if c == y else 0.0
    out = []
    for b, (count, s, hits) in enumerate(sums):
        if count:
            out.append(ReliabilityBin(b / bins, (b + 1) / bins, int(count), s / count, hits / count))
    return out


def calibration_error(forecasts: Sequence[Probs], outcomes: Sequence[int], bins: int = 10) -> float:
    """Expected calibration error: the count-weighted mean |frequency - mean forecast| of the bins."""
    curve = reliability(forecasts, outcomes, bins)
    n = sum(b.count for b in curve)
    return sum(b.count * abs(b.frequency - b.mean_forecast) for b in curve) / n if n else math.nan
