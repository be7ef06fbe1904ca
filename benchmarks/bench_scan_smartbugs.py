"""SmartBugs-curated: our scanner next to Slither on the same comment-blanked contracts.

Figures: recall on the ICSE-2020 subset (69 contracts) next to the published table, per-category
recall on all 143 contracts, the false-alarm proxy (findings on no annotated line) and seconds per
contract. Every contract is copied with ALL comments blanked first (line numbers kept), so neither
tool can read the `// <yes> <report>` answers. Run: python benchmarks/bench_scan_smartbugs.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _report import report
from benchmarks.smartbugs import review, slither_runner
from benchmarks.smartbugs.data import (
    DATA,
    PUBLISHED_ICSE,
    blank_copy,
    icse_files,
    load_vulns,
    score,
)

from nexus.scan import CATEGORIES, DEFAULT_MIN_CONFIDENCE, confidence_rank, scan_paths


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.1f}%)" if b else "-"


def _quantiles(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return statistics.median(xs), xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def truth(vulns: list, root: Path):  # type: ignore[no-untyped-def]
    """Label function: 1 when a finding is on an annotated line of its own category."""
    exact = {(v.path, v.category, ln) for v in vulns for ln in v.lines}
    return lambda f: int(any((str(Path(f.file).relative_to(root)), f.category, ln) in exact for ln in f.lines()))


def ours(files: list[Path], root: Path, rank: bool, vulns: list, min_confidence: str = "low", result=None) -> dict:  # type: ignore[no-untyped-def]
    """Our scanner's findings in the bench's form: every finding (`min_confidence="low"`), the default
    view (`DEFAULT_MIN_CONFIDENCE`), or the ranker's cross-validated cut."""
    result = result if result is not None else scan_paths(files)
    findings = [f for f in result.findings if confidence_rank(f.confidence) >= confidence_rank(min_confidence)]
    if rank:  # scores from models that never saw the file; threshold fixed on the training folds
        from nexus.scan.ranker import cross_val_scores

        scored, keep = cross_val_scores(findings, truth(vulns, root))
        findings = [f for f, k in zip(scored, keep, strict=True) if k]
    # A finding matches on its line or one of its related lines (the same root cause's other locations),
    # as a Slither result matches on any line of its elements.
    cands = [(str(Path(f.file).relative_to(root)), f.category, f.lines()) for f in findings]
    rows = [(p, ln, c) for p, c, lines in cands for ln in lines]
    times = [result.seconds[str(f)] for f in files if str(f) in result.seconds]
    return {
        "findings": rows,
        "candidates": cands,
        "times": times,
        "severities": [f.severity for f in findings],
        "errors": [(e.file, e.error) for e in result.errors],
        "raw": findings,
        "result": result,
    }


def slither(files: list[Path], root: Path, jobs: int) -> dict:
    with ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(slither_runner.run, files))
    cands, errors, times = [], [], []
    for f, r in zip(files, results, strict=True):
        rel = str(f.relative_to(root))
        times.append(r.seconds)
        if r.error:
            errors.append((rel, r.error))
        cands += [(rel, cat, lines) for cat, _, lines in r.findings]
    rows = [(p, ln, c) for p, c, lines in cands for ln in lines]
    return {"findings": rows, "candidates": cands, "times": times, "errors": errors}


