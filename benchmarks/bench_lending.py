"""Credit-scored lending figures on real data.

German credit (1,000 applicants): 10-fold CV ROC-AUC, expected cost per applicant under the data set's
cost matrix (bad-as-good 5, good-as-bad 1) at the Bayes threshold P(bad) < 1/6, Brier and expected
calibration error, approval-rate parity gaps by sex and age <= 25. Ethereum accounts (eth-fraud,
7,857 rows): 5-fold CV ROC-AUC, PR-AUC, recall at 1% FPR of the account model that feeds the on-chain
score. Then a simulated year of 90-day loans (defaults drawn from the out-of-fold calibrated risk, ETH
on a 60%-vol path): scored pool vs a flat pool at the same capital efficiency and at equal loss rate.

    python benchmarks/bench_lending.py [--borrowers 2000] [--seeds 20]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nexus.lending.evaluate import evaluate_eth_fraud, evaluate_german, german_model, oof_predictions  # noqa: E402
from nexus.lending.german import load_german  # noqa: E402
from nexus.lending.simulate import compare_pools  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--borrowers", type=int, default=2000)
    ap.add_argument("--seeds", type=int, default=20)
    args = ap.parse_args()
    german = evaluate_german(DATA / "credit-fairness" / "german.data")
    eth = evaluate_eth_fraud(DATA / "eth-fraud" / "accounts.csv")
    data = load_german(DATA / "credit-fairness" / "german.data")
    p = oof_predictions(german_model, data.rows, data.bad)
    sim = compare_pools(p, n=args.borrowers, seeds=args.seeds)
    rows = [
        {
            "pool": name,
            "approved": f"{r['approved']:.0f}",
            "capital_efficiency": f"{r['capital_efficiency']:.4f}",
            "loss_rate": f"{100 * r['loss_rate']:.3f}%",
            "net_return_90d": f"{100 * r['net_return']:.3f}%",
            "defaults": f"{r['defaults']:.1f}",
            "liquidations": f"{r['liquidations']:.1f}",
            "mean_rate": f"{100 * r['mean_rate']:.2f}%",
        }
        for name, r in [
            ("scored", sim["scored"]),
            ("flat_same_efficiency", sim["flat_same_efficiency"]),
            (f"flat_equal_risk (cf {sim['flat_equal_risk']['cf']:.2f})", sim["flat_equal_risk"]),
        ]
    ]
    print({k: round(v, 4) if isinstance(v, float) else v for k, v in german.items()})
    print({k: round(v, 4) if isinstance(v, float) else v for k, v in eth.items()})
    report(
        "lending",
        rows,
        {
            "german": german,
            "eth_fraud": eth,
            "flat_curve": sim["flat_curve"],
            "borrowers": args.borrowers,
            "seeds": args.seeds,
        },
    )


if __name__ == "__main__":
    main()
