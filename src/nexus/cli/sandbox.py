"""`nexus sandbox up | traffic | attack | scenarios`: the DeFi sandbox on the configured chain."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ._common import console, get_settings, open_nexus, print_json

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)


def _load(nexus, settings):  # type: ignore[no-untyped-def]
    """The recorded sandbox, its handles able to send from any simulated account."""
    from typing import cast

    from ..chain.base import ChainBackend
    from ..sandbox import MultiSender, load_sandbox
    from ..sandbox.deploy import sandbox_manifest

    senders = cast(ChainBackend, MultiSender(nexus.chain, settings.rpc_url, settings.rpc_timeout))
    return load_sandbox(
        senders, sandbox_manifest(settings.deployments_dir, nexus.chain.chain_id), settings.cache_dir / "contracts"
    )


@app.command()
def up(
    ctx: typer.Context,
    rpc: Annotated[str | None, typer.Option(help="JSON-RPC URL; default: the embedded chain.")] = None,
    fresh: Annotated[bool, typer.Option(help="Deploy a new sandbox even if one is recorded.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Deploy the sandbox (tokens, AMM, lending, flash loans, vaults, governance, guardian)."""
    from ..exceptions import ManifestError
    from ..sandbox import deploy_sandbox
    from ..sandbox.deploy import sandbox_manifest

    settings = get_settings(ctx, rpc_url=rpc)
    nexus, _ = open_nexus(settings)
    with nexus:
        path = sandbox_manifest(settings.deployments_dir, nexus.chain.chain_id)
        sb = None
        if path.exists() and not fresh:
            try:
                sb = _load(nexus, settings)
            except ManifestError:
                sb = None
        if sb is None:
            sb = deploy_sandbox(nexus.chain, cache_dir=settings.cache_dir / "contracts")
            sb.save(path)
        data = sb.to_json()
        if as_json:
            print_json(data)
            return
        table = Table("role", "contract", "address", "protected")
        for key, c in sb.contracts.items():
            table.add_row(key, c.name, c.address, "yes" if c.address in sb.protected else "")
        out = console()
        out.print(table)
        out.print(f"sandbox manifest: {path}")


@app.command()
def traffic(
    ctx: typer.Context,
    txs: Annotated[int, typer.Option(min=1, help="Transactions to send.")] = 200,
    rate: Annotated[float | None, typer.Option(min=0.1, help="Transactions per second (default: unpaced).")] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    accounts: Annotated[int, typer.Option(min=2, help="Simulated users.")] = 40,
) -> None:
    """Send seeded benign traffic: swaps, lending, liquidations, arbitrage, vaults, votes, transfers."""
    from ..sandbox import TrafficSimulator

    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings)
    with nexus:
        sim = TrafficSimulator(_load(nexus, settings), seed=seed, accounts=accounts)
        rcs = sim.run(txs, rate=rate)
        failed = sum(1 for r in rcs if not r.status)
        typer.echo(f"sent {len(rcs)} transactions ({failed} reverted), head at block {nexus.chain.block_number()}")


@app.command()
def scenarios() -> None:
    """List the attack scenarios."""
    from ..sandbox import SCENARIOS

    table = Table("name", "victim", "what it does")
    for name, cls in SCENARIOS.items():
        table.add_row(name, cls.target or "-", cls.title)
    console().print(table)


@app.command()
def attack(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Scenario name (see `nexus sandbox scenarios`).")],
    seed: Annotated[int, typer.Option(help="Random seed (attacker addresses).")] = 0,
    guard: Annotated[bool, typer.Option(help="Run the guard (with its breaker) between the attack's steps.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Run one attack scenario; with --guard, the monitor and breaker act between its steps."""
    from ..guard.build import build_monitor
    from ..sandbox import get_scenario, run_scenario

    cls = get_scenario(name)
    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings)
    with nexus:
        sb = _load(nexus, settings)
        mon = build_monitor(nexus.chain, targets=sb.watch_targets(), home=settings.home) if guard else None
        if mon is not None:
            mon.poll()
        res = run_scenario(
            sb, cls, seed=seed, between=mon.poll if mon else None, cache_dir=settings.cache_dir / "contracts"
        )
        report = res.to_json()
        if mon is not None:
            report["findings"] = mon.stats["findings"]
            report["pauses"] = [a.to_json() for a in (mon.breaker.actions if mon.breaker else [])]
        if as_json:
            print_json(report)
            return
        out = console()
        for s in res.steps:
            mark = "[green]ok[/]" if s["ok"] else f"[red]reverted[/] ({s['reason']})"
            out.print(f"block {s['block']}: {s['step']}: {mark}")
        out.print(
            f"[bold]{cls.name}[/]: attacker extracted {res.extracted:,.2f} {res.asset.upper()}"
            f" ({res.blocked_steps} of {len(res.steps)} step(s) blocked)"
        )
        for a in report.get("pauses", []):
            out.print(f"breaker paused {a['name']} ({a['target']}) in tx {a['tx']}")
