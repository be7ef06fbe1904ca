"""Demo chapter 4, "The guard": benign traffic, an attack, the alert explained, the pool saved."""

from __future__ import annotations

from ..exceptions import ManifestError
from ..guard import build_monitor
from ..guard.detectors.anomaly import load_default_anomaly
from ..sandbox import TrafficSimulator, deploy_sandbox, load_sandbox, run_scenario, sandbox_manifest
from ._tour import DemoContext, chapter

__all__ = ["the_guard"]

BENIGN_TXS = 150
SCENARIO = "flash-oracle"


@chapter(4, "The guard")
def the_guard(ctx: DemoContext) -> None:
    con, chain, st = ctx.console, ctx.nexus.chain, ctx.settings
    cache = st.cache_dir / "contracts"
    path = sandbox_manifest(st.deployments_dir, chain.chain_id)
    try:
        sb = load_sandbox(chain, path, cache)
        ctx.step(f"Re-attached to the DeFi sandbox recorded in {path.name}.")
    except ManifestError:
        sb = deploy_sandbox(chain, cache_dir=cache)
        sb.save(path)
        ctx.step(
            "Deployed the DeFi sandbox: tokens, a constant-product AMM, a lending pool priced by the"
            " AMM's spot price, a flash lender, vaults, governance and a guardian that can pause them."
        )
    if sb["lending"].paused():  # an earlier tour tripped the breaker: the admin resumes
        sb["lending"].unpause(sender=sb.admin)
    mon = build_monitor(
        chain, targets=sb.watch_targets(), anomaly=load_default_anomaly(), start=chain.block_number() + 1
    )

    sim = TrafficSimulator(sb, seed=4, accounts=30)
    sim.setup()
    mon.poll()
    for _ in range(BENIGN_TXS // 25):
        sim.run(25)
        mon.poll()
    ctx.step(
        f"{len(sim.sent)} benign transactions (swaps, loans, liquidations, vault and governance use):"
        f" the monitor processed {mon.stats['blocks']} blocks and raised {mon.stats['findings']} finding(s)."
    )

    snap = chain.snapshot()
    unguarded = run_scenario(sb, SCENARIO, seed=4, cache_dir=cache)
    chain.revert(snap)
    ctx.step(
        f"Rehearsal without the guard (then rolled back): the [bold]{SCENARIO}[/] attack extracts"
        f" [red]{unguarded.extracted:,.0f} USD[/] in {len(unguarded.steps)} transactions."
    )

    mon.next_block = chain.block_number() + 1
    shown: set[str] = set()

    def guard_step() -> None:
        for f in mon.poll():
            if f.severity.value == "Critical" and f.alert_id not in shown:
                shown.add(f.alert_id)
                con.print(f.explain(), highlight=False)

    ctx.step("Now the same attack with the guard running between blocks:")
    guarded = run_scenario(sb, SCENARIO, seed=4, cache_dir=cache, between=guard_step)
    for a in mon.breaker.actions if mon.breaker else []:
        con.print(
            f"[bold red]breaker[/]: guardian.pause({a.name}) in tx {a.tx_hash[:14] if a.tx_hash else '-'}…"
            f" -> {'paused' if a.ok else a.detail}"
        )
    for s in guarded.steps:
        outcome = "[green]went through[/]" if s["ok"] else f"[red]blocked[/] ({s['reason']})"
        con.print(f"  step '{s['step']}': {outcome}")
    saved = unguarded.extracted - guarded.extracted
    ctx.step(
        f"With the guard the attacker got {guarded.extracted:,.0f} USD instead of {unguarded.extracted:,.0f}:"
        f" [green]{saved:,.0f} USD saved[/] ({saved / max(unguarded.extracted, 1):.0%}). The first round"
        " is one atomic transaction and cannot be stopped after the fact; the breaker stops the rest."
    )
    sb["lending"].unpause(sender=sb.admin)
