"""`audit(model, X, y, protected)`: group metrics with fairlearn, optionally before/after mitigation.

Per protected attribute: count, accuracy, selection rate, TPR and FPR per group, the demographic-
parity difference (max - min selection rate) and the equalised-odds difference (the larger of the
TPR and FPR gaps). With `mitigate`, the rows are split (stratified by label, `seed`), fairlearn's
ThresholdOptimizer is fitted on the train part over the prefit model, and both the model and the
mitigated predictor are scored on the held-out part; otherwise the model is scored on all rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..exceptions import FairnessInputError, ModelLoadError
from ._deps import require
from .report import FORMAT, FairnessReport, to_1e6

__all__ = ["GATES", "MAX_GROUPS", "audit", "group_metrics"]

MAX_GROUPS = 20
GATES = {"demographic_parity": "demographic_parity_difference", "equalized_odds": "equalized_odds_difference"}
_ROUND = 6


def _r(v: Any) -> float | None:
    f = float(v)
    return None if f != f else round(f, _ROUND)


def _rate(num: int, den: int) -> float | None:
    return None if den == 0 else round(num / den, _ROUND)


def group_metrics(y: Any, pred: Any, groups: Any) -> dict[str, Any]:
    """Per-group metrics and the two parity differences of one attribute (fairlearn computes)."""
    np = require("numpy")
    fm = require("fairlearn.metrics")
    skm = require("sklearn.metrics")
    y, pred, groups = np.asarray(y), np.asarray(pred).astype("int64"), np.asarray(groups).astype(str)
    frame = fm.MetricFrame(
        metrics={"accuracy": skm.accuracy_score, "selection_rate": fm.selection_rate, "count": fm.count},
        y_true=y,
        y_pred=pred,
        sensitive_features=groups,
    )
    out: dict[str, Any] = {}
    for g, row in frame.by_group.iterrows():
        m = groups == g
        pos, neg = int((y[m] == 1).sum()), int((y[m] == 0).sum())
        out[str(g)] = {
            "count": int(row["count"]),
            "accuracy": _r(row["accuracy"]),
            "selection_rate": _r(row["selection_rate"]),
            "tpr": _rate(int(((pred == 1) & (y == 1) & m).sum()), pos),
            "fpr": _rate(int(((pred == 1) & (y == 0) & m).sum()), neg),
        }
    return {
        "groups": out,
        "demographic_parity_difference": _r(fm.demographic_parity_difference(y, pred, sensitive_features=groups)),
        "equalized_odds_difference": _r(fm.equalized_odds_difference(y, pred, sensitive_features=groups)),
    }


def _predict(model: Any, X: Any) -> Any:
    np = require("numpy")
    try:
        pred = np.asarray(model.predict(X))
    except Exception as exc:  # noqa: BLE001 - an unfitted or mismatched model fails in many ways
        raise ModelLoadError(
            f"the model cannot predict on this data ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})"
        ) from None
    if not set(np.unique(pred).tolist()) <= {0, 1}:
        raise FairnessInputError("the model's predictions are not binary 0/1")
    return pred.astype("int64")


def _validate(X: Any, y: Any, protected: Sequence[str]) -> Any:
    np = require("numpy")
    if not protected:
        raise FairnessInputError("name at least one protected column")
    cols = [str(c) for c in getattr(X, "columns", [])]
    for col in protected:
        if col not in cols:
            raise FairnessInputError(f"unknown protected column {col!r} (columns: {', '.join(cols[:12])})")
        n = X[col].nunique(dropna=False)
        if n > MAX_GROUPS:
            raise FairnessInputError(f"protected column {col!r} has {n} groups (max {MAX_GROUPS}); bin it first")
    y = np.asarray(y)
    if len(y) != len(X):
        raise FairnessInputError(f"{len(X)} rows of features but {len(y)} labels")
    if len(y) < 10 or not set(np.unique(y).tolist()) <= {0, 1} or len(set(y.tolist())) < 2:
        raise FairnessInputError("the label must be binary 0/1 with both classes and at least 10 rows")
    return y.astype("int64")


def _model_info(model: Any) -> dict[str, Any]:
    from ..ledger.fingerprint import fingerprint

    try:
        digest = fingerprint(model).digest
    except Exception:  # noqa: BLE001 - an exotic estimator: the class still names it
        digest = None
    return {"class": f"{type(model).__module__.split('.')[0]}:{type(model).__qualname__}", "fingerprint": digest}


def audit(
    model: Any,
    X: Any,
    y: Any,
    protected: Sequence[str],
    *,
    mitigate: bool = False,
    constraint: str = "demographic_parity",
    gate: str = "demographic_parity",
    test_size: float = 0.3,
    seed: int = 0,
    source: dict[str, Any] | None = None,
) -> FairnessReport:
    """Audit `model` on `X` (a DataFrame holding the protected columns) against 0/1 labels `y`.

    `gate` picks the registry metric (worst over attributes, of the model as given);
    `constraint` the ThresholdOptimizer's; `source` (e.g. file fingerprints) is copied in."""
    if gate not in GATES or constraint not in GATES:
        raise FairnessInputError(f"choose a gate/constraint among {', '.join(GATES)}")
    y = _validate(X, y, protected)
    info = _model_info(model)
    mitigation: dict[str, Any] | None = None
    X_eval, y_eval = X, y
    if mitigate:
        ms = require("sklearn.model_selection")
        if not 0 < test_size < 1:
            raise FairnessInputError("test_size is a fraction in (0, 1)")
        X_fit, X_eval, y_fit, y_eval = ms.train_test_split(X, y, test_size=test_size, random_state=seed, stratify=y)
        mitigation = {
            "method": "fairlearn.ThresholdOptimizer",
            "constraint": constraint,
            "seed": seed,
            "train_rows": int(len(y_fit)),
            "test_rows": int(len(y_eval)),
        }
    pred = _predict(model, X_eval)
    attributes: dict[str, Any] = {}
    for col in protected:
        entry = group_metrics(y_eval, pred, X_eval[col])
        if mitigation is not None:
            after = _mitigated(model, X_fit, y_fit, X_eval, col, constraint, seed)
            entry["mitigated"] = {"accuracy": _r((after == y_eval).mean()), **group_metrics(y_eval, after, X_eval[col])}
        attributes[col] = entry
    value = max(float(a[GATES[gate]] or 0.0) for a in attributes.values())
    data = {
        "format": FORMAT,
        "model": info,
        "source": dict(source or {}),
        "evaluated_on": "held-out" if mitigate else "all",
        "rows": int(len(y_eval)),
        "overall": {
            "accuracy": _r((pred == y_eval).mean()),
            "selection_rate": _r(pred.mean()),
            "base_rate": _r(y_eval.mean()),
        },
        "attributes": attributes,
        "mitigation": mitigation,
        "gate": {"metric": GATES[gate], "value": round(value, _ROUND), "value_1e6": to_1e6(value)},
    }
    return FairnessReport(data)


def _mitigated(model: Any, X_fit: Any, y_fit: Any, X_eval: Any, col: str, constraint: str, seed: int) -> Any:
    np = require("numpy")
    post = require("fairlearn.postprocessing")
    opt = post.ThresholdOptimizer(
        estimator=model,
        constraints=constraint,
        prefit=True,
        predict_method="predict_proba" if hasattr(model, "predict_proba") else "auto",
    )
    try:
        opt.fit(X_fit, y_fit, sensitive_features=X_fit[col])
        return np.asarray(opt.predict(X_eval, sensitive_features=X_eval[col], random_state=seed)).astype("int64")
    except ValueError as exc:
        raise FairnessInputError(f"mitigation on {col!r} failed: {' '.join(str(exc).split())[:160]}") from None
