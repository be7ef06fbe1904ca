"""`nexus oracle up | feeds | sources | simulate | forecast`."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.table import Table

from ._common import READONLY_NOTE, console, get_settings, open_nexus, print_json

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)


@app.command()
def up(
    ctx: typer.Context,
    nodes: Annotated[int, typer.Option(help="Oracle nodes n (4..31); f = (n-1)//3.")] = 4,
    feed: Annotated[str, typer.Option(help="Feed name in the Registry.")] = "SIM/USD",
    rounds: Annotated[int, typer.Option(help="Stop after this many rounds; 0 runs until Ctrl-C.")] = 0,
    interval: Annotated[float, typer.Option(help="Seconds between rounds.")] = 5.0,
    processes: Annotated[bool, typer.Option(help="Run each node in its own process (HTTP on 127.0.0.1).")] = False,
    sources: Annotated[int, typer.Option(help="Simulated market sources per node.")] = 7,
    faulty_sources: Annotated[int, typer.Option(help="How many of them are faulty.")] = 0,
) -> None:
    """Run an oracle network for a simulated market feed on the configured chain."""
    from ..oracle.runner import NetworkRunner

    settings = get_settings(ctx)
    runner = NetworkRunner(
        settings, nodes=nodes, feed=feed, processes=processes, sources=sources, faulty_sources=faulty_sources
    )
    with runner:
        typer.echo(
            f"feed {feed} at {runner.feed_address}: {nodes} nodes, f={runner.f},"
            f" quorum {runner.quorum}, {'processes' if processes else 'in-process'}  (Ctrl-C to stop)"
        )
        done = 0
        while rounds == 0 or done < rounds:
            row = runner.round()
            band = row["band"]
            typer.echo(
                f"round {row['round_id']}: "
                + (
                    f"answer {row['answer']:.4f} band [{band[0]:.4f}, {band[1]:.4f}] leader {row['leader']}"
                    f" gas {row['gas_used']:,}"
                    if row["accepted"]
                    else f"no report ({row['attempts'][-1]['outcome'] if row['attempts'] else 'no attempt'})"
                )
            )
            done += 1
            if rounds == 0 or done < rounds:
                time.sleep(interval)


@app.command()
def feeds(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Registered oracle feeds with their configuration and latest round."""
    from ..oracle.feeds import list_feeds

    settings = get_settings(ctx)
    nexus, readonly = open_nexus(settings, allow_readonly=True)
    with nexus:
        rows = list_feeds(nexus)
    if as_json:
        print_json({"readonly": readonly, "feeds": rows})
        return
    table = Table("feed", "address", "n/f/q", "round", "answer", "band")
    for r in rows:
        band = f"[{r['band'][0]:g}, {r['band'][1]:g}]" if r["band"] else ""
        table.add_row(
            r["name"],
            r["address"],
            f"{r['nodes']}/{r['f']}/{r['quorum']}",
            str(r["latest_round"]),
            "" if r["answer"] is None else f"{r['answer']:g}",
            band,
        )
    out = console()
    out.print(table if rows else "no oracle feeds registered (start one with `nexus oracle up`)")
    if readonly:
        out.print(f"[yellow]note:[/] {READONLY_NOTE}")


@app.command()
def sources(
    ctx: typer.Context,
    feed: Annotated[str, typer.Argument(help="Feed name in the Registry.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Per-source detail of a feed's latest round on this node: readings, kept or dropped (and why)."""
    from ..oracle.feeds import feed_sources

    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings, allow_readonly=True)
    with nexus:
        rec = feed_sources(nexus, feed)
    if as_json:
        print_json(rec)
        return
    state = "reported" if rec["accepted"] else ("not due" if rec["skipped"] else "no report")
    table = Table(
        "source",
        "reading",
        "z vs peers",
        "kept by",
        "flags",
        title=f"{feed} round {rec['round_id']} ({state}) at t={rec['time']}",
        title_justify="left",
    )
    n = len(rec["nodes"])
    for c in rec["sources"]:
        table.add_row(
            c["source"],
            "-" if c["value"] is None else f"{c['value']:g}",
            "-" if c["z_peer"] is None else f"{c['z_peer']:+.1f}",
            f"{c['kept_by']}/{n}",
            ", ".join(c["flags"]) or "",
        )
    console().print(table)


@app.command()
def simulate(
    ctx: typer.Context,
    nodes: Annotated[int, typer.Option(help="Oracle nodes n (4..31).")] = 4,
    byzantine: Annotated[int, typer.Option(help="Byzantine nodes (lie/collude/replay/offline/pad).")] = 1,
    faulty_sources: Annotated[int, typer.Option(help="Faulty sources of the 7 each node reads.")] = 1,
    rounds: Annotated[int, typer.Option(help="Rounds to run.")] = 5,
    seed: Annotated[int, typer.Option(help="Seed of the world, faults and who is Byzantine.")] = 0,
    quorum: Annotated[int | None, typer.Option(help="Signatures per report (default f+1).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Adversarial simulation on a throwaway embedded chain: is every accepted answer honest?"""
    from ..oracle.simulate import run_simulation

    settings = get_settings(ctx)
    result = run_simulation(
        nodes, byzantine, faulty_sources, rounds, seed=seed, quorum=quorum, cache_dir=settings.cache_dir / "contracts"
    )
    if as_json:
        print_json(result)
        return
    table = Table(
        "round",
        "honest range",
        "accepted answer",
        "in range",
        "leader attempts",
        title=f"n={nodes} f={result['f']} quorum={result['quorum']} byzantine={byzantine}"
        f" faulty sources={faulty_sources}/7",
        title_justify="left",
    )
    for r in result["rounds"]:
        hr = r["honest_range"]
        table.add_row(
            str(r["round_id"]),
            f"[{hr[0]:.4f}, {hr[1]:.4f}]" if hr else "-",
            "none" if r["answer"] is None else f"{r['answer']:.4f}",
            {True: "[green]yes[/]", False: "[red]NO[/]", None: "-"}[r["in_range"]],
            str(len(r["attempts"])),
        )
    out = console()
    out.print(table)
    verdict = "[green]safe[/]" if result["safe"] else "[red]UNSAFE[/]"
    out.print(f"{result['accepted']}/{rounds} rounds accepted; {verdict}")


@app.command()
def forecast(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Feed name; its forecast lives in NAME@next, NAME@lo, NAME@hi.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """A feed's answer and, next to it, the network's forecast of its next interval."""
    from ..oracle.forecast import read_forecast

    nexus, _ = open_nexus(get_settings(ctx), allow_readonly=True)
    with nexus:
        out = read_forecast(nexus, name)
    if as_json:
        print_json(out)
        return
    answer = "-" if out["answer"] is None else f"{out['answer']:g}"
    nxt = out["forecast_next"]
    console().print(
        f"{name}: answer {answer}; next interval forecast "
        + ("-" if nxt is None else f"{nxt:g} [{out['forecast_lo']:g}, {out['forecast_hi']:g}]")
        + f" (round {out['forecast_round']})"
    )
