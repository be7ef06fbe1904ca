"""Injected-bug set from the clean npm corpus: rules' recall by class, on mutants of audited contracts.

Every mutant is one corpus file with one bug injected (benchmarks/scan_mutation.py: 11 classes, 3 forms,
fresh identifiers; the pre-0.8 sources, Uniswap v2/v3-core's, get the classes written for their compiler).
A mutant is found when a finding of the class's category lies on the injected lines. `--old N` makes N of
the sampled sources pre-0.8 ones (there are ~25 in the corpus, so a plain sample would hold ~3).
`--model` also trains the learned re-scorer of issue #15 (benchmarks/scan_model.py) on the mutants and
the clean sources and scores it with 5 folds split by source file (a contract and its mutants never on
both sides), next to the rules alone and the default confidence view; then, fitted on every source, on
SmartBugs-curated as an out-of-distribution test. `--save-weights` ships it as the bundled ranker. Run:
python benchmarks/bench_scan_mutants.py [--modules DIR] [--files N] [--old N] [--seed S] [--model [--save-weights]]
[--slither N|all [--jobs J]] (Slither on N mutants stratified by class, equal numbers per class; cached).
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
    ap.add_argument("--old", type=int, default=20, help="Of --files, this many pre-0.8 sources (when there are).")
    ap.add_argument(
        "--slither", default="0", help="Also run Slither on this many mutants (stratified by class) or all."
    )
    ap.add_argument("--jobs", type=int, default=1, help="Slither processes at once.")
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
    picked: list[tuple[Path, list]] = []
    n_old = 0
    for path in files:
        if len(picked) >= args.files:
            break
        mutants = mutate(path, rng)
        old = any(m.bug == "arithmetic-pre08" for m in mutants)
        if not mutants or (not old and len(picked) - n_old >= args.files - args.old):
            continue
        n_old += old
        picked.append((path, mutants))
    for path, mutants in picked:
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
    n_sl = len(texts) if args.slither == "all" else int(args.slither)
    side = _slither(cases, texts, args.modules, n_sl, args.jobs) if n_sl else "not run (pass --slither N|all)"
    if isinstance(side, dict):
        print(f"Slither side by side on {side['mutants']} sampled mutants: {side}")
    report(
        args.name,
        rows,
        {
            "source_files": len(sources),
            "pre_08_source_files": n_old,
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


def _slither(cases: list[Case], texts: list[tuple[Path, str]], modules: Path, n: int, jobs: int = 1) -> dict | str:
    """Slither and the rules on the same `n` mutants (a fixed-seed sample with equal numbers per class):
    each mutant is written over its source in a temporary copy of its package (one copy per worker), so
    its imports resolve. Exact `=0.5.16` pins (Uniswap v2) are relaxed to `^0.5.16` in the copy: the
    solc-js compilers pinned for Slither include 0.5.17, not 0.5.16."""
    import tempfile
    import threading
    from concurrent.futures import ThreadPoolExecutor

    sys.path.insert(0, str(REPO))
    from bench_scan_corpus import CORPUS
    from benchmarks.smartbugs import slither_runner

    if not slither_runner.available():
        return "not installed (benchmarks/smartbugs/.venv-slither missing)"
    idx = [i for i, c in enumerate(cases) if c.bug]
    text_of = dict(zip(idx, texts, strict=True))
    by_bug: dict[str, list[int]] = {}
    for i in idx:
        by_bug.setdefault(cases[i].bug, []).append(i)
    sampler = random.Random(7)
    per = max(1, n // max(1, len(by_bug)))
    picked = sorted(
        j for ids in by_bug.values() for j in (ids if n >= len(idx) else sampler.sample(ids, min(per, len(ids))))
    )
    roots = [(modules / sub).resolve() for sub in CORPUS.values()]
    local = threading.local()
    done = [0]

    def one(i: int) -> tuple[int, slither_runner.SlitherResult]:
        path, text = text_of[i]
        root = next(r for r in roots if path.resolve().is_relative_to(r))
        copies = getattr(local, "copies", None)
        if copies is None:
            copies = local.copies = {"dir": Path(tempfile.mkdtemp(dir=tmp))}
        copy = copies["dir"] / str(abs(hash(root)))
        if not copy.exists():
            slither_runner.relaxed_copy(root, copy)
        target = copy / path.resolve().relative_to(root)
        original = target.read_text()
        target.write_text(slither_runner.relax(text))
        try:
            r = slither_runner.cached_run(target, root=copy)
        finally:
            target.write_text(original)
        done[0] += 1
        if done[0] % 25 == 0:
            print(f"slither: {done[0]}/{len(picked)}", file=sys.stderr, flush=True)
        return i, r

    hit: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    fails: Counter[str] = Counter()
    secs = []
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = list(pool.map(one, picked))
    for i, r in results:
        c = cases[i]
        secs.append(r.seconds)
        seen[c.bug] += 1
        fails[c.bug] += int(bool(r.error))
        lo, hi = c.lines
        hit[c.bug] += int(any(cat == c.category and any(lo <= ln <= hi for ln in ls) for cat, _, ls in r.findings))
        ours[c.bug] += int(any(c.positive(f) for f in c.findings))
    return {
        "mutants": len(picked),
        "slither_failed": sum(fails.values()),
        "by_class": {
            b: {"rules": f"{ours[b]}/{seen[b]}", "slither": f"{hit[b]}/{seen[b]}", "slither_failed": fails[b]}
            for b in seen
        },
        "rules_found": sum(ours.values()),
        "slither_found": sum(hit.values()),
        "slither_median_s": statistics.median(secs) if secs else None,
        "slither_errors": sorted({r.error for _, r in results if r.error})[:5],
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
