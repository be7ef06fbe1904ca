"""Reproduce the fraud model shipped in src/nexus/guard/models/fraud_model.json.

Grouped stratified 5-fold CV picks the boosted-tree config (ROC-AUC on out-of-fold scores), the
two operating points are set on those out-of-fold scores (precision >= 0.99 for "act", recall >=
0.98 for "investigate"), then the model is fit on every row and exported to JSON. Deterministic
for a given seed and scikit-learn version. Same as `nexus guard train --out ...`.

Usage: python benchmarks/train_fraud_model.py [--data CSV] [--out PATH] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from nexus.guard.fraud.model import default_model_path
from nexus.guard.fraud.train import train_model

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "eth-fraud" / "accounts.csv")
    ap.add_argument("--out", type=Path, default=default_model_path())
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    report = train_model(args.data, args.out, seed=args.seed)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
