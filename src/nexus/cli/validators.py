"""`nexus validators score|allocate|simulate`: Rated-style scoring, stake allocation, PoS/PoW simulation."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import console, print_json

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)

ValOpt = Annotated[int, typer.Option(help="Validators in the simulated network.")]
EpochOpt = Annotated[int, typer.Option(help="Epochs to simulate.")]
SeedOpt = Annotated[int, typer.Option(help="Random seed.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@app.command()
def score(
    validators: ValOpt = 100,
    epochs: EpochOpt = 160,
    seed: SeedOpt = 0,
    top: Annotated[int, typer.Option(help="Rows of the leaderboard.")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Leaderboard: effectiveness (attestations 84%, proposals 12.5%, sync 3%) and predicted next epoch."""
    from ..validators.service import leaderboard

    rows = leaderboard(validators=validators, epochs=epochs, seed=seed, top=top)
    if as_json:
        print_json(rows)
        return
    c = console()
    for r in rows:
        c.print(
            f"#{r['validator']:>4}  eff {r['effectiveness']:.4f}  next {r['predicted_next']:.4f}"
            f"  cluster {r['cluster']}  {r['latency_ms']} ms{'  SLASHED' if r['slashed'] else ''}"
        )


@app.command()
def allocate(
    validators: ValOpt = 100,
    epochs: EpochOpt = 160,
    seed: SeedOpt = 0,
    k: Annotated[int, typer.Option(help="Validators to stake on.")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Stake weights from the next-epoch predictor (cluster-capped) and the rule's backtest."""
    from ..validators.service import allocate_stake

    out = allocate_stake(validators=validators, epochs=epochs, seed=seed, k=k)
    if as_json:
        print_json(out)
        return
    c = console()
    c.print("weights: " + ", ".join(f"#{i}: {w:.3f}" for i, w in out["weights"].items()))
    b = out["backtest"]
    c.print(
        f"backtest reward/epoch: predictor {b['predictor']:.4f}, last-epoch best {b['last_epoch_best']:.4f},"
        f" uniform {b['uniform']:.4f}"
    )


@app.command()
def simulate(
    validators: ValOpt = 100,
    epochs: EpochOpt = 160,
    seed: SeedOpt = 0,
    pow_blocks: Annotated[int, typer.Option(help="PoW blocks for the difficulty rules.")] = 8000,
    as_json: JsonOpt = False,
) -> None:
    """PoS allocation backtest and PoW difficulty rules under hash-rate shocks."""
    from ..validators.service import simulate as run

    out = run(validators=validators, epochs=epochs, seed=seed, pow_blocks=pow_blocks)
    if as_json:
        print_json(out)
        return
    c = console()
    p = out["pos"]
    c.print(
        f"PoS reward/epoch: predictor {p['predictor']:.4f}, last-epoch best {p['last_epoch_best']:.4f},"
        f" uniform {p['uniform']:.4f}"
    )
    for r in out["pow"]:
        c.print(
            f"{r['rule']}: mean block {r['mean_block_time']:.1f}s, rolling RMSE {r['rolling_mean_rmse']:.3f},"
            f" recovery {r['mean_recovery_blocks']:.0f} blocks"
        )