def evaluate(tool: dict, vulns: list, icse: set[str]) -> dict:
    annotated = {}
    for v in vulns:
        annotated.setdefault(v.path, set()).update(v.lines)
    s_all = score(vulns, tool["findings"])
    icse_vulns = [v for v in vulns if v.path in icse]
    s_icse = score(icse_vulns, tool["findings"])
    have = {(p, c, ln) for p, ln, c in tool["findings"]}
    entries_found = sum(1 for v in icse_vulns if any((v.path, v.category, ln) in have for ln in v.lines))
    false_alarms = sum(1 for p, _, lines in tool["candidates"] if not set(lines) & annotated.get(p, set()))
    icse_off = [
        (p, sev)
        for (p, _, lines), sev in zip(
            tool["candidates"], tool.get("severities", [None] * len(tool["candidates"])), strict=True
        )
        if p in icse and not set(lines) & annotated.get(p, set())
    ]
    icse_off_hm = sum(1 for _, sev in icse_off if sev in ("high", "medium"))
    # Our off-annotation ICSE findings against the hand review (benchmarks/smartbugs/icse_review.json).
    reviewed = None
    if "raw" in tool:
        off_raw = [
            (p, f.detector, f.line, f.evidence)
            for (p, _, lines), f in zip(tool["candidates"], tool["raw"], strict=True)
            if p in icse and not set(lines) & annotated.get(p, set())
        ]
        reviewed = review.Review(review.load_review()).tally(off_raw)
    # The tuning set: the SmartBugs files outside ICSE-69, on which rules and the confidence cut are decided.
    tuning = {v.path for v in vulns} - icse
    tune_vulns = [v for v in vulns if v.path not in icse]
    tune_found = sum(1 for v in tune_vulns if any((v.path, v.category, ln) in have for ln in v.lines))
    tune_off = sum(
        1 for p, _, lines in tool["candidates"] if p not in icse and not set(lines) & annotated.get(p, set())
    )
    med, p95 = _quantiles(tool["times"]) if tool["times"] else (0.0, 0.0)
    return {
        "all": s_all,
        "icse_lines": s_icse,
        "icse_entries": (entries_found, len(icse_vulns)),
        "false_alarms": false_alarms,
        "reported": len(tool["candidates"]),
        "icse_off_per_contract": len(icse_off) / max(1, len(icse)),
        "icse_off_hm_per_contract": icse_off_hm / max(1, len(icse)) if "severities" in tool else None,
        "icse_off_review": reviewed,
        "icse_false_alarms_per_contract": None
        if reviewed is None
        else review.false_alarms_per_contract(reviewed, len(icse)),
        "tuning_entries": (tune_found, len(tune_vulns)),
        "tuning_off_per_contract": tune_off / max(1, len(tuning)),
        "median_s": med,
        "p95_s": p95,
        "errors": len(tool["errors"]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-slither", action="store_true", help="Only our scanner.")
    ap.add_argument("--rank", action="store_true", help="Also report the ranker's cross-validated cut.")
    ap.add_argument("--jobs", type=int, default=2, help="Parallel Slither runs.")
    ap.add_argument("--name", default="scan_smartbugs", help="Results file name under benchmarks/results.")
    args = ap.parse_args()
    if not (DATA / "vulnerabilities.json").exists():
        sys.exit(f"SmartBugs data not found at {DATA}")
    vulns, icse = load_vulns(), set(icse_files())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = blank_copy(DATA, root)  # every comment blanked before either tool sees the text
        tools = {"nexus-scan": ours(files, root, rank=False, vulns=vulns)}
        scanned = tools["nexus-scan"]["result"]
        tools[f"nexus-scan default (conf>={DEFAULT_MIN_CONFIDENCE})"] = ours(
            files, root, rank=False, vulns=vulns, min_confidence=DEFAULT_MIN_CONFIDENCE, result=scanned
        )
        slither_note = "not run (--no-slither)" if args.no_slither else "ran"
        if args.rank:
            tools["nexus-scan+ranker"] = ours(files, root, rank=True, vulns=vulns, result=scanned)
        if not args.no_slither:
            if slither_runner.available():
                tools["slither"] = slither(files, root, args.jobs)
            else:
                slither_note = "not installed (benchmarks/smartbugs/.venv-slither missing): run as --no-slither"
                print(f"slither {slither_note}; see benchmarks/smartbugs/README.md", file=sys.stderr)
        ev = {name: evaluate(t, vulns, icse) for name, t in tools.items()}
        errors = {name: t["errors"] for name, t in tools.items()}
    names = list(ev)
    rows = []

    def row(metric: str, get) -> None:  # type: ignore[no-untyped-def]
        rows.append({"metric": metric, **{n: get(ev[n]) for n in names}})

    row("ICSE-69 vulnerabilities found (entries)", lambda e: _pct(*e["icse_entries"]))
    row("ICSE-69 annotated lines found", lambda e: _pct(e["icse_lines"]["found"], e["icse_lines"]["total"]))
    row("all 143: annotated lines found", lambda e: _pct(e["all"]["found"], e["all"]["total"]))
    for cat in CATEGORIES:
        row(f"  {cat}", lambda e, c=cat: _pct(*e["all"]["by_category"].get(c, (0, 0))))
    row("findings reported", lambda e: e["reported"])
    row("false-alarm proxy (on no annotated line)", lambda e: e["false_alarms"])
    row("ICSE-69 off-annotation findings / contract", lambda e: f"{e['icse_off_per_contract']:.2f}")
    row(
        "  of them high or medium",
        lambda e: "-" if e["icse_off_hm_per_contract"] is None else f"{e['icse_off_hm_per_contract']:.2f}",
    )
    row(
        "ICSE-69 off-annotation, reviewed true / false / unreviewed",
        lambda e: (
            "-" if e["icse_off_review"] is None else "{true} / {false} / {unreviewed}".format(**e["icse_off_review"])
        ),
    )
    row(
        "ICSE-69 off-annotation FALSE alarms / contract (reviewed)",
        lambda e: "-" if e["icse_false_alarms_per_contract"] is None else f"{e['icse_false_alarms_per_contract']:.2f}",
    )
    row("non-ICSE (tuning set) vulnerabilities found", lambda e: _pct(*e["tuning_entries"]))
    row("non-ICSE (tuning set) off-annotation findings / contract", lambda e: f"{e['tuning_off_per_contract']:.2f}")
    row("median s / contract", lambda e: f"{e['median_s']:.3f}")
    row("p95 s / contract", lambda e: f"{e['p95_s']:.3f}")
    row("files with errors", lambda e: e["errors"])
    if "slither" in ev:
        o, s = ev["nexus-scan"], ev["slither"]
        rows.append(
            {
                "metric": "ratio ours/slither: ICSE entries found",
                "nexus-scan": f"{o['icse_entries'][0] / max(1, s['icse_entries'][0]):.2f}x",
                **{n: "" for n in names[1:]},
            }
        )
        rows.append(
            {
                "metric": "ratio ours/slither: median time",
                "nexus-scan": f"{o['median_s'] / max(1e-9, s['median_s']):.3f}x",
                **{n: "" for n in names[1:]},
            }
        )
    published = {k: f"{100 * v:.0f}%" for k, v in PUBLISHED_ICSE.items()}
    print("published ICSE 2020 recall (115 vulnerabilities):", ", ".join(f"{k} {v}" for k, v in published.items()))
    summary = {
        n: {
            k: (v if k not in ("all", "icse_lines") else {kk: vv for kk, vv in v.items() if kk != "found_keys"})
            for k, v in e.items()
        }
        for n, e in ev.items()
    }
    report(
        args.name,
        rows,
        {
            "summary": summary,
            "published_icse_recall": PUBLISHED_ICSE,
            "file_errors": errors,
            "slither": slither_note,
            "notes": "comments blanked before analysis; a vulnerability is found when a"
            " finding of its category is on one of its annotated lines",
        },
    )


if __name__ == "__main__":
    main()
