"""Honest evaluation of the score models: out-of-fold predictions from stratified k-fold CV.

German credit: ROC-AUC, expected cost per applicant under the data set's cost matrix at the Bayes
threshold, Brier score and expected calibration error, and the approval-rate parity gap by sex and by age
(<= 25). Ethereum accounts: ROC-AUC, PR-AUC and recall at 1% false positives of the fraud model whose
probability feeds the on-chain score.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..exceptions import LendingInputError
from .german import ATTRIBUTES, COST_BAD_AS_GOOD, COST_GOOD_AS_BAD, NUMERIC, load_german, optimal_threshold
from .model import CreditModel

__all__ = [
    "ETH_FEATURES",
    "calibration_error",
    "evaluate_eth_fraud",
    "evaluate_german",
    "expected_cost",
    "german_model",
    "load_eth_accounts",
    "oof_predictions",
]

# attributes the score may use: sex is audited, never used
GERMAN_FEATURES = [a for a in ATTRIBUTES if a != "personal_status_sex"]
# on-chain account history an indexer can compute for any address
ETH_FEATURES = [
    "Avg min between sent tnx",
    "Avg min between received tnx",
    "Time Diff between first and last (Mins)",
    "Sent tnx",
    "Received Tnx",
    "Unique Received From Addresses",
    "Unique Sent To Addresses",
    "total Ether sent",
    "total ether received",
    "total ether balance",
    "max value received ",
    "avg val received",
    "avg val sent",
    "Number of Created Contracts",
    " Total ERC20 tnxs",
]


def german_model(c: float = 0.3) -> CreditModel:
    return CreditModel(
        [a for a in GERMAN_FEATURES if a in NUMERIC],
        [a for a in GERMAN_FEATURES if a not in NUMERIC],
        c=c,
        log_numeric=("credit_amount", "duration_months"),
    )


def oof_predictions(
    make: Callable[[], CreditModel], rows: Sequence[dict[str, Any]], y: np.ndarray, folds: int = 10, seed: int = 0
) -> np.ndarray:
    """Out-of-fold P(bad) for every row: each row is scored by a model that never saw it."""
    from sklearn.model_selection import StratifiedKFold

    out = np.zeros(len(rows))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y):
        m = make().fit([rows[i] for i in train], y[train])
        out[test] = m.predict([rows[i] for i in test])
    return out


def expected_cost(y: np.ndarray, p: np.ndarray, threshold: float) -> float:
    """Mean cost per applicant: approve when p < threshold."""
    approve = p < threshold
    return float((COST_BAD_AS_GOOD * (approve & (y == 1)) + COST_GOOD_AS_BAD * (~approve & (y == 0))).mean())


def calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over equal-width probability bins."""
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return float(
        sum(abs(y[idx == b].mean() - p[idx == b].mean()) * (idx == b).mean() for b in range(bins) if (idx == b).any())
    )


def _gap(approve: np.ndarray, group: np.ndarray) -> float:
    return float(abs(approve[group].mean() - approve[~group].mean()))


def evaluate_german(path: Path, folds: int = 10, seed: int = 0) -> dict[str, Any]:
    from sklearn.metrics import brier_score_loss, roc_auc_score

    data = load_german(path)
    p = oof_predictions(german_model, data.rows, data.bad, folds, seed)
    t = optimal_threshold()
    approve = p < t
    y = data.bad
    return {
        "rows": len(y),
        "bad_rate": float(y.mean()),
        "folds": folds,
        "roc_auc": float(roc_auc_score(y, p)),
        "threshold": t,
        "expected_cost": expected_cost(y, p, t),
        "expected_cost_approve_all": float(COST_BAD_AS_GOOD * y.mean()),
        "expected_cost_reject_all": float(COST_GOOD_AS_BAD * (1 - y.mean())),
        "brier": float(brier_score_loss(y, p)),
        "ece": calibration_error(y, p),
        "approval_rate": float(approve.mean()),
        "parity_gap_sex": _gap(approve, data.female),
        "parity_gap_age": _gap(approve, data.young),
    }


def load_eth_accounts(path: Path) -> tuple[list[dict[str, Any]], np.ndarray]:
    try:
        with path.open(newline="") as f:
            raw = list(csv.DictReader(f))
    except OSError as e:
        raise LendingInputError(f"account data: cannot read {path}: {e.strerror}") from None
    if not raw or "FLAG" not in raw[0]:
        raise LendingInputError(f"account data: {path.name} has no FLAG column")
    rows = [{k: float(r[k] or 0) for k in ETH_FEATURES} for r in raw]
    return rows, np.array([int(r["FLAG"]) for r in raw])


def eth_model() -> CreditModel:
    skip = ("total ether balance",)  # may be negative: not log-scaled
    return CreditModel(ETH_FEATURES, [], c=1.0, log_numeric=tuple(f for f in ETH_FEATURES if f not in skip))


def evaluate_eth_fraud(path: Path, folds: int = 5, seed: int = 0) -> dict[str, Any]:
    from sklearn.metrics import average_precision_score, roc_auc_score

    rows, y = load_eth_accounts(path)
    p = oof_predictions(eth_model, rows, y, folds, seed)
    neg = np.sort(p[y == 0])
    cut = neg[int(0.99 * len(neg))]
    return {
        "rows": len(y),
        "fraud_rate": float(y.mean()),
        "folds": folds,
        "roc_auc": float(roc_auc_score(y, p)),
        "pr_auc": float(average_precision_score(y, p)),
        "recall_at_1pct_fpr": float((p[y == 1] > cut).mean()),
    }
