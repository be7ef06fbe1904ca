"""Clean real-world corpus: findings per contract on audited code (OpenZeppelin 5.x/4.x, solmate, Uniswap v2/v3).

The packages are the repo's pinned npm devDependencies (package.json). Findings there are almost all false
alarms, so high/medium findings per contract is a precision figure. Every high/medium finding is listed (the
README reviews each one). Run: python benchmarks/bench_scan_corpus.py [--modules DIR] [--slither N]
(`npm install --prefix DIR` of the same pins works when the repo's node_modules lacks them). `--slither N`
runs Slither (benchmarks/smartbugs/slither_runner.py, its own venv) in the same run on N files drawn with
a fixed seed from the whole corpus (`--slither all`: every file), and our scanner on the same files, for a
side-by-side high+medium per file (overall and by package). Slither's results are cached on disk
(slither_runner.cached_run), `--jobs` runs that many Slither processes at once. `--tier NAME` (round12,
heldout, round13, round14, round16, round17, round17h, round18h, round19h, round20h, round21h) scans instead the
wider audited packages of benchmarks/_npm_corpus.py (pinned tarballs fetched with `npm pack` on first use).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _npm_corpus
from _report import report

from nexus.scan import scan_paths

REPO = Path(__file__).resolve().parents[1]
# package folder under node_modules -> the source folder scanned (tests and mocks are not shipped or skipped)
CORPUS = {
    "OpenZeppelin 5.4.0": "@openzeppelin/contracts",
    "OpenZeppelin 4.9.6": "@openzeppelin/contracts-4",
    "solmate 6.8.0": "solmate/src",
    "Uniswap v2-core 1.0.1": "@uniswap/v2-core/contracts",
    "Uniswap v3-core 1.0.1": "@uniswap/v3-core/contracts",
}
_SKIP = ("/mocks/", "/test/", "/tests/")


def corpus_files(modules: Path) -> dict[str, list[Path]]:
    """The .sol files of every corpus package found under `modules` (missing packages are absent)."""
    out = {}
    for name, sub in CORPUS.items():
        root = modules / sub
        if root.is_dir():
            out[name] = sorted(f for f in root.rglob("*.sol") if not any(s in f.as_posix() for s in _SKIP))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modules", type=Path, default=REPO / "node_modules", help="node_modules holding the pins.")
    ap.add_argument("--name", help="Results file name under benchmarks/results (default scan_corpus[_TIER]).")
    ap.add_argument("--slither", default="0", help="Also run Slither on this many sampled files, or `all`.")
    ap.add_argument("--jobs", type=int, default=1, help="Slither processes run at once.")
    ap.add_argument(
        "--tier",
        choices=_npm_corpus.TIERS,
        help="Scan this tier of the pinned npm tarballs (benchmarks/_npm_corpus.py) instead.",
    )
    args = ap.parse_args()
    if args.tier:
        return _npm_tier(args.tier, args.name or f"scan_corpus_{args.tier}")
    sets = corpus_files(args.modules)
    missing = [n for n in CORPUS if n not in sets]
    if missing:
        print(
            f"not installed under {args.modules} (skipped): {', '.join(missing)};"
            " `npm install` (or npm install --prefix DIR, then --modules DIR/node_modules)",
            file=sys.stderr,
        )
    if not sets:
        sys.exit("no corpus package found")
    rows, listed, times = _scan_sets(sets, {name: args.modules for name in sets})
    n_slither = sum(map(len, sets.values())) if args.slither == "all" else int(args.slither)
    side = _slither_side(sets, args.modules, n_slither, jobs=args.jobs) if n_slither else "not run (--slither N|all)"
    if isinstance(side, dict):
        print(f"side by side on {side['files']} sampled files: {side}")
    for x in listed:
        print(f"  {x['severity']:6} {x['detector']:18} {x['file']}:{x['line']}  {x['evidence']}")
    report(
        args.name or "scan_corpus",
        rows,
        {
            "high_medium_findings": listed,
            "missing_packages": missing,
            "slither_side_by_side": side,
            "p95_s": sorted(times)[round(0.95 * (len(times) - 1))],
            "notes": "per contract = per source file; mocks/tests excluded; the goal is <= 0.05"
            " high+medium findings per file",
        },
    )


def _scan_sets(sets: dict[str, list[Path]], base_of: dict[str, Path]) -> tuple[list[dict], list[dict], list[float]]:
    """Per-package rows (plus an `all` row), every high/medium finding, and the per-file seconds."""
    rows, listed, totals = [], [], Counter()
    times: list[float] = []
    for name, files in sets.items():
        result = scan_paths(files)
        hm = [f for f in result.findings if f.severity in ("high", "medium")]
        sev = Counter(f.severity for f in result.findings)
        secs = list(result.seconds.values())
        times += secs
        totals.update({"files": len(files), "hm": len(hm), "all": len(result.findings), "errors": len(result.errors)})
        rows.append(
            {
                "package": name,
                "files": len(files),
                "high": sev["high"],
                "medium": sev["medium"],
                "low+info": sev["low"] + sev["info"],
                "high+medium / file": f"{len(hm) / max(1, len(files)):.3f}",
                "all / file": f"{len(result.findings) / max(1, len(files)):.2f}",
                "errors": len(result.errors),
                "median s": f"{statistics.median(secs):.4f}" if secs else "",
            }
        )
        base = base_of[name].resolve()
        listed += [
            {
                "package": name,
                "file": str(Path(f.file).resolve().relative_to(base)),
                "line": f.line,
                "detector": f.detector,
                "severity": f.severity,
                "confidence": f.confidence,
                "evidence": f.evidence[:100],
            }
            for f in hm
        ]
    rows.append(
        {
            "package": "all",
            "files": totals["files"],
            "high": "",
            "medium": "",
            "low+info": "",
            "high+medium / file": f"{totals['hm'] / max(1, totals['files']):.3f}",
            "all / file": f"{totals['all'] / max(1, totals['files']):.2f}",
            "errors": totals["errors"],
            "median s": f"{statistics.median(times):.4f}" if times else "",
        }
    )
    return rows, listed, times


def _npm_tier(tier: str, name: str) -> None:
    """Scan one tier of the pinned npm tarballs (fetched on first use) and report it like the main corpus."""

    sets, base_of = {}, {}
    for pkg in (p for p in _npm_corpus.PACKAGES if p.tier == tier):
        root = _npm_corpus.fetch(pkg)
        sets[pkg.label], base_of[pkg.label] = _npm_corpus.sources(pkg, root), root
    rows, listed, times = _scan_sets(sets, base_of)
    for x in listed:
        print(f"  {x['severity']:6} {x['detector']:24} {x['package']}: {x['file']}:{x['line']}  {x['evidence']}")
    report(
        name,
        rows,
        {
            "high_medium_findings": listed,
            "packages": {p.label: p.spec for p in _npm_corpus.PACKAGES if p.tier == tier},
            "by_detector": Counter(x["detector"] for x in listed),
            "p95_s": sorted(times)[round(0.95 * (len(times) - 1))] if times else None,
            "notes": f"tier {tier} of benchmarks/_npm_corpus.py; per contract = per source file of the package's own"
            " source folder (vendored lib/, artefacts, mocks and tests excluded)",
        },
    )


def _slither_side(sets: dict[str, list[Path]], modules: Path, n: int, seed: int = 15, jobs: int = 1) -> dict | str:
    """Slither and our scanner on the same `n` sampled corpus files: high+medium findings per file."""
    from concurrent.futures import ThreadPoolExecutor

    sys.path.insert(0, str(REPO))
    from benchmarks.smartbugs import slither_runner

    if not slither_runner.available():
        return "not installed (benchmarks/smartbugs/.venv-slither missing)"
    root_of = {f: modules / CORPUS[name] for name, fs in sets.items() for f in fs}
    files = sorted(root_of)
    sample = files if n >= len(files) else random.Random(seed).sample(files, n)
    ours = scan_paths(sample)
    done = [0]

    def one(f: Path) -> slither_runner.SlitherResult:
        root = root_of[f].resolve()
        r = slither_runner.cached_run(copies[root] / f.resolve().relative_to(root), root=copies[root])
        done[0] += 1
        if done[0] % 25 == 0:
            print(f"slither: {done[0]}/{len(sample)}", file=sys.stderr, flush=True)
        return r

    # Slither reads a copy of each package in which unpinned exact pragmas (Uniswap v2's =0.5.16) are relaxed
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        roots = sorted({r.resolve() for r in root_of.values()})
        copies = {r: slither_runner.relaxed_copy(r, Path(tmp) / str(i)) for i, r in enumerate(roots)}
        results = list(pool.map(one, sample))
    ok = [r for r in results if not r.error]
    ours_ok = {f for f, r in zip(sample, results, strict=True) if not r.error}
    hm_ours = sum(1 for f in ours.findings if f.severity in ("high", "medium") and Path(f.file) in ours_ok)
    hm_slither = sum(1 for r in ok for _, imp in r.checks if imp in ("High", "Medium"))
    package_of = {f: name for name, fs in sets.items() for f in fs}
    by_package = {}
    for name in sets:
        mine = {f for f in ours_ok if package_of[f] == name}
        if not mine:
            continue
        a = sum(1 for f in ours.findings if f.severity in ("high", "medium") and Path(f.file) in mine)
        b = sum(
            1
            for f, r in zip(sample, results, strict=True)
            if f in mine
            for _, imp in r.checks
            if imp in ("High", "Medium")
        )
        by_package[name] = {"files": len(mine), "nexus_scan_hm": a, "slither_hm": b}
    return {
        "by_package": by_package,
        "files": len(sample),
        "slither_failed": len(results) - len(ok),
        "slither_errors": sorted({r.error for r in results if r.error})[:5],
        "compared_files": len(ok),
        "nexus_scan_high_medium_per_file": round(hm_ours / max(1, len(ok)), 3),
        "slither_high_medium_per_file": round(hm_slither / max(1, len(ok)), 3),
        "slither_median_s": statistics.median(r.seconds for r in results) if results else None,
        "slither_high_medium_checks": Counter(c for r in ok for c, imp in r.checks if imp in ("High", "Medium")),
    }


if __name__ == "__main__":
    main()
