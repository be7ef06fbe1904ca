"""`nexus fl simulate|status|rewards|up|join`: federated learning with incentives on Flower."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ._common import console, get_settings, open_nexus, print_json

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True, help="Federated learning on Flower: committed updates, rewards, robust rules.")


def _show_rounds(report: dict[str, Any]) -> None:
    c = console()
    c.print(f"federation {report['name']} · contract {report['contract']} · strategy {report['config']['strategy']}")
    for rd in report["rounds"]:
        extra = f" rejected {rd['rejected']}" if rd["rejected"] else ""
        extra += f" dropped {rd['dropped']}" if rd["dropped"] else ""
        c.print(f"  round {rd['round']}: accuracy {rd['accuracy']:.3f}  root {rd['root'][:18]}…{extra}")


def _short_did(did: str | None) -> str:
    return f"{did[:16]}…{did[-6:]}" if did else "(no DID)"


def _show_clients(rows: list[dict[str, Any]]) -> None:
    c = console()
    for r in rows:
        rej = f" rejected in {r['rejected_rounds']}" if r["rejected_rounds"] else ""
        c.print(
            f"  client {r['index']:>3} {_short_did(r.get('did'))} {r['role']:<11} contribution"
            f" {r['contribution']:+.4f}  earned {int(r['earned_wei']) / 1e18:.6f} ETH ({r['share']:.1%}){rej}",
            soft_wrap=True,
            emoji=False,  # "did:key:" is not the :key: emoji
        )


def _show_cost(report: dict[str, Any]) -> None:
    """CPU time, the energy and CO₂ estimates and the gas the federation spent."""
    cost = report.get("cost")
    if not cost:
        return
    kwh, co2 = cost.get("energy_kwh"), cost.get("co2_kg")
    energy = (
        f"energy {kwh * 1000:.4f} Wh · CO₂ {co2 * 1000:.4f} g"
        if kwh is not None and co2 is not None
        else ("no energy estimate")
    )
    console().print(
        f"  cost (CPU/energy/CO₂ are estimates): CPU {cost['cpu_s']:.2f} s · {energy} · gas {cost['gas']:,}",
        soft_wrap=True,
    )


@app.command()
def simulate(
    ctx: typer.Context,
    clients: Annotated[int, typer.Option("--clients", help="Number of clients.")] = 10,
    rounds: Annotated[int, typer.Option("--rounds", help="Federated rounds.")] = 5,
    strategy: Annotated[
        str, typer.Option("--strategy", help="fedavg, fedprox, krum, multikrum, trimmed-mean, median, bulyan.")
    ] = "fedavg",
    poison: Annotated[float, typer.Option("--poison", help="Fraction of poisoning clients.")] = 0.0,
    attack: Annotated[str, typer.Option(help="label-flip, scaled or backdoor.")] = "label-flip",
    free_riders: Annotated[float, typer.Option("--free-riders", help="Fraction of free-riding clients.")] = 0.0,
    data: Annotated[str, typer.Option(help="digits, credit or eth-fraud.")] = "digits",
    alpha: Annotated[float, typer.Option(help="Dirichlet alpha of the non-IID split.")] = 0.5,
    model: Annotated[str, typer.Option(help="sklearn or torch.")] = "sklearn",
    engine: Annotated[
        str,
        typer.Option(
            help="local (in-process Grid), simulation (Flower's Ray engine) or deployment (the SuperLink of `fl up`)."
        ),
    ] = "local",
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Run a federation: commit each round's update root on chain, score clients, pay the pool."""
    from ..flid import simulate as run

    nexus, _ = open_nexus(get_settings(ctx))
    with nexus:
        report = run(
            nexus, clients=clients, rounds=rounds, strategy=strategy, poison=poison, attack=attack,
            free_riders=free_riders, data=data, alpha=alpha, model=model, engine=engine, seed=seed,
        )  # fmt: skip
    if as_json:
        print_json(report)
        return
    _show_rounds(report)
    _show_clients(report["clients"])
    _show_cost(report)
    console().print(f"  gas per round per client: {report['gas_per_round_per_client']:,}  ·  {report['seconds']:.2f} s")


@app.command()
def status(
    ctx: typer.Context,
    federation: Annotated[str | None, typer.Argument(help="Contract address (default: the newest).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Federations run so far, the newest one's rounds, and the SuperLink/SuperNode processes."""
    from ..fl.deploy import deployment
    from ..fl.service import federation as one
    from ..fl.service import federations

    settings = get_settings(ctx)
    feds = federations(settings)
    out: dict[str, Any] = {"federations": feds, "deployment": deployment(settings)}
    if feds or federation:
        out["latest"] = one(settings, federation)
    if as_json:
        print_json(out)
        return
    if "latest" in out:
        _show_rounds(out["latest"])
        _show_clients(out["latest"]["clients"])
        _show_cost(out["latest"])
    else:
        console().print("no federation has run yet: try `nexus fl simulate`")
    dep = out["deployment"]
    if dep["superlink"]:
        alive = sum(n["alive"] for n in dep["supernodes"])
        console().print(
            f"SuperLink pid {dep['superlink']['pid']} alive={dep['superlink']['alive']}; {alive} SuperNodes alive"
        )


@app.command()
def rewards(
    ctx: typer.Context,
    federation: Annotated[str | None, typer.Argument(help="Contract address (default: the newest).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Each client's role, contribution, rejected rounds and reward (read from the contract)."""
    from ..fl.service import rewards as read

    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings, allow_readonly=True)
    with nexus:
        rows = read(settings, federation, nexus)
    if as_json:
        print_json(rows)
        return
    _show_clients(rows)


@app.command()
def up(
    ctx: typer.Context,
    nodes: Annotated[int, typer.Option("--nodes", help="SuperNodes to start.")] = 2,
    port: Annotated[int, typer.Option("--port", help="SuperLink port; SuperNodes use port+10 on.")] = 19091,
    stop: Annotated[bool, typer.Option("--stop", help="Stop the recorded processes instead.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Start a Flower SuperLink and SuperNodes on loopback (or stop them with --stop)."""
    from ..fl.deploy import down
    from ..fl.deploy import up as start

    settings = get_settings(ctx)
    out = down(settings) if stop else start(settings, nodes=nodes, port=port)
    if as_json:
        print_json(out)
    elif stop:
        console().print(f"stopped {len(out['stopped'])} processes")
    else:
        link = out["superlink"]
        console().print(f"SuperLink pid {link['pid']} at {link['address']}; {len(out['supernodes'])} SuperNodes")


@app.command()
def join(
    ctx: typer.Context,
    superlink: Annotated[
        str, typer.Option("--superlink", help="The SuperLink's Fleet API address.")
    ] = "127.0.0.1:19092",
    partition: Annotated[int, typer.Option("--partition", help="This client's data partition.")] = 0,
    partitions: Annotated[int, typer.Option("--partitions", help="Partitions in the federation.")] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Join a running SuperLink as one more SuperNode (a client site)."""
    from ..fl.deploy import join as start

    out = start(get_settings(ctx), superlink=superlink, partition=partition, partitions=partitions)
    if as_json:
        print_json(out)
    else:
        console().print(f"SuperNode pid {out['pid']} for partition {out['partition']} joined {out['superlink']}")
