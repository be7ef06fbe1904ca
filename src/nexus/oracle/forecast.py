"""Forecasts as an oracle product: each node's model predicts a feed's next interval with a
prediction interval; the network reports them like any answer, so the on-chain forecast is the
median of the nodes' forecasts (one node cannot move it) and sits in the Registry next to the
feed: `NAME@next`, `NAME@lo`, `NAME@hi`.

`Forecaster` is a ridge regression on lags and the season (day of year), with a split-conformal
interval from its residuals on the most recent part of its history. `evaluate` runs it one step
ahead through a test year, against naive (yesterday) and seasonal-naive (a year ago) baselines.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..exceptions import OracleInputError, UnknownContract
from .sources import Reading, Source

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["SUFFIXES", "ForecastSource", "Forecaster", "evaluate", "read_forecast"]

SEASON = 365
SUFFIXES = ("next", "lo", "hi")


def _features(y: Sequence[float], t: int, doy: int) -> list[float]:
    """Features to predict y[t+1] from y[..t] and the day of year of t+1."""
    w = 2 * math.pi * doy / 365.25
    week = sum(y[t - 6 : t + 1]) / 7
    return [1.0, y[t], y[t - 1], week, math.sin(w), math.cos(w), y[t - SEASON + 1] if t >= SEASON - 1 else week]


@dataclass
class Forecaster:
    """One node's model of a series (scikit-learn style: `fit` returns self)."""

    alpha: float = 1.0
    coverage: float = 0.9
    calib_share: float = 0.25

    def fit(self, y: Sequence[float], doy: Sequence[int]) -> Forecaster:
        import numpy as np

        if len(y) < 60 or len(y) != len(doy):
            raise OracleInputError("a forecaster needs at least 60 points with their day of year")
        idx = list(range(7, len(y) - 1))
        x = np.array([_features(y, t, doy[t + 1]) for t in idx])
        target = np.array([y[t + 1] for t in idx])
        cut = int(len(idx) * (1 - self.calib_share))
        self.coef_ = self._ridge(x[:cut], target[:cut])
        resid = np.abs(target[cut:] - x[cut:] @ self.coef_)
        k = min(len(resid) - 1, math.ceil((len(resid) + 1) * self.coverage) - 1)
        self.width_ = float(np.sort(resid)[k])  # split conformal: finite-sample coverage on exchangeable data
        self.coef_ = self._ridge(x, target)  # refit on everything for the point forecast
        return self

    def _ridge(self, x: Any, y: Any) -> Any:
        import numpy as np

        reg = self.alpha * np.eye(x.shape[1])
        reg[0, 0] = 0.0
        return np.linalg.solve(x.T @ x + reg, x.T @ y)

    def predict_next(self, y: Sequence[float], doy_next: int) -> tuple[float, float, float]:
        """(point, low, high) for the point after `y`."""
        if not hasattr(self, "coef_"):
            raise OracleInputError("the forecaster is not fitted")
        if len(y) < 8:
            raise OracleInputError("need at least 8 past points to forecast")
        p = float(sum(c * f for c, f in zip(self.coef_, _features(y, len(y) - 1, doy_next))))
        return p, p - self.width_, p + self.width_


def evaluate(
    y: Sequence[float],
    doy: Sequence[int],
    years: Sequence[int],
    test_year: int,
    *,
    forecaster: Forecaster | None = None,
) -> dict[str, Any]:
    """One-step-ahead forecasts through `test_year` from a model fitted on the years before it."""
    train = [i for i, yr in enumerate(years) if yr < test_year]
    test = [i for i, yr in enumerate(years) if yr == test_year]
    if not train or not test or max(train) + 1 != test[0]:
        raise OracleInputError("the test year must follow the training years")
    fc = (forecaster or Forecaster()).fit([y[i] for i in train], [doy[i] for i in train])
    err: dict[str, list[float]] = {"model": [], "naive": [], "seasonal_naive": []}
    inside = 0
    for i in test:
        p, lo, hi = fc.predict_next(y[:i], doy[i])
        err["model"].append(y[i] - p)
        err["naive"].append(y[i] - y[i - 1])
        err["seasonal_naive"].append(y[i] - y[i - SEASON])
        inside += lo <= y[i] <= hi

    def mae(e: list[float]) -> float:
        return round(sum(map(abs, e)) / len(e), 4)

    def rmse(e: list[float]) -> float:
        return round(math.sqrt(sum(v * v for v in e) / len(e)), 4)

    return {
        "test_year": test_year,
        "points": len(test),
        "nominal_coverage": fc.coverage,
        "interval_coverage": round(inside / len(test), 4),
        "interval_width": round(2 * fc.width_, 4),
        **{f"mae_{k}": mae(v) for k, v in err.items()},
        **{f"rmse_{k}": rmse(v) for k, v in err.items()},
    }


class ForecastSource(Source):
    """A node's own forecast as a source: `which` of (point, low, high) for the interval after
    the history `history(now)` returns (values and the next point's day of year)."""

    kind = "forecast"

    def __init__(
        self, id: str, model: Forecaster, history: Callable[[float], tuple[Sequence[float], int]], which: str = "next"
    ) -> None:
        super().__init__(id)
        if which not in SUFFIXES:
            raise OracleInputError(f"which is one of {', '.join(SUFFIXES)}")
        self.model, self.history, self.which = model, history, which

    def _read(self, now: float) -> Reading:
        y, doy = self.history(now)
        p = self.model.predict_next(y, doy)
        return Reading(self.id, p[SUFFIXES.index(self.which)], now)


def read_forecast(nx: Nexus, name: str) -> dict[str, Any]:
    """A feed's latest answer and, next to it, the network's forecast of its next interval."""
    from .feeds import get_feed

    try:
        feed = get_feed(nx, name)
    except UnknownContract:  # a forecast may exist without its base feed (a series fed from elsewhere)
        feed = None
    latest = feed.latest() if feed else None
    scale = 10**feed.decimals if feed else 1
    out: dict[str, Any] = {
        "name": name,
        "answer": latest.answer / scale if latest else None,
        "updated_at": latest.updated_at if latest else None,
    }
    for suffix in SUFFIXES:
        try:
            f = get_feed(nx, f"{name}@{suffix}")
        except UnknownContract:
            raise OracleInputError(f"no forecast published for {name!r} (no feed {name}@{suffix})") from None
        r = f.latest()
        out[f"forecast_{suffix}"] = r.answer / 10**f.decimals if r else None
        out[f"forecast_{suffix}_band"] = [r.low / 10**f.decimals, r.high / 10**f.decimals] if r else None
        if suffix == "next":
            out["forecast_round"] = r.round_id if r else 0
            out["forecast_at"] = r.updated_at if r else None
    return out
