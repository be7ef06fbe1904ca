"""Injected-bug set from the clean npm corpus: rules' recall by class, on mutants of audited contracts.

Every mutant is one corpus file with one bug injected (benchmarks/scan_mutation.py: 6 classes, 3 forms,
fresh identifiers). A mutant is found when a finding of the class's category lies on the injected lines.
Results are grouped by source file, so a later learned model can be split by source contract. The
learned model of issue #15 is not built yet: only the rules are scored. Run:
python benchmarks/bench_scan_mutants.py [--modules DIR] [--files N] [--seed S]
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
from scan_mutation import CLASSES, mutate

from nexus.scan import scan_source

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modules", type=Path, default=REPO / "node_modules", help="node_modules holding the pins.")
    ap.add_argument("--files", type=int, default=60, help="Source files sampled from the corpus.")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--name", default="scan_mutants")
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
    for path in files:
        if len(sources) >= args.files:
            break
        mutants = mutate(path, rng)
        if not mutants:
            continue
        sources.add(str(path))
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
    report(
        args.name,
        rows,
        {
            "source_files": len(sources),
            "mutant_parse_errors": errors,
            "median_s_per_mutant": statistics.median(times) if times else None,
            "model": "not built (issue #15 item 4 open): rules only",
            "slither": "not run (no Slither venv on this machine)",
        },
    )


if __name__ == "__main__":
    main()
