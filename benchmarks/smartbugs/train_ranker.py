"""Fit the bundled ranker on all of SmartBugs-curated (comment-blanked) and write its weights.

The shipped weights are for use on other code; every figure about the ranker comes from the
benchmark's cross-validation (`bench_scan_smartbugs.py --rank`), never from these weights.
Run: python benchmarks/smartbugs/train_ranker.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_scan_smartbugs import truth
from benchmarks.smartbugs.data import DATA, blank_copy, load_vulns

from nexus.scan import scan_paths
from nexus.scan.ranker import WEIGHTS, FindingRanker


def main() -> None:
    vulns = load_vulns()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = blank_copy(DATA, root)
        findings = scan_paths(files).findings
        label = truth(vulns, root)
        labels = [label(f) for f in findings]
    FindingRanker().fit(findings, labels).save(WEIGHTS)
    print(f"fitted on {len(findings)} findings ({sum(labels)} true positives); wrote {WEIGHTS}")


if __name__ == "__main__":
    main()
