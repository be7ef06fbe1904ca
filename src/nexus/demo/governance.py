"""Demo chapter 8, "Model governance": a DAO replaces a biased credit model with a fairer one by vote.

Two logistic models on UCI German credit (the real data in `../shared/data/credit-fairness`):
one sees age and personal status, the other does not. Each is audited with fairlearn (the gate
metric: the worst demographic-parity difference over sex and age <= 25), registered with its
report, and proposed. The DAO votes a tighter fairness bound; the biased model's proposal passes
its vote too, but the registry refuses to activate it; the fairer one activates and serves
through `nexus.models.load`. Everything goes through the service functions the CLI uses.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..governance import GovConfig
from ..governance import service as gov
from ._tour import DemoContext, chapter

__all__ = ["model_governance"]

DATA = Path("shared") / "data" / "credit-fairness" / "german.data"
PROTECTED = ["sex", "age_group"]


def _german() -> Path | None:
    for base in [Path.cwd(), *Path.cwd().parents, *Path(__file__).resolve().parents]:
        if (base / DATA).is_file():
            return base / DATA
    return None


def _models(data: Path, root: Path) -> dict[str, Any]:
    """Fit, save (.skops) and audit both models; each report written next to its model."""
    from ..fairness import load_german, save_model
    from ..fairness.baseline import baseline_model
    from ..fairness.report import FairnessReport
    from ..fairness.service import run

    ds = load_german(data)
    out = {}
    for name, drop in (("biased", PROTECTED), ("fairer", [*PROTECTED, "age", "personal_status", "foreign_worker"])):
        model = baseline_model(ds.X, drop=drop).fit(ds.X, ds.y)
        res = run(model, ds, PROTECTED)
        report = root / f"{name}.report.json"
        report.write_text(FairnessReport({k: v for k, v in res["report"].items() if k != "fingerprint"}).dumps())
        out[name] = {
            "path": save_model(model, root / f"{name}.skops"),
            "report": report,
            "gap": res["metric_1e6"] / 1e6,
            "accuracy": float((model.predict(ds.X) == ds.y).mean()),
        }
    return out


def _pass(ctx: DemoContext, refs: list[str]) -> None:
    """Token holders vote for each proposal; then queue and wait out the timelock."""
    nx = ctx.nexus
    gov.advance(nx, blocks=2)
    for ref in refs:
        st = gov.vote(nx, ref, "for")
        ctx.console.print(f"  vote for {st['description'][:60]}…: weight {int(st['weight']) // 10**18:,}")
    gov.advance(nx, blocks=6)
    for ref in refs:
        gov.queue(nx, ref)
    gov.advance(nx, seconds=61)


@chapter(8, "Model governance")
def model_governance(ctx: DemoContext) -> None:
    from ..exceptions import GovernanceInputError, GovernanceStateError, MissingExtra
    from ..models.loader import load, register

    data = _german()
    try:
        import fairlearn  # noqa: F401
        import skops  # noqa: F401
    except ImportError:
        data = None
    if data is None:
        ctx.console.print("  skipped: needs the [fair] extra and ../shared/data/credit-fairness/german.data")
        return
    nx = ctx.nexus
    ctx.step("The DAO: a governance token, a Governor, a timelock and the model registry it owns")
    setup = gov.setup(nx, GovConfig(min_delay=60, voting_period=5, max_fairness_gap=1_000_000))
    ctx.console.print(f"  registry {setup['registry']}; fairness bound {setup['max_fairness_gap']}")
    ctx.step("Two credit models on UCI German credit, each audited with fairlearn")
    with tempfile.TemporaryDirectory(prefix="nexus-demo-gov-") as tmp:
        try:
            models = _models(data, Path(tmp))
        except MissingExtra as exc:
            ctx.console.print(f"  skipped: {exc}")
            return
        name = f"credit-{nx.chain.block_number()}"  # a fresh name per tour run
        versions = {}
        for label, m in models.items():
            v = register(nx, name, m["path"], fairness_report=m["report"])
            versions[label] = v
            ctx.console.print(
                f"  {label}: accuracy {m['accuracy']:.3f}, demographic-parity gap {m['gap']:.3f}"
                f" -> {name} v{v['version']} {v['fingerprint'][:19]}…"
            )
    bound = (models["biased"]["gap"] + models["fairer"]["gap"]) / 2
    ctx.step(f"Proposals: activate the biased model; lower the fairness bound to {bound:.3f}")
    try:
        a = gov.propose_activation(nx, name, str(versions["biased"]["version"]))
    except GovernanceInputError as exc:  # a second tour: the bound the DAO set last time holds
        ctx.console.print(f"  refused at proposal time: {exc}")
    else:
        b = gov.propose_bound(nx, f"{bound:.6f}")
        _pass(ctx, [a["id"], b["id"]])
        gov.execute(nx, b["id"])
        ctx.console.print(f"  bound executed: {gov.open_governance(nx).registry.params()['max_fairness_gap']}")
        ctx.step("The biased model won its vote, but the registry refuses to activate it")
        try:
            gov.execute(nx, a["id"])
        except GovernanceStateError as exc:
            ctx.console.print(f"  refused: {exc}")
    ctx.step("The DAO votes the fairer model in; serving follows the registry")
    c = gov.propose_activation(nx, name, versions["fairer"]["fingerprint"])
    _pass(ctx, [c["id"]])
    gov.execute(nx, c["id"])
    served = load(name, nexus=nx)
    ctx.console.print(
        f"  nexus.models.load({name!r}) -> v{served.version} {served.fingerprint[:19]}…"
        " (fingerprint checked against the registry)"
    )
