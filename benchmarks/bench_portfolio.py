"""Portfolio agent vs buy-and-hold and fixed-weight calendar rebalancing on the real series backtesting.py
bundles (GOOG daily 2004-2013, EURUSD hourly 2017-2018), replayed through Uniswap-V2-shaped pairs
($20M deep, 0.3% fee) kept at the market by arbitrageurs; $100k, gas $5 per swap.
Agent: 10% volatility target, 3% band, cost-aware; benchmarks hold / rebalance to 50% risky monthly.

The pairs are the sandbox's `SandboxAMM` contracts on a fresh embedded chain: every arbitrage and every
trade is a swap transaction (`chain_gas` is the gas the strategy's own swaps used). `--python` replays
through the Python mirror of the pool instead (seconds instead of minutes); the JSON keeps the mirror's
final value next to the on-chain one.

    python benchmarks/bench_portfolio.py [--python]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nexus.chain.embedded import EmbeddedChain  # noqa: E402
from nexus.portfolio.backtest import bundled_series, run_backtest  # noqa: E402
from nexus.portfolio.onchain import ChainPools  # noqa: E402

SERIES = {"GOOG": (252, 21), "EURUSD": (24 * 260, 24 * 21)}
STRATEGIES = ("agent", "buy_and_hold", "calendar")


def main() -> None:
    onchain = "--python" not in sys.argv
    rows, curves, mirror = [], {}, {}
    with tempfile.TemporaryDirectory(prefix="bench-portfolio-") as tmp:
        chain = EmbeddedChain(Path(tmp) / "chain", flush_interval=3600) if onchain else None
        for name, (ppy, month) in SERIES.items():
            series = {name: bundled_series(name)}
            for strategy in STRATEGIES:
                venue = None
                if chain is not None:
                    acc = chain.accounts
                    venue = ChainPools(
                        chain, trader=acc[1], arbitrageur=acc[2], admin=acc[0], cache_dir=Path(tmp) / "contracts"
                    )
                kw = {"periods_per_year": ppy, "calendar": month}
                r = run_backtest(series, strategy, venue=venue, **kw)
                if onchain:
                    mirror[f"{name}:{strategy}"] = run_backtest(series, strategy, **kw)["final_value"]
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
                        "chain_gas": r.get("chain_gas_used", "-"),
                        "final": round(r["final_value"], 2),
                    }
                )
        if chain is not None:
            chain.close()
    extra = {"curves": curves, "venue": "on-chain SandboxAMM pairs (embedded chain)" if onchain else "Python mirror"}
    if onchain:
        extra["mirror_final_value"] = mirror
    gas = {f"{r['series']}:{r['strategy']}": int(r["chain_gas"]) for r in rows if onchain}
    report("portfolio", rows, extra, gas=gas or None)


if __name__ == "__main__":
    main()
