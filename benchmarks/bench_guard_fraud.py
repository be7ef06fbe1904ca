"""Fraud model benchmark: nested, grouped, stratified 5-fold CV on eth-fraud/accounts.csv.

In each outer fold the boosted-tree config and both operating points are chosen on the training
part only (inner 3-fold CV); ROC-AUC, PR-AUC, recall at 1% FPR and the precision/recall of the two
operating points are measured on the held-out part. Duplicate feature rows share a group so they
never straddle a split. Usage: python benchmarks/bench_guard_fraud.py [--data CSV]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _report import report

from nexus.guard.fraud import read_accounts
from nexus.guard.fraud.train import CONFIGS, TARGET_PRECISION, TARGET_RECALL, cross_validate

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "eth-fraud" / "accounts.csv"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    t0 = time.time()
    X, y = read_accounts(args.data, need_label=True)
    assert y is not None
    res = cross_validate(X, y, folds=5, inner=3, seed=args.seed)
    rows = [
        {
            "fold": r["fold"],
            "config": r["config"],
            **{k: round(v, 4) for k, v in r.items() if k not in ("fold", "config")},
        }
        for r in res["folds"]
    ]
    rows.append({"fold": "mean", "config": "-", **{k: round(v, 4) for k, v in res["mean"].items()}})
    rows.append({"fold": "std", "config": "-", **{k: round(v, 4) for k, v in res["std"].items()}})
    report(
        "guard_fraud_cv",
        rows,
        {
            "data": str(args.data),
            "rows_total": res["n"],
            "positives": res["positives"],
            "configs": list(CONFIGS),
            "targets": {"precision": TARGET_PRECISION, "recall": TARGET_RECALL},
            "seconds": round(time.time() - t0, 1),
            "protocol": "nested: outer StratifiedGroupKFold(5),"
            " inner StratifiedGroupKFold(3) for config and thresholds",
        },
    )


if __name__ == "__main__":
    main()
