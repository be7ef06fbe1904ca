"""Fairness figures on the real UCI data: accuracy and parity gaps before/after ThresholdOptimizer.

For Adult (protected: sex, race) and German credit (sex, age <=25 / >25), per seed: the reference
model (one-hot + logistic regression, `nexus.fairness.baseline`) is trained on half the rows; the
other half goes to `nexus.fairness.audit(..., mitigate=True)`, which fits ThresholdOptimizer
(demographic-parity or equalised-odds constraint) over the prefit model on half of it and scores both on the held-out
rest (25 % of the data). Mean and standard deviation over seeds. Also German ROC-AUC of the same
model under stratified 5-fold cross-validation (literature: 0.78-0.80).

    python benchmarks/bench_fairness.py [--seeds 5] [--constraints demographic_parity,equalized_odds]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nexus.fairness import audit, load_data  # noqa: E402
from nexus.fairness.baseline import baseline_model  # noqa: E402

CASES = {"adult": ("adult.data", ["sex", "race"], []), "german": ("german.data", ["sex", "age_group"], ["age_group"])}


def _ms(values: list[float]) -> str:
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.fmean(values):.3f} ± {sd:.3f}"


def run_case(folder: Path, name: str, seeds: int, constraint: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    from sklearn.model_selection import train_test_split

    file, protected, drop = CASES[name]
    ds = load_data(folder / file)
    got: dict[str, dict[str, list[float]]] = {c: {} for c in protected}
    for seed in range(seeds):
        X_tr, X_au, y_tr, y_au = train_test_split(ds.X, ds.y, test_size=0.5, random_state=seed, stratify=ds.y)
        model = baseline_model(X_tr, drop=drop).fit(X_tr, y_tr)
        rep = audit(model, X_au, y_au, protected, mitigate=True, test_size=0.5, seed=seed, constraint=constraint)
        for col in protected:
            a, m = rep.attributes[col], rep.attributes[col]["mitigated"]
            for key, val in (
                ("acc_before", rep.data["overall"]["accuracy"]),
                ("acc_after", m["accuracy"]),
                ("dp_before", a["demographic_parity_difference"]),
                ("dp_after", m["demographic_parity_difference"]),
                ("eo_before", a["equalized_odds_difference"]),
                ("eo_after", m["equalized_odds_difference"]),
            ):
                got[col].setdefault(key, []).append(float(val))
    rows = [
        {
            "data": name,
            "protected": col,
            "constraint": constraint,
            "rows_eval": rep.data["rows"],
            **{k: _ms(v) for k, v in vals.items()},
        }
        for col, vals in got.items()
    ]
    return rows, {
        f"{name}/{col}/{constraint}": {k: {"mean": statistics.fmean(v), "values": v} for k, v in vals.items()}
        for col, vals in got.items()
    }


def german_auc(folder: Path) -> dict[str, Any]:
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    ds = load_data(folder / "german.data")
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    scores = cross_val_score(baseline_model(ds.X, drop=["age_group"], C=0.3), ds.X, ds.y, cv=cv, scoring="roc_auc")
    return {
        "model": "one-hot + logistic regression (C=0.3)",
        "folds": [round(float(s), 4) for s in scores],
        "mean": round(float(scores.mean()), 4),
        "std": round(float(scores.std()), 4),
        "literature": "0.78-0.80",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--constraints", default="demographic_parity,equalized_odds")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "credit-fairness")
    args = ap.parse_args()
    folder = args.data if (args.data / "adult.data").is_file() else Path("/work/shared/data/credit-fairness")
    rows: list[dict[str, Any]] = []
    figures: dict[str, Any] = {}
    for constraint in args.constraints.split(","):
        for name in CASES:
            r, f = run_case(folder, name, args.seeds, constraint)
            rows += r
            figures.update(f)
    auc = german_auc(folder)
    print(f"German ROC-AUC, stratified 5-fold CV: {auc['mean']:.3f} ± {auc['std']:.3f} (literature 0.78-0.80)\n")
    report(
        "fairness",
        rows,
        {
            "seeds": args.seeds,
            "mitigation": "ThresholdOptimizer(constraint)",
            "split": "model 50 % / optimizer 25 % / held-out eval 25 %, stratified",
            "figures": figures,
            "german_roc_auc_5fold": auc,
        },
    )


if __name__ == "__main__":
    main()
