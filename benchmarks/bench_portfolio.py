"""Portfolio agent vs buy-and-hold and fixed-weight calendar rebalancing on the real series backtesting.py
bundles (GOOG daily 2004-2013, EURUSD hourly 2017-2018), replayed through a Uniswap-V2-shaped pool
($20M deep, 0.3% fee) kept at the market by arbitrageurs; $100k, gas $5 per swap.
Agent: 10% volatility target, 3% band, cost-aware; benchmarks hold / rebalance to 50% risky monthly.

    python benchmarks/bench_portfolio.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nexus.portfolio.backtest import bundled_series, compare_strategies  # noqa: E402

SERIES = {"GOOG": (252, 21), "EURUSD": (24 * 260, 24 * 21)}


def main() -> None:
    rows, curves = [], {}
    for name, (ppy, month) in SERIES.items():
        for r in compare_strategies({name: bundled_series(name)}, periods_per_year=ppy, calendar=month):
            curves[f"{name}:{r['strategy']}"] = r.pop("values")[:: max(1, r["steps"] // 400)]
            rows.append(
                {
                    "series": name,
                    "strategy": r["strategy"],
                    "return": f"{100 * r['total_return']:.1f}%",
                    "annual": f"{100 * r['annual_return']:.2f}%",
                    "vol": f"{100 * r['volatility']:.2f}%",
                    "max_dd": f"{100 * r['max_drawdown']:.1f}%",
                    "turnover": f"{r['turnover']:.2f}",
                    "swaps": r["swaps"],
                    "gas": f"${r['gas_spent']:.0f}",
                }
            )
    report("portfolio", rows, {"curves": curves})


if __name__ == "__main__":
    main()
