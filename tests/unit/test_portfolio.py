"""Portfolio agent: AMM pool invariants, no look-ahead, guard-flagged pools untouched, volatility
target met on a synthetic path, benchmark on a real bundled series (when backtesting.py is installed)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.exceptions import PortfolioInputError
from nexus.portfolio.agent import VolTargetAgent
from nexus.portfolio.amm import Pool
from nexus.portfolio.backtest import run_backtest


def gbm(n: int, vol: float, seed: int, drift: float = 0.05) -> list[float]:
    rng = np.random.default_rng(seed)
    r = rng.normal((drift - vol**2 / 2) / 252, vol / np.sqrt(252), n)
    return list(100 * np.exp(np.cumsum(r)))


@settings(max_examples=40, deadline=None)
@given(st.floats(1, 1e4), st.floats(1, 1e6), st.floats(0.01, 1e3))
def test_pool_keeps_k_and_arbitrage_lands_in_the_fee_band(price: float, trade: float, market: float) -> None:
    p = Pool.at_price("X", price, 1e7)
    k = p.asset * p.cash
    got = p.buy(trade)
    assert got > 0 and p.asset * p.cash >= k * (1 - 1e-12)  # the fee only grows k
    p.arbitrage_to(market)
    assert market * 0.997 * (1 - 1e-9) <= p.price <= market * 1.003 * (1 + 1e-9)


def test_no_look_ahead() -> None:
    prices = gbm(300, 0.4, seed=1)
    a = run_backtest({"X": prices}, "agent", agent=VolTargetAgent())
    changed = prices[:150] + [p * 3 for p in prices[150:]]
    b = run_backtest({"X": changed}, "agent", agent=VolTargetAgent())
    # values up to step 149 are identical: nothing after a step can change what happened at it
    assert a["values"][:150] == b["values"][:150]
    assert a["values"][150:] != b["values"][150:]


def test_flagged_pools_are_never_traded() -> None:
    prices = {"X": gbm(200, 0.5, seed=2), "Y": gbm(200, 0.3, seed=3)}
    r = run_backtest(prices, "agent", flagged={"Y"})
    only_x = run_backtest({"X": prices["X"]}, "agent", agent=VolTargetAgent())
    assert r["swaps"] > 0
    cal = run_backtest(prices, "calendar", flagged={"X", "Y"})
    assert cal["swaps"] == 0 and cal["final_value"] == 100_000.0
    assert only_x["swaps"] > 0


def test_volatility_target_is_met_where_buy_and_hold_is_not() -> None:
    prices = {"X": gbm(1500, 0.45, seed=5)}
    agent = run_backtest(prices, "agent", agent=VolTargetAgent(target_vol=0.10))
    hold = run_backtest(prices, "buy_and_hold", weights=1.0)
    assert 0.06 < agent["volatility"] < 0.14 < hold["volatility"]
    assert agent["gas_spent"] == agent["swaps"] * 5.0


def test_bad_input() -> None:
    with pytest.raises(PortfolioInputError):
        run_backtest({"X": [1.0] * 10}, "agent")
    with pytest.raises(PortfolioInputError):
        run_backtest({"X": gbm(50, 0.2, 0)}, "yolo")
    with pytest.raises(PortfolioInputError):
        Pool.at_price("X", -1, 10)
    with pytest.raises(PortfolioInputError):
        VolTargetAgent(target_vol=0)


def test_real_series_benchmark() -> None:
    import importlib.util

    if importlib.util.find_spec("backtesting") is None:
        pytest.skip("backtesting.py (the [defi] extra) is not installed")
    from nexus.portfolio.backtest import bundled_series, compare_strategies

    goog = bundled_series("GOOG")
    assert len(goog) > 2000
    agent, hold, cal = compare_strategies({"GOOG": goog[:800]})
    assert agent["volatility"] < cal["volatility"] < hold["volatility"]
    assert agent["max_drawdown"] < hold["max_drawdown"]
