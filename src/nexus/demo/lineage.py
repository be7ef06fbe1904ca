"""Demo chapter 3, "Fingerprints and training lineage": a real dataset, a recorded run, proofs."""

from __future__ import annotations

import csv
import json
import math
import pickle
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

from rich.table import Table

from ..exceptions import UnknownModel
from ..ledger import open_ledger
from ..ledger.anchor import Anchorer, anchor_contract
from ..ledger.decisions import Auditor
from ..ledger.fingerprint import diff, fingerprint
from ..ledger.lineage import (
    Lineage,
    in_toto_statement,
    lineage_graph,
    render_tree,
    training_run,
    verify_model,
)
from ._tour import DemoContext, chapter

__all__ = ["lineage_chapter"]

# The real dataset lives in the shared data folder beside the repository, never inside it.
DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "eth-fraud" / "accounts.csv"
FEATURES = [
    "Sent tnx",
    "Received Tnx",
    "Unique Received From Addresses",
    "Time Diff between first and last (Mins)",
    "total ether received",
]


def _dataset(work: Path) -> tuple[Path, str]:
    if DATA.is_file():
        return DATA, "Ethereum accounts labelled fraud / not fraud (shared/data/eth-fraud)"
    rng = random.Random(7)  # installed without the shared folder: a synthetic stand-in
    path = work / "accounts.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["FLAG", *FEATURES])
        for _ in range(4000):
            flag = int(rng.random() < 0.2)
            w.writerow([flag, *(round(rng.expovariate(0.1 if flag else 0.02), 3) for _ in FEATURES)])
    return path, "a synthetic stand-in (shared/data/eth-fraud/accounts.csv is not here)"


def _xy(path: Path) -> tuple[list[list[float]], list[int]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    names = [c for c in FEATURES if c in rows[0]] or [k for k in rows[0] if k != "FLAG"][:5]
    X = [[math.log1p(max(float(r[c] or 0), 0.0)) for c in names] for r in rows]
    return X, [int(r["FLAG"]) for r in rows]


def _train(X: list[list[float]], y: list[int], seed: int) -> tuple[Any, float, str]:
    """scikit-learn when installed, else a small pure-Python logistic regression."""
    try:
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
    except ImportError:
        rng = random.Random(seed)
        w = [0.0] * (len(X[0]) + 1)
        for _ in range(30):
            for i in rng.sample(range(len(X)), len(X)):
                z = w[-1] + sum(a * b for a, b in zip(w, X[i]))
                g = 1 / (1 + math.exp(-max(min(z, 30), -30))) - y[i]
                w = [wj - 0.01 * g * xj for wj, xj in zip(w, X[i])] + [w[-1] - 0.01 * g]
        acc = sum((w[-1] + sum(a * b for a, b in zip(w, x)) > 0) == bool(t) for x, t in zip(X, y))
        model = json.dumps({"weights": w}, separators=(",", ":")).encode()  # fingerprintable bytes
        return model, acc / len(y), "pure-Python logistic regression"
    clf = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, random_state=seed)).fit(X, y)
    return clf, float(clf.score(X, y)), "scikit-learn StandardScaler + LogisticRegression"


