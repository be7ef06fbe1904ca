"""Replay real price series through AMM pools and run the agent against buy-and-hold and fixed-weight
calendar rebalancing: return, volatility, max drawdown, turnover, gas spent.

Each step: arbitrageurs move every pool to the market close; the strategy sees closes up to this step
and trades against the pools (fee, price impact, gas); the portfolio is valued at the pool prices.
With `venue` (`onchain.ChainPools`) the pools are fresh on-chain pairs and every trade is a swap
transaction (the chain's gas used is reported next to the assumed cash cost per swap); without it they
are the Python mirror `amm.Pool`, which is much faster for parameter sweeps.
"""

from __future__ import annotations

import csv
import importlib.util
import math
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..exceptions import MissingExtra, PortfolioInputError
from .agent import Action, VolTargetAgent
from .amm import Pool

if TYPE_CHECKING:
    from .onchain import ChainPools

__all__ = ["bundled_series", "run_backtest", "compare_strategies"]


def bundled_series(name: str) -> list[float]:
    """Closes of a series backtesting.py ships (GOOG daily, EURUSD hourly, BTCUSD monthly), read as CSV
    without importing the package (it pulls in plotting libraries)."""
    spec = importlib.util.find_spec("backtesting")
    if spec is None or not spec.submodule_search_locations:
        raise MissingExtra("the portfolio benchmark needs backtesting.py: pip install 'symbiotic-nexus[defi]'")
    path = Path(list(spec.submodule_search_locations)[0]) / "test" / f"{name}.csv"
    if not path.is_file():
        raise PortfolioInputError(f"no bundled series {name!r} (GOOG, EURUSD, BTCUSD)")
    with path.open(newline="") as f:
        return [float(r["Close"]) for r in csv.DictReader(f)]


def _execute(a: Action, pool: Any, holdings: dict[str, float], cash: float, gas: float) -> tuple[float, float]:
    if a.side == "buy":
        spend = min(a.cash_value, cash - gas)
        if spend <= 0:
            return cash, 0.0
        holdings[a.pool] += pool.buy(spend)
        return cash - spend - gas, spend
    qty = min(a.cash_value / pool.price, holdings[a.pool])
    holdings[a.pool] -= qty
    return cash + pool.sell(qty) - gas, qty * pool.price


def run_backtest(
    prices: Mapping[str, Sequence[float]],
    strategy: str,
    *,
    capital: float = 100_000.0,
    depth: float = 20_000_000.0,
    agent: VolTargetAgent | None = None,
    weights: float = 0.5,
    calendar: int = 21,
    flagged: Collection[str] = (),
    periods_per_year: int = 252,
    venue: ChainPools | None = None,
) -> dict[str, Any]:
    """`strategy`: "agent", "buy_and_hold" (equal split of `weights` at start), "calendar" (back to the
    start weights every `calendar` steps). `venue`: trade on-chain pairs there instead of Python pools."""
    names = list(prices)
    n = min(len(p) for p in prices.values())
    if not names or n < 30 or any(x <= 0 or not math.isfinite(x) for p in prices.values() for x in p[:n]):
        raise PortfolioInputError("backtest: need >= 30 positive prices per series")
    if strategy not in ("agent", "buy_and_hold", "calendar"):
        raise PortfolioInputError(f"unknown strategy {strategy!r}")
    agent = agent or VolTargetAgent(periods_per_year=periods_per_year)
    pools: dict[str, Any]
    if venue is None:
        pools = {k: Pool.at_price(k, prices[k][0], depth) for k in names}
    else:
        pools = {k: venue.pool(k, prices[k][0], depth) for k in names}
        venue.fund(capital)
        gas0, swaps0 = venue.gas_used, venue.swaps
    holdings = {k: 0.0 for k in names}
    cash, values, traded, swaps = capital, [], 0.0, 0
    start_w = weights / len(names)
    for t in range(n):
        for k in names:
            pools[k].arbitrage_to(prices[k][t])
            if t:
                agent.observe(k, prices[k][t - 1], prices[k][t])
        actions: list[Action] = []
        step_flagged = set(flagged) | ({k for k in names if pools[k].paused} if venue is not None else set())
        value = cash + sum(holdings[k] * pools[k].price for k in names)
        if strategy == "agent":
            actions = agent.decide(t, pools, holdings, cash, step_flagged)
        elif t == 0 or (strategy == "calendar" and t % calendar == 0):
            for k in names:
                if k in step_flagged:
                    continue
                gap = start_w - holdings[k] * pools[k].price / value
                if abs(gap) * value > 1.0:
                    actions.append(Action(t, k, "buy" if gap > 0 else "sell", abs(gap) * value, 0.0))
        for a in sorted(actions, key=lambda a: a.side != "sell"):  # sell first to fund buys
            cash, notional = _execute(a, pools[a.pool], holdings, cash, agent.gas_cost)
            traded += notional
            swaps += notional > 0
        values.append(cash + sum(holdings[k] * pools[k].price for k in names))
    v = np.array(values)
    r = np.diff(np.log(v))
    peak = np.maximum.accumulate(v)
    years = n / periods_per_year
    chain: dict[str, Any] = {}
    if venue is not None:
        chain = {
            "onchain": True,
            "chain_gas_used": venue.gas_used - gas0,
            "chain_swaps": venue.swaps - swaps0,
            "pools": {k: pools[k].amm.address for k in names},
            "book": {"cash": cash, "holdings": dict(holdings)},  # the strategy's own accounts
        }
    return {
        "strategy": strategy,
        "steps": n,
        "final_value": float(v[-1]),
        "total_return": float(v[-1] / capital - 1),
        "annual_return": float((v[-1] / capital) ** (1 / years) - 1),
        "volatility": float(r.std() * math.sqrt(periods_per_year)),
        "max_drawdown": float((1 - v / peak).max()),
        "turnover": float(traded / v.mean()),
        "swaps": swaps,
        "gas_spent": float(swaps * agent.gas_cost),
        "values": v.tolist(),
        **chain,
    }


def compare_strategies(prices: Mapping[str, Sequence[float]], **kw: Any) -> list[dict[str, Any]]:
    return [run_backtest(prices, s, **kw) for s in ("agent", "buy_and_hold", "calendar")]
