"""Injected-bug set from the clean npm corpus: rules' recall by class, on mutants of audited contracts.

Every mutant is one corpus file with one bug injected (benchmarks/scan_mutation.py: 6 classes, 3 forms,
fresh identifiers). A mutant is found when a finding of the class's category lies on the injected lines.
`--model` also trains the learned re-scorer of issue #15 (benchmarks/scan_model.py) on the mutants and
the clean sources and scores it with 5 folds split by source file (a contract and its mutants never on
both sides), next to the rules alone and the default confidence view; then, fitted on every source, on
SmartBugs-curated as an out-of-distribution test. `--save-weights` ships it as the bundled ranker. Run:
python benchmarks/bench_scan_mutants.py [--modules DIR] [--files N] [--seed S] [--model [--save-weights]]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import report
from bench_scan_corpus import corpus_files
from scan_model import Case, evaluate, fit_all
from scan_mutation import CLASSES, mutate

from nexus.scan import scan_source

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modules", type=Path, default=REPO / "node_modules", help="node_modules holding the pins.")
    ap.add_argument("--files", type=int, default=60, help="Source files sampled from the corpus.")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--name", default="scan_mutants")
    ap.add_argument("--model", action="store_true", help="Train and score the learned model (split by source).")
    ap.add_argument("--slither", type=int, default=0, help="Also run Slither on this many sampled mutants.")
    ap.add_argument("--save-weights", action="store_true", help="With --model: write it as the bundled ranker.")
    args = ap.parse_args()
    sets = corpus_files(args.modules)
    if not sets:
        sys.exit(f"no corpus package under {args.modules}: npm install (see benchmarks/smartbugs/README.md)")
    rng = random.Random(args.seed)
    files = sorted(f for fs in sets.values() for f in fs)
    rng.shuffle(files)
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    by_form: Counter[tuple[str, int]] = Counter()
    form_total: Counter[tuple[str, int]] = Counter()
    sources: set[str] = set()
    times: list[float] = []
    errors = 0
    cases: list[Case] = []
    texts: list[tuple[Path, str]] = []
    for path in files:
        if len(sources) >= args.files:
            break
        mutants = mutate(path, rng)
        if not mutants:
            continue
        sources.add(str(path))
        try:
            cases.append(Case(str(path), "", "", (0, 0), scan_source(path.read_text(), str(path))))
        except Exception:  # noqa: BLE001 - a source the parser refuses adds no clean negatives
            pass
        for i, m in enumerate(mutants):
            form = i % 3
            total[m.bug] += 1
            form_total[(m.bug, form)] += 1
            start = time.perf_counter()
            try:  # scanned under its source's path, so its imports resolve as the original's do
                findings = scan_source(m.text, str(path))
            except Exception:  # noqa: BLE001 - a mutant the parser refuses counts as missed
                errors += 1
                findings = []
            times.append(time.perf_counter() - start)
            lo, hi = m.lines
            cases.append(Case(str(path), m.bug, m.category, m.lines, findings))
            texts.append((path, m.text))
            if any(f.category == m.category and lo <= f.line <= hi for f in findings):
                found[m.bug] += 1
                by_form[(m.bug, form)] += 1
    rows = [
        {
            "class": bug,
            "mutants": total[bug],
            "rules found": found[bug],
            "recall": f"{found[bug] / total[bug]:.1%}" if total[bug] else "-",
            "by form": " / ".join(f"{by_form[(bug, k)]}/{form_total[(bug, k)]}" for k in range(3)),
        }
        for bug in CLASSES
    ]
    n, k = sum(total.values()), sum(found.values())
    rows.append({"class": "all", "mutants": n, "rules found": k, "recall": f"{k / max(1, n):.1%}", "by form": ""})
    extra: dict = {}
    if args.model:
        extra = _model(cases, rows, args.save_weights)
    side = _slither(cases, texts, args.modules, args.slither) if args.slither else "not run (pass --slither N)"
    if isinstance(side, dict):
        print(f"Slither side by side on {side['mutants']} sampled mutants: {side}")
    report(
        args.name,
        rows,
        {
            "source_files": len(sources),
            "mutant_parse_errors": errors,
            "median_s_per_mutant": statistics.median(times) if times else None,
            "model": extra or "not run (pass --model)",
            "slither": side,
        },
    )


def _model(cases: list[Case], rows: list[dict], save: bool) -> dict:
    """Held-out (split by source) figures for rules / default view / rules + model, then the model fitted
    on all sources applied to SmartBugs; ships the weights only when asked and when it beats the rules."""
    ev = evaluate(cases)
    for row in rows:
        bug = row["class"]
        for name, r in ev.items():
            got = sum(r["found"].values()) if bug == "all" else r["found"][bug]
            of = sum(r["mutants"].values()) if bug == "all" else r["mutants"][bug]
            row[f"{name} (held-out)"] = f"{got}/{of}"
    for name, r in ev.items():
        rows.append(
            {
                "class": f"[{name}] held-out",
                "mutants": sum(r["mutants"].values()),
                "rules found": sum(r["found"].values()),
                "recall": f"{r['mutant_recall']:.1%}",
                "by form": f"off-target/mutant {r['mutant_off'] / max(1, sum(r['mutants'].values())):.2f};"
                f" clean findings/file {r['clean_findings'] / max(1, r['clean_files']):.2f};"
                f" finding precision {r['precision']:.3f} F1 {r['f1']:.3f}",
            }
        )
    cols = list(dict.fromkeys(k for row in rows for k in row))
    for row in rows:
        for k in cols:
            row.setdefault(k, "")
    rules, model = ev["rules"], ev["rules + model"]
    beats = model["f1"] > rules["f1"] and model["mutant_recall"] >= rules["mutant_recall"] - 0.02
    ranker, cut = fit_all(cases)
    ood = _smartbugs(ranker, cut)
    if save and beats:
        ranker.save()
    return {
        "held_out": {
            n: {k: v for k, v in r.items() if k not in ("mutants", "found")}
            | {"recall_by_class": {b: f"{r['found'][b]}/{r['mutants'][b]}" for b in r["mutants"]}}
            for n, r in ev.items()
        },
        "rule": "ship iff held-out finding F1 beats the rules' and mutant recall drops at most 2 points",
        "beats_rules": beats,
        "shipped": bool(save and beats),
        "threshold_fitted_on_all_sources": cut,
        "smartbugs_out_of_distribution": ood,
    }


def _slither(cases: list[Case], texts: list[tuple[Path, str]], modules: Path, n: int) -> dict | str:
    """Slither and the rules on the same `n` mutants (a fixed-seed sample, every class): each mutant is
    written over its source in a temporary copy of its package, so its imports resolve."""
    import shutil
    import tempfile

    sys.path.insert(0, str(REPO))
    from bench_scan_corpus import CORPUS
    from benchmarks.smartbugs import slither_runner

    if not slither_runner.available():
        return "not installed (benchmarks/smartbugs/.venv-slither missing)"
    idx = [i for i, c in enumerate(cases) if c.bug]
    picked = sorted(random.Random(7).sample(idx, min(n, len(idx))))
    text_of = dict(zip(idx, texts, strict=True))
    roots = [(modules / sub).resolve() for sub in CORPUS.values()]
    hit: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    failed, secs = 0, []
    with tempfile.TemporaryDirectory() as tmp:
        for i in picked:
            c, (path, text) = cases[i], text_of[i]
            root = next(r for r in roots if path.resolve().is_relative_to(r))
            copy = Path(tmp) / str(abs(hash(root)))
            if not copy.exists():
                shutil.copytree(root, copy)
            target = copy / path.resolve().relative_to(root)
            original = target.read_text()
            target.write_text(text)
            r = slither_runner.run(target, root=copy)
            target.write_text(original)
            secs.append(r.seconds)
            seen[c.bug] += 1
            failed += int(bool(r.error))
            lo, hi = c.lines
            hit[c.bug] += int(any(cat == c.category and any(lo <= ln <= hi for ln in ls) for cat, _, ls in r.findings))
            ours[c.bug] += int(any(c.positive(f) for f in c.findings))
    return {
        "mutants": len(picked),
        "slither_failed": failed,
        "by_class": {b: {"rules": f"{ours[b]}/{seen[b]}", "slither": f"{hit[b]}/{seen[b]}"} for b in seen},
        "rules_found": sum(ours.values()),
        "slither_found": sum(hit.values()),
        "slither_median_s": statistics.median(secs) if secs else None,
    }


def _smartbugs(ranker, cut: float) -> dict:  # type: ignore[no-untyped-def]
    """The mutation-trained model on SmartBugs-curated (never trained on it): ICSE-69 figures."""
    import tempfile

    sys.path.insert(0, str(REPO))
    from bench_scan_smartbugs import evaluate as sb_evaluate
    from bench_scan_smartbugs import ours
    from benchmarks.smartbugs.data import DATA, blank_copy, icse_files, load_vulns

    if not (DATA / "vulnerabilities.json").exists():
        return {"skipped": f"no SmartBugs data at {DATA}"}
    vulns, icse = load_vulns(), set(icse_files())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = blank_copy(DATA, root)
        every = ours(files, root, rank=False, vulns=vulns)
        kept = [f for f, p in zip(every["raw"], ranker.predict_proba(every["raw"]), strict=True) if p >= cut]
        every["result"].findings = kept
        cut_tool = ours(files, root, rank=False, vulns=vulns, result=every["result"])
        out = {}
        for name, tool in (("rules", every), ("rules + mutation model", cut_tool)):
            e = sb_evaluate(tool, vulns, icse)
            out[name] = {
                "icse_entries": f"{e['icse_entries'][0]}/{e['icse_entries'][1]}",
                "icse_off_per_contract": round(e["icse_off_per_contract"], 2),
                "all_lines": f"{e['all']['found']}/{e['all']['total']}",
            }
    return out


if __name__ == "__main__":
    main()