@chapter(3, "Fingerprints and training lineage")
def lineage_chapter(ctx: DemoContext) -> None:
    con = ctx.console
    work = Path(tempfile.mkdtemp(prefix="nexus-lineage-"))
    out_dir = ctx.settings.home / "demo"
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        data, what = _dataset(work)
        m = fingerprint(data, chunk_rows=1000, settings=ctx.settings)
        ctx.step(
            f"Fingerprint {what}: every one of its {m.meta['rows']:,} rows, in chunks of 1,000"
            f" (MLflow's dataset digest hashes only the first 10,000 rows)."
        )
        table = Table("chunk", "rows", "sha256", title=f"root {m.digest}", title_justify="left")
        for e in m.entries[:4]:
            table.add_row(e.name, f"{e.meta['rows'][0]:,}–{e.meta['rows'][1] - 1:,}", e.digest[:32] + "…")
        con.print(table)
        edited = work / "edited.csv"
        lines = data.read_text(encoding="utf-8-sig").splitlines(keepends=True)
        row = min(7000, len(lines) - 2)
        lines[row + 1] = lines[row + 1].replace(",", ",1", 1)  # one field of one row
        edited.write_text("".join(lines), encoding="utf-8")
        d = diff(m, fingerprint(edited, chunk_rows=1000, settings=ctx.settings))
        con.print(
            f"Edit one field of row {row:,} in a copy → `nexus diff` names "
            + ", ".join(
                f"[yellow]{a.name}[/] (rows {a.meta['rows'][0]:,}–{a.meta['rows'][1] - 1:,})" for a, _ in d.changed
            )
            + f"; {d.unchanged} chunks unchanged."
        )

        with open_ledger(ctx.settings) as ledger:
            ctx.step(
                "Train a model inside `nexus.training_run(...)`: it records the data"
                " fingerprints, code identity, params, seed, package versions and metrics:"
            )
            X, y = _xy(data)
            model_path = out_dir / "fraud-model.pkl"
            with training_run(
                "eth-fraud", data={"accounts": data}, params={"C": 1.0}, seed=7, ledger=ledger, settings=ctx.settings
            ) as run:
                model, acc, how = _train(X, y, seed=7)
                run.log_metrics(train_accuracy=acc)
                model_path.write_bytes(pickle.dumps(model))
                run.log_model(model, name="fraud-clf", path=model_path)
            git = run.record.payload["code"].get("git") if run.record and run.record.payload else None
            con.print(
                f"{how}: train accuracy {acc:.3f}. Run record #{run.id}, model record"
                f" #{run.models[0].id}; code: "
                + (
                    f"git {str(git['commit'])[:10]}"
                    f"{' + uncommitted changes ' + git['diff_sha256'][:10] if git['dirty'] else ''}"
                    if git
                    else "not a git checkout (the entry file's hash is kept instead)"
                )
            )

            auditor = Auditor(str(run.models[0].fingerprint), ledger=ledger)
            first = auditor.log({"account": 1}, int(y[0]))
            auditor.flush()
            contract = anchor_contract(ctx.nexus, deploy=True)
            anchor = Anchorer(ledger, contract).anchor()
            ctx.step(
                f"Log a decision by that model, anchor the log (block"
                f" {anchor.block if anchor else '?'}), and walk up from the decision:"
            )
            lin = Lineage(ledger)
            con.print(render_tree(lineage_graph(lin, lin.get(first.id))))

            ctx.step(
                f"`nexus verify model {model_path.name}`: the file is a registered model and"
                " every record upstream has a receipt that checks out, on chain too:"
            )
            result = verify_model(lin, model_path, ctx.nexus.chain)
            con.print(render_tree(result.graph))
            con.print(f"[green]verified[/]: {result.ok}")
            tampered = work / "tampered.pkl"
            blob = bytearray(model_path.read_bytes())
            blob[len(blob) // 2] ^= 0x01
            tampered.write_bytes(bytes(blob))
            try:
                verify_model(lin, tampered, ctx.nexus.chain)
            except UnknownModel as exc:
                con.print(f"Flip one bit of the model file → [red]{exc}[/]")
            statement = in_toto_statement(lin, run.models[0], lineage_graph(lin, run.models[0]))
            target = out_dir / "fraud-model.intoto.json"
            target.write_text(json.dumps(statement, indent=2, sort_keys=True) + "\n")
            ctx.step(
                f"Exported an in-toto Statement ({statement['predicateType']}) to {target}:"
                f" {len(statement['subject'])} subject(s), "
                f"{len(statement['predicate']['buildDefinition']['resolvedDependencies'])}"
                " resolved dependencies."
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
