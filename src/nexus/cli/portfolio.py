"""`nexus portfolio run|backtest`: the volatility-targeting agent over AMM pools."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import console, get_settings, open_nexus, print_json

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)

SeriesOpt = Annotated[str, typer.Option(help="GOOG, EURUSD, BTCUSD (bundled by backtesting.py) or a CSV path.")]
VolOpt = Annotated[float, typer.Option(help="Annual volatility target.")]
FlagOpt = Annotated[list[str] | None, typer.Option("--flagged", help="Pools the guard flagged (never traded).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@app.command()
def run(
    ctx: typer.Context,
    series: SeriesOpt = "GOOG",
    target_vol: VolOpt = 0.10,
    flagged: FlagOpt = None,
    steps: Annotated[int, typer.Option(help="Run over the series' last STEPS prices.")] = 260,
    onchain: Annotated[
        bool, typer.Option("--onchain/--offline", help="Trade on-chain V2 pairs on the node's chain, or Python pools.")
    ] = True,
    as_json: JsonOpt = False,
) -> None:
    """Run the agent over the recent prices, trading on-chain AMM pairs, and show where the portfolio stands."""
    from ..portfolio.service import run_agent

    if not onchain:
        out = run_agent(series, target_vol=target_vol, flagged=flagged or (), steps=steps)
    else:
        settings = get_settings(ctx)
        nexus, _ = open_nexus(settings)
        with nexus:
            out = run_agent(
                series,
                target_vol=target_vol,
                flagged=flagged or (),
                steps=steps,
                chain=nexus.chain,
                cache_dir=settings.cache_dir / "contracts",
            )
    if as_json:
        print_json(out)
        return
    console().print(
        f"{out['series'][0]}: value {out['final_value']:,.0f}, vol {out['volatility']:.1%},"
        f" max drawdown {out['max_drawdown']:.1%}, {out['swaps']} swaps, gas {out['gas_spent']:.0f}"
        + (f" (on chain: {out['chain_gas_used']:,} gas)" if out.get("onchain") else "")
    )


@app.command()
def backtest(
    series: SeriesOpt = "GOOG", target_vol: VolOpt = 0.10, flagged: FlagOpt = None, as_json: JsonOpt = False
) -> None:
    """Agent vs buy-and-hold vs monthly fixed-weight rebalancing."""
    from ..portfolio.service import backtest as bt

    out = bt(series, target_vol=target_vol, flagged=flagged or ())
    if as_json:
        print_json({k: v for k, v in out.items() if k != "curves"})
        return
    c = console()
    for r in out["strategies"]:
        c.print(
            f"{r['strategy']:>13}: return {r['total_return']:.1%}, vol {r['volatility']:.1%},"
            f" max dd {r['max_drawdown']:.1%}, turnover {r['turnover']:.2f}, gas {r['gas_spent']:.0f}"
        )
