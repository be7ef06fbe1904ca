"""`nexus guard watch | targets | findings | train | score`: the chain monitor, what it watches, and the
fraud model."""

from __future__ import annotations

import csv
import threading
from pathlib import Path
from typing import Annotated, Any

import typer

from ._common import console, get_settings, open_nexus, print_json

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)


@app.command()
def watch(
    ctx: typer.Context,
    rpc: Annotated[str | None, typer.Option(help="JSON-RPC URL; default: the embedded chain.")] = None,
    from_block: Annotated[int | None, typer.Option(help="First block (default: resume, or the next one).")] = None,
    once: Annotated[bool, typer.Option(help="Process up to the current head, then exit.")] = False,
    breaker: Annotated[bool, typer.Option(help="Pause protected protocols on critical findings.")] = True,
    anomaly: Annotated[bool, typer.Option(help="Also run the anomaly model shipped with the package.")] = True,
    target: Annotated[
        list[str] | None,
        typer.Option(help="ADDR[:kind] to watch (repeatable; kept in the targets file, e.g. 0xab..:erc4626)."),
    ] = None,
) -> None:
    """Follow the chain, print findings with their explanation; position persists in the home.
    Watches the sandbox's contracts (if deployed here) and those of the targets file."""
    from ..guard import BreakerAction, Finding, build_monitor
    from ..guard.detectors.anomaly import load_default_anomaly
    from ..guard.targets import parse_target
    from ..guard.watchlist import add_target, load_targets
    from ..sandbox import load_sandbox
    from ..sandbox.deploy import sandbox_manifest

    settings = get_settings(ctx, rpc_url=rpc)
    specs = [parse_target(t) for t in target or ()]  # all valid before any is saved
    for t in specs:
        add_target(settings, t.address, t.kind)
    nexus, _ = open_nexus(settings)
    out = console()
    with nexus:
        path = sandbox_manifest(settings.deployments_dir, nexus.chain.chain_id)
        sb = load_sandbox(nexus.chain, path, settings.cache_dir / "contracts") if path.exists() else None
        watched = sb.watch_targets() if sb else None
        watched = load_targets(settings) if watched is None else watched.merge(load_targets(settings))
        mon = build_monitor(
            nexus.chain,
            targets=watched,
            home=settings.home,
            breaker=breaker,
            anomaly=load_default_anomaly() if anomaly else None,
            start=from_block if from_block is not None else (sb.deployed_block if sb else 0),
        )
        mon.on_finding = lambda f: out.print(f.explain())
        if mon.breaker is not None:
            record = mon.breaker.on_action

            def shout(a: BreakerAction, f: Finding) -> None:
                if record is not None:
                    record(a, f)
                state = "sent" if a.ok else "FAILED"
                out.print(f"[bold red]breaker[/]: pause {a.name} ({a.target}) -> {state} {a.tx_hash or a.detail}")

            mon.breaker.on_action = shout
        out.print(
            f"watching {nexus.chain.describe()} from block {mon.next_block}: {len(watched.targets)} "
            f"contract(s){' (sandbox protocols known)' if sb else ''}"
        )
        if once:
            mon.poll()
        else:
            stop = threading.Event()
            try:
                mon.run(stop, poll_interval=settings.poll_interval)
            except KeyboardInterrupt:
                stop.set()
        s = mon.stats
        out.print(
            f"processed {s['blocks']} block(s), {s['txs']} tx(s): {s['findings']} finding(s);"
            f" next block {mon.next_block}"
        )


