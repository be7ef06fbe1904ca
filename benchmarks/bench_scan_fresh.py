"""Independent recall set: does the scanner find bugs written by someone blind to its rules (issue #15)?

benchmarks/scan_fresh/_cases/ holds small product-shaped contracts (vault, staking, auction, bridge, ERC-4626, ...),
each with ONE injected bug and the edits that make its fixed twin; build_fresh.py writes both files and a manifest
(class, the detector ids that would be right, the bug's line range and function) into a temporary folder for each
run (`--out DIR` keeps them). A vulnerable file counts as found when a right detector
reports within +-3 lines of that range or in that function: at any confidence ("all") and in the default view
(confidence medium or high). Findings on the fixed twins measure false alarms. Every miss is listed with
what was reported instead. Run: python benchmarks/bench_scan_fresh.py  (writes results/scan_fresh.json);
`--set 2` scores the second blind set (_cases2/, written after set 1 had become tuning material; scan_fresh2.json),
`--set 3` the third (_cases3/, written after set 2 had; scan_fresh3.json),
`--set 4` the fourth (_cases4/, written after set 3 had; scan_fresh4.json),
`--set 5` the fifth (_cases5/, written after set 4 had; scan_fresh5.json),
`--set 6` the sixth (_cases6/, written after set 5 had; scan_fresh6.json),
`--set 7` the seventh (_cases7/, written after set 6 had; scan_fresh7.json)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "scan_fresh"))

import build_fresh
from _report import report

from nexus.scan import scan_paths

DEFAULT = ("medium", "high")
SLACK = 3


def load_manifest(root: Path) -> dict[str, dict[str, Any]]:
    """The manifest: vulnerable file name -> class, detectors, lines [lo, hi], function, version, fixed twin."""
    return json.loads((root / "manifest.json").read_text())


def hits(findings: list[Any], entry: dict[str, Any]) -> list[Any]:
    """The findings that count as finding `entry`'s bug: a right detector near its lines or in its function."""
    lo, hi = entry["lines"]
    return [
        f
        for f in findings
        if f.detector in entry["detectors"] and (lo - SLACK <= f.line <= hi + SLACK or f.function == entry["function"])
    ]


def _brief(f: Any) -> str:
    return f"{f.detector}@{f.line}({f.severity}/{f.confidence})"


def evaluate(root: Path) -> dict[str, Any]:
    """Scan the set built under `root`; per-file verdicts and per-class rows."""
    manifest = load_manifest(root)
    files = [root / n for n in manifest] + [root / e["fixed"] for e in manifest.values()]
    result = scan_paths(files)
    by_file: dict[str, list[Any]] = defaultdict(list)
    for f in result.findings:
        by_file[Path(f.file).name].append(f)
    errors = {Path(str(e[0] if isinstance(e, tuple) else getattr(e, "file", e))).name: str(e) for e in result.errors}
    verdicts = []
    for name, e in manifest.items():
        found = hits(by_file[name], e)
        twin = by_file[e["fixed"]]
        verdicts.append(
            {
                "file": name,
                "class": e["class"],
                "version": e["version"],
                "found_all": bool(found),
                "found_default": any(f.confidence in DEFAULT for f in found),
                "hit": [_brief(f) for f in found],
                "reported": [_brief(f) for f in sorted(by_file[name], key=lambda f: f.line)],
                "other_default": [_brief(f) for f in by_file[name] if f.confidence in DEFAULT and f not in found],
                "fixed": e["fixed"],
                "fixed_reported": [_brief(f) for f in sorted(twin, key=lambda f: f.line)],
                "fixed_hm": [_brief(f) for f in twin if f.severity in ("high", "medium")],
                "fixed_default": [_brief(f) for f in twin if f.confidence in DEFAULT],
                "fixed_right_detector": [_brief(f) for f in hits(twin, e)],
                "error": errors.get(name) or errors.get(e["fixed"]),
            }
        )
    classes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for v in verdicts:
        classes[v["class"]].append(v)
    rows = [_row(c, vs) for c, vs in sorted(classes.items())] + [_row("all", verdicts)]
    secs = list(result.seconds.values())
    return {
        "rows": rows,
        "verdicts": verdicts,
        "errors": errors,
        "median_s_per_file": statistics.median(secs) if secs else None,
        "mean_s_per_file": statistics.fmean(secs) if secs else None,
        "files_scanned": len(files),
    }


def _row(cls: str, vs: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(vs)
    return {
        "class": cls,
        "vulnerable": n,
        "found (all conf)": f"{sum(v['found_all'] for v in vs)}/{n}",
        "found (default)": f"{sum(v['found_default'] for v in vs)}/{n}",
        "other default on vulnerable": sum(len(v["other_default"]) for v in vs),
        "twins w/ high+med sev": sum(bool(v["fixed_hm"]) for v in vs),
        "twin findings default": sum(len(v["fixed_default"]) for v in vs),
        "twin same-bug (all conf)": sum(bool(v["fixed_right_detector"]) for v in vs),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="Write the contracts and manifest here (kept) instead of a temp folder.")
    ap.add_argument(
        "--set",
        type=int,
        choices=(1, 2, 3, 4, 5, 6, 7),
        default=1,
        help="1: _cases/, 2: _cases2/, 3: _cases3/, 4: _cases4/, 5: _cases5/, 6: _cases6/, 7: _cases7/.",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.out or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        build_fresh.build(root, args.set)
        out = evaluate(root)
    for v in out["verdicts"]:
        if not v["found_default"]:
            tag = "MISS(low only)" if v["found_all"] else "MISS"
            print(f"  {tag:14} {v['file']:34} {v['class']:28} reported: {', '.join(v['reported']) or '-'}")
    for v in out["verdicts"]:
        if v["fixed_default"] or v["fixed_hm"]:
            shown = sorted(set(v["fixed_default"]) | set(v["fixed_hm"]))
            print(f"  TWIN           {v['fixed']:34} {', '.join(shown)}")
    print(f"median {out['median_s_per_file']:.4f} s/file over {out['files_scanned']} files")
    report(
        "scan_fresh" if args.set == 1 else f"scan_fresh{args.set}",
        out["rows"],
        {
            "verdicts": out["verdicts"],
            "errors": out["errors"],
            "median_s_per_file": out["median_s_per_file"],
            "mean_s_per_file": out["mean_s_per_file"],
            "notes": "found = a manifest detector within +-3 lines of the bug or in its function; default = "
            "confidence medium/high; other default on vulnerable = default-view findings that are not the bug; "
            "twin columns: fixed twins with a high/medium-severity finding (any confidence), "
            "findings on twins in the default view, twins where a right detector still fires on the repaired spot",
        },
    )


if __name__ == "__main__":
    main()
