"""Portfolio operations as plain data for the CLI, the API and the SDK. Guard-flagged pools come in as a
parameter (the caller asks the guard), so this package never imports it."""

from __future__ import annotations

import csv
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import PortfolioInputError
from .agent import VolTargetAgent
from .backtest import bundled_series, compare_strategies, run_backtest

if TYPE_CHECKING:
    from ..chain.base import ChainBackend

__all__ = ["backtest", "load_prices", "run_agent"]

PERIODS = {"GOOG": 252, "EURUSD": 24 * 260, "BTCUSD": 12}


def load_prices(series: str) -> tuple[dict[str, list[float]], int]:
    """A bundled series by name, or a CSV file with a Close column (daily)."""
    if series.upper() in PERIODS:
        return {series.upper(): bundled_series(series.upper())}, PERIODS[series.upper()]
    path = Path(series)
    try:
        with path.open(newline="") as f:
            closes = [float(r["Close"]) for r in csv.DictReader(f)]
    except (OSError, KeyError, ValueError):
        raise PortfolioInputError(f"{series!r} is neither GOOG, EURUSD, BTCUSD nor a CSV with a Close column") from None
    return {path.stem: closes}, 252


def _strip(r: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in r.items() if k != "values"}


def backtest(series: str = "GOOG", *, target_vol: float = 0.10, flagged: Collection[str] = ()) -> dict[str, Any]:
    prices, ppy = load_prices(series)
    rows = compare_strategies(prices, periods_per_year=ppy, calendar=max(1, ppy // 12), flagged=flagged, agent=None)
    agent = run_backtest(
        prices,
        "agent",
        periods_per_year=ppy,
        flagged=flagged,
        agent=VolTargetAgent(target_vol=target_vol, periods_per_year=ppy),
    )
    step = max(1, agent["steps"] // 200)
    return {
        "series": list(prices),
        "strategies": [_strip(agent)] + [_strip(r) for r in rows[1:]],
        "curves": {r["strategy"]: r["values"][::step] for r in [agent, *rows[1:]]},
    }


def run_agent(
    series: str = "GOOG",
    *,
    target_vol: float = 0.10,
    flagged: Collection[str] = (),
    steps: int | None = None,
    chain: ChainBackend | None = None,
    cache_dir: Path | None = None,
) -> dict[str, Any]:
    """Run the agent over the last `steps` prices (all: None) and report where it stands: value, risk,
    trades. With `chain`, it trades fresh on-chain V2 pairs there (dev accounts 0-2: deployer, agent,
    arbitrageur) with real swaps; a pair its guardian pauses counts as flagged."""
    from .onchain import ChainPools

    prices, ppy = load_prices(series)
    if steps is not None:
        if steps < 30:
            raise PortfolioInputError("portfolio: run at least 30 steps")
        prices = {k: v[-steps:] for k, v in prices.items()}
    venue = None
    if chain is not None:
        acc = chain.accounts
        if len(acc) < 3:
            raise PortfolioInputError("portfolio: the on-chain run needs three unlocked accounts (a dev chain)")
        venue = ChainPools(chain, trader=acc[1], arbitrageur=acc[2], admin=acc[0], cache_dir=cache_dir)
    r = run_backtest(
        prices,
        "agent",
        periods_per_year=ppy,
        flagged=flagged,
        agent=VolTargetAgent(target_vol=target_vol, periods_per_year=ppy),
        venue=venue,
    )
    return {"series": list(prices), "flagged": sorted(flagged), **_strip(r)}
