"""Demo chapter 12, "Federated learning": ten hospitals train on Flower; two poisoners are caught and unpaid."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from ._tour import DemoContext, chapter

__all__ = ["federated_learning"]


@chapter(12, "Federated learning")
def federated_learning(ctx: DemoContext) -> None:
    try:
        from ..flid import simulate
    except ImportError:  # pragma: no cover - the [fl] extra
        ctx.console.print("  skipped: needs the [fl] extra (Flower)")
        return
    try:
        import flwr  # noqa: F401
    except ImportError:  # pragma: no cover
        ctx.console.print("  skipped: needs the [fl] extra (Flower)")
        return
    ctx.step(
        "Ten hospitals train one digit classifier without sharing rows (non-IID Dirichlet split, α = 0.5)."
        " Flower runs the rounds; Multi-Krum aggregates; two hospitals send boosted label-flipped models."
    )
    rep = simulate(ctx.nexus, clients=10, rounds=3, strategy="multikrum", poison=0.2, attack="scaled", name="hospitals")
    for rd in rep["rounds"]:
        ctx.console.print(
            f"  round {rd['round']}: update root {rd['root'][:14]}… committed in block {rd['block']} before"
            f" aggregation · accuracy {rd['accuracy']:.3f} · rejected {rd['rejected']}"
        )
    ctx.step(
        "Each hospital is a did:key registered on the round contract with its own signature; each update is"
        " scored by Monte-Carlo Shapley on the server's validation set; the pool pays pro rata."
    )
    table = Table("hospital", "did:key", "role", "contribution", "reward (ETH)", "rejected in")
    for c in rep["clients"]:
        table.add_row(
            str(c["index"]),
            Text(f"{c['did'][8:16]}…{c['did'][-4:]}" if c.get("did") else "-"),  # Text: no emoji markup
            c["role"],
            f"{c['contribution']:+.3f}",
            f"{int(c['earned_wei']) / 1e18:.4f}",
            ", ".join(map(str, c["rejected_rounds"])) or "-",
        )
    ctx.console.print(table)
    bad = [c for c in rep["clients"] if c["role"] != "honest"]
    unpaid = all(int(c["earned_wei"]) == 0 and c["rejected_rounds"] for c in bad)
    cost = rep.get("cost") or {}
    if cost:
        kwh = cost.get("energy_kwh")
        energy = f"≈ {kwh * 1000:.3f} Wh (estimate)" if kwh is not None else "no energy estimate"
        ctx.console.print(f"  cost in the lineage record: CPU {cost['cpu_s']:.1f} s · {energy} · gas {cost['gas']:,}")
    ctx.console.print(
        f"  {len(bad)} poisoners caught in every round and unpaid: {unpaid} · gas per round per client"
        f" {rep['gas_per_round_per_client']:,} · contract {rep['contract']}"
    )