@app.command()
def targets(
    ctx: typer.Context,
    remove: Annotated[str | None, typer.Option(help="Stop watching this address (targets file).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List (or remove one of) the contracts in the targets file (`nexus guard watch --target` adds)."""
    from ..guard.watchlist import describe_targets, load_targets, remove_target

    settings = get_settings(ctx)
    if remove is not None:
        remove_target(settings, remove)
    rows = describe_targets(load_targets(settings))
    if as_json:
        print_json(rows)
        return
    for r in rows:
        console().print(f"{r['address']}  {r['kind']:<16} {'pausable ' if r['pausable'] else ''}{r['protocol']}")
    console().print(f"{len(rows)} target(s) in {settings.guard_targets_path}")


@app.command()
def findings(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="How many, newest first.")] = 20,
    severity: Annotated[str | None, typer.Option(help="Only this severity (e.g. Critical).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Findings recorded by the monitor in this home (read straight from its database)."""
    import json
    import sqlite3

    from ..exceptions import StateError
    from ..guard import Finding, guard_dir

    settings = get_settings(ctx)
    dbs = sorted(guard_dir(settings.home).glob("state-*.db"))
    if not dbs:
        raise StateError(f"no guard database under {guard_dir(settings.home)}; run `nexus guard watch` first")
    rows = []
    q = "SELECT body FROM findings" + (" WHERE severity = ?" if severity else "") + " ORDER BY block DESC LIMIT ?"
    for db in dbs:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            rows += [json.loads(r[0]) for r in conn.execute(q, (severity, limit) if severity else (limit,))]
        finally:
            conn.close()
    if as_json:
        print_json(rows)
        return
    for r in rows:
        console().print(Finding.from_json(r).explain())


@app.command()
def train(
    data: Annotated[Path, typer.Option(help="Labelled accounts CSV (eth-fraud layout, with FLAG).")] = Path(
        "../shared/data/eth-fraud/accounts.csv"
    ),
    out: Annotated[Path, typer.Option(help="Where to write the JSON model.")] = Path("fraud_model.json"),
    seed: Annotated[int, typer.Option(help="CV shuffling and boosting seed.")] = 0,
) -> None:
    """Pick a boosted-tree config by grouped stratified 5-fold CV, set the two operating points on
    out-of-fold scores, fit on everything and write a JSON model (needs the `ml` extra)."""
    from ..guard.fraud.train import train_model

    report = train_model(data, out, seed=seed)
    typer.echo(
        f"model written to {out} (sha256 {report['sha256'][:16]}…); CV ROC-AUC {report['cv_roc_auc']:.4f}; "
        f"thresholds act>={report['thresholds']['high_precision']:.3f} "
        f"investigate>={report['thresholds']['high_recall']:.3f}"
    )


@app.command()
def score(
    ctx: typer.Context,
    input_csv: Annotated[Path, typer.Argument(help="Accounts CSV (accounts.csv columns; FLAG ignored).")],
    out: Annotated[Path, typer.Option("--out", help="Output CSV: one row per input row, in order.")],
    model: Annotated[
        Path | None,
        typer.Option(
            help="JSON model (default: the DAO's active `fraud` version; the shipped one when the chain has"
            " no model registry)."
        ),
    ] = None,
    explain: Annotated[int, typer.Option(min=0, help="Add the top-N feature contributions per row.")] = 3,
) -> None:
    """Score accounts for fraud/AML risk: fraud_probability, decision (act / investigate / ok)."""
    from ..guard.fraud import FraudModel, read_accounts
    from ..guard.fraud.model import served_model

    X, _ = read_accounts(input_csv)  # bad input is refused before anything else is opened
    if model:
        m: Any = FraudModel.load(model)
    elif not get_settings(ctx).deployments_dir.exists():  # no contracts here: no registry either
        m, source = served_model(None)
        typer.echo(f"fraud model: {source}", err=True)
    else:
        from ..models.loader import serving_loader

        nexus, _ = open_nexus(get_settings(ctx), allow_readonly=True)
        with nexus:
            m, source = served_model(serving_loader(nexus))
        typer.echo(f"fraud model: {source}", err=True)
    probs = m.predict_proba(X)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["row", "fraud_probability", "decision"] + (["top_features"] if explain else []))
        for i, (x, p) in enumerate(zip(X, probs)):
            row = [i, f"{p:.6f}", m.decide(p)]
            if explain:
                row.append("; ".join(f"{n}:{c:+.3f}" for n, c in m.explain(x, explain)))
            w.writerow(row)
    flagged = sum(1 for p in probs if m.decide(p) == "act")
    typer.echo(f"scored {len(probs)} account(s) -> {out} ({flagged} at the act threshold)")


@app.command("fit-anomaly")
def fit_anomaly_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="Where to write the JSON envelope model.")] = Path("anomaly_envelope.json"),
    txs: Annotated[int, typer.Option(min=0, help="Benign sandbox transactions to fit on (0: none).")] = 3000,
    seed: Annotated[int, typer.Option(help="Traffic seed (shipped model: 1000; benchmarks use others).")] = 1000,
    vectors: Annotated[
        list[Path] | None,
        typer.Option(help="Benign vectors per source (JSON; repeatable), e.g. `fit_guard_anomaly.py --export`."),
    ] = None,
) -> None:
    """Fit the anomaly model on benign traffic of several sources: the sandbox simulator (a
    throwaway embedded chain) and every source of the --vectors files (nexus.guard.training)."""
    from ..exceptions import ConfigError
    from ..guard.training import fit_sources, load_vectors

    settings = get_settings(ctx)
    sources: dict[str, list[list[float]]] = {}
    for path in vectors or []:
        sources.update(load_vectors(path))
    names = list(sources)
    if txs:
        from ..sandbox.fit import benign_vectors

        sources["sandbox-simulator"] = benign_vectors(txs, seed=seed, cache_dir=settings.cache_dir / "contracts")
    if not sources:
        raise ConfigError("fit-anomaly: nothing to fit on (--txs 0 and no --vectors)")
    parts = ([f"sandbox simulator (seed {seed})"] if txs else []) + ([", ".join(names)] if names else [])
    model = fit_sources(sources, list(sources), baseline=" + ".join(parts))
    model.save(out)
    typer.echo(
        f"anomaly model fitted on {model.n_fit_} benign transactions of {len(sources)} source(s) -> {out} "
        f"(threshold {model.threshold_:.3g})"
    )
