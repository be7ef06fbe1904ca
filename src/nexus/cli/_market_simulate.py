"""`nexus market simulate`: forecasters trading on markets with known outcomes, scored against the
market and a naive baseline (the DAO's registered forecasters when this node has a registry)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from ._common import console, get_settings, open_nexus, print_json
from ._market_common import JsonOpt

__all__ = ["simulate"]


def _forecaster_loader(ctx: typer.Context) -> Any:
    """The DAO's forecasters (`forecaster-<name>` in the model registry) when this node's chain has
    a registry; models it never registered are trained inside the simulation as before."""
    from ..exceptions import NexusError
    from ..models.loader import serving_loader

    if not get_settings(ctx).deployments_dir.exists():
        return None  # no contracts here: no registry either
    try:
        nexus, _ = open_nexus(get_settings(ctx), allow_readonly=True)
    except NexusError:
        return None  # no chain to ask: nothing is governed here
    with nexus:
        loader = serving_loader(nexus, registered_only=True)
        served = {n: loader(f"forecaster-{n}") for n in ("logistic", "bayes", "ensemble")}
    return lambda name: served.get(name.removeprefix("forecaster-"))


def simulate(
    ctx: typer.Context,
    events: Annotated[int, typer.Option(help="Markets (events with a known ground truth).")] = 60,
    rounds: Annotated[int, typer.Option(help="Trading rounds per market; information improves each round.")] = 6,
    outcomes: Annotated[int, typer.Option(help="Outcomes per event (2-16).")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same report.")] = 0,
    alpha: Annotated[float, typer.Option(help="LS-LMSR spread; 0 = classic LMSR.")] = 0.0,
    fee_bps: Annotated[int, typer.Option(help="Trading fee in basis points.")] = 0,
    kelly: Annotated[float, typer.Option(help="Fraction of the Kelly stake forecasters bet.")] = 0.25,
    backend: Annotated[str, typer.Option(help="math (exact contract maths, fast) or chain (real contracts).")] = "math",
    pooling: Annotated[bool, typer.Option(help="Forecasters learn from the market (tape + track record).")] = True,
    passes: Annotated[int, typer.Option(help="Trading passes per round.")] = 3,
    maker: Annotated[str, typer.Option(help="Liquidity policy: fixed or volume (funding follows volume).")] = "fixed",
    info: Annotated[
        str, typer.Option(help="dispersed (each forecaster sees its own features) or shared (all see all).")
    ] = "dispersed",
    pool: Annotated[
        str,
        typer.Option(
            help="Later passes: infer (own features + the others' revealed beliefs), "
            "stack (learned pool of the beliefs) or record (track-record pool)."
        ),
    ] = "infer",
    train: Annotated[int, typer.Option(help="Past events every forecaster learns from before the first market.")] = 300,
    as_json: JsonOpt = False,
) -> None:
    """Simulate forecasters trading on markets with known outcomes; score them, the market and a
    naive baseline (Brier, log loss, calibration), and the market's accuracy round by round."""
    from ..markets.agents import SimConfig, run_simulation

    cfg = SimConfig(
        events=events,
        rounds=rounds,
        outcomes=outcomes,
        seed=seed,
        alpha=alpha,
        fee_bps=fee_bps,
        kelly=kelly,
        backend=backend,
        pooling=pooling,
        passes=passes,
        maker=maker,
        info=info,
        pool=pool,
        train=train,
    )
    cfg.check()
    cache = get_settings(ctx).cache_dir if backend == "chain" else None
    report = run_simulation(cfg, cache_dir=cache, model_loader=_forecaster_loader(ctx))
    if as_json:
        print_json(report.to_json())
        return
    out = console()
    table = Table(
        "forecast",
        "Brier",
        "log loss",
        "calibration error",
        "expected gap to truth",
        title=f"{events} events x {rounds} rounds, seed {seed} (lower is better)",
        title_justify="left",
    )
    gaps = report.extra["expected_excess"]
    for name, s in report.scores.items():
        gap = f"{gaps[name]:.4f}" if name in gaps else "-"
        table.add_row(name, f"{s['brier']:.4f}", f"{s['log_loss']:.4f}", f"{s['calibration_error']:.4f}", gap)
    out.print(table)
    by_round = Table(
        "round", "market Brier", "market log loss", title="market accuracy over time", title_justify="left"
    )
    for r in report.market_by_round:
        by_round.add_row(str(r["round"]), f"{r['brier']:.4f}", f"{r['log_loss']:.4f}")
    out.print(by_round)
    curve = Table(
        "bin", "market: mean p", "market: frequency", "n", title="market reliability curve", title_justify="left"
    )
    for b in report.reliability["market"]:
        curve.add_row(
            f"{b['lo']:.1f}-{b['hi']:.1f}", f"{b['mean_forecast']:.3f}", f"{b['frequency']:.3f}", str(b["count"])
        )
    out.print(curve)
    pnl = ", ".join(f"{k} {v:+.1f}" for k, v in report.pnl.items())
    out.print(
        f"P&L: {pnl}; {report.trades} trades; mean maker loss {report.funding_loss:.1f} per market"
        f" (worst {report.extra['max_maker_loss']:.1f}, bound {report.extra['funding']:.0f})"
    )
