"""Train the fraud model: pick a boosted-tree config by grouped stratified CV, set two operating
points on out-of-fold scores, export to JSON. Needs the `ml` extra (scikit-learn, numpy)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...exceptions import ConfigError
from .data import FEATURE_COLUMNS, read_accounts
from .model import FraudModel

__all__ = ["CONFIGS", "cross_validate", "export_hgb", "operating_points", "train_model"]

# Candidate settings, compared by CV (kept small so the shipped JSON stays small).
CONFIGS: tuple[dict[str, Any], ...] = (
    {"learning_rate": 0.1, "max_iter": 150, "max_leaf_nodes": 15, "l2_regularization": 0.0},
    {"learning_rate": 0.1, "max_iter": 200, "max_leaf_nodes": 31, "l2_regularization": 1.0},
    {"learning_rate": 0.05, "max_iter": 300, "max_leaf_nodes": 15, "l2_regularization": 1.0},
)
TARGET_PRECISION = 0.99  # "act" point: automatic action
TARGET_RECALL = 0.98  # "investigate" point: investigators' queue


def _need_ml() -> Any:
    try:
        import numpy as np
        import sklearn  # noqa: F401
        from threadpoolctl import threadpool_limits
    except ImportError:
        raise ConfigError("training needs the ml extra: pip install 'symbiotic-nexus[ml]'") from None
    # one OpenMP thread: oversubscribed OpenMP pools slow boosting down by orders of magnitude
    threadpool_limits(limits=1)
    return np


def _groups(X: Sequence[Sequence[float]]) -> list[int]:
    """Identical feature rows share a group, so duplicates never straddle a CV split."""
    ids: dict[str, int] = {}
    return [ids.setdefault(hashlib.sha1(repr(list(r)).encode()).hexdigest(), len(ids)) for r in X]


def _clf(cfg: dict[str, Any], seed: int) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(early_stopping=False, random_state=seed, **cfg)


def _oof(np: Any, X: Any, y: Any, groups: Any, cfg: dict[str, Any], folds: int, seed: int) -> Any:
    from sklearn.model_selection import StratifiedGroupKFold

    p = np.zeros(len(y))
    for tr, te in StratifiedGroupKFold(folds, shuffle=True, random_state=seed).split(X, y, groups):
        p[te] = _clf(cfg, seed).fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
    return p


def operating_points(y: Sequence[int], p: Sequence[float]) -> dict[str, float]:
    """Thresholds: the lowest reaching TARGET_PRECISION, and the highest keeping TARGET_RECALL."""
    from sklearn.metrics import precision_recall_curve

    prec, rec, thr = precision_recall_curve(y, p)
    hp = next((float(t) for pr, t in zip(prec[:-1], thr) if pr >= TARGET_PRECISION), float(thr[-1]))
    hr = max((float(t) for r, t in zip(rec[:-1], thr) if r >= TARGET_RECALL), default=float(thr[0]))
    return {"high_precision": hp, "high_recall": min(hr, hp)}


def _metrics(np: Any, y: Any, p: Any, th: dict[str, float]) -> dict[str, float]:
    from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

    fpr, tpr, _ = roc_curve(y, p)
    out = {
        "roc_auc": float(roc_auc_score(y, p)),
        "pr_auc": float(average_precision_score(y, p)),
        "recall_at_1pct_fpr": float(np.interp(0.01, fpr, tpr)),
    }
    for name, t in th.items():
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        out[f"{name}_precision"] = tp / max(float(pred.sum()), 1.0)
        out[f"{name}_recall"] = tp / max(float((y == 1).sum()), 1.0)
    return out


def cross_validate(
    X: Sequence[Sequence[float]], y: Sequence[int], *, folds: int = 5, inner: int = 3, seed: int = 0
) -> dict[str, Any]:
    """Nested CV: in each outer fold the config AND the operating points are chosen on the training
    part only (inner CV), then measured on the held-out part. Returns per-fold and mean figures."""
    np = _need_ml()
    from sklearn.model_selection import StratifiedGroupKFold

    Xa, ya, ga = np.asarray(X, float), np.asarray(y, int), np.asarray(_groups(X))
    rows = []
    for k, (tr, te) in enumerate(StratifiedGroupKFold(folds, shuffle=True, random_state=seed).split(Xa, ya, ga)):
        best, best_auc, best_oof = None, -1.0, None
        for cfg in CONFIGS:
            from sklearn.metrics import roc_auc_score

            oof = _oof(np, Xa[tr], ya[tr], ga[tr], cfg, inner, seed)
            auc = roc_auc_score(ya[tr], oof)
            if auc > best_auc:
                best, best_auc, best_oof = cfg, auc, oof
        assert best is not None and best_oof is not None
        th = operating_points(ya[tr], best_oof)
        p = _clf(best, seed).fit(Xa[tr], ya[tr]).predict_proba(Xa[te])[:, 1]
        rows.append({"fold": k, "config": CONFIGS.index(best), **_metrics(np, ya[te], p, th)})
    keys = [k for k in rows[0] if k not in ("fold", "config")]
    mean = {k: float(np.mean([r[k] for r in rows])) for k in keys}
    std = {k: float(np.std([r[k] for r in rows])) for k in keys}
    return {"folds": rows, "mean": mean, "std": std, "n": len(ya), "positives": int(ya.sum())}


def export_hgb(clf: Any, thresholds: dict[str, float], meta: dict[str, Any]) -> FraudModel:
    """Flatten a fitted HistGradientBoostingClassifier into a FraudModel (JSON-safe)."""
    trees: list[dict[str, list[Any]]] = []
    for (pred,) in clf._predictors:
        nodes = pred.nodes
        n = len(nodes)
        leaf = [bool(nodes["is_leaf"][i]) for i in range(n)]
        left = [-1 if leaf[i] else int(nodes["left"][i]) for i in range(n)]
        right = [-1 if leaf[i] else int(nodes["right"][i]) for i in range(n)]
        count = [float(nodes["count"][i]) for i in range(n)]
        value = [float(nodes["value"][i]) if leaf[i] else 0.0 for i in range(n)]
        exp = value[:]
        for i in reversed(range(n)):  # children follow parents in sklearn's node order
            if not leaf[i]:
                cl, cr = count[left[i]], count[right[i]]
                exp[i] = (cl * exp[left[i]] + cr * exp[right[i]]) / max(cl + cr, 1.0)
        trees.append(
            {
                "f": [int(nodes["feature_idx"][i]) for i in range(n)],
                "t": [float(nodes["num_threshold"][i]) for i in range(n)],
                "l": left,
                "r": right,
                "m": [bool(nodes["missing_go_to_left"][i]) for i in range(n)],
                "v": [round(v, 7) for v in value],
                "e": [round(e, 7) for e in exp],
            }
        )
    base = float(clf._baseline_prediction.ravel()[0])
    return FraudModel(trees, base, FEATURE_COLUMNS, thresholds, meta)


def train_model(data: Path | str, out: Path | str, *, seed: int = 0, folds: int = 5) -> dict[str, Any]:
    """Choose the config by grouped stratified CV on `data`, set operating points on its
    out-of-fold scores, fit on all rows, write the JSON model to `out`. Returns a report."""
    np = _need_ml()
    from sklearn.metrics import roc_auc_score

    t0 = time.time()
    X, y = read_accounts(data, need_label=True)
    assert y is not None
    if len(set(y)) < 2:
        raise ConfigError(f"{data}: FLAG has a single class; cannot train")
    Xa, ya, ga = np.asarray(X, float), np.asarray(y, int), np.asarray(_groups(X))
    scores = []
    for cfg in CONFIGS:
        oof = _oof(np, Xa, ya, ga, cfg, folds, seed)
        scores.append((roc_auc_score(ya, oof), cfg, oof))
    auc, cfg, oof = max(scores, key=lambda s: float(s[0]))
    th = operating_points(ya, oof)
    clf = _clf(cfg, seed).fit(Xa, ya)
    meta = {
        "config": cfg,
        "cv_roc_auc": float(auc),
        "folds": folds,
        "seed": seed,
        "rows": len(ya),
        "positives": int(ya.sum()),
        "data_sha256": hashlib.sha256(Path(data).read_bytes()).hexdigest(),
        "targets": {"precision": TARGET_PRECISION, "recall": TARGET_RECALL},
    }
    model = export_hgb(clf, th, meta)
    check = np.asarray(model.predict_proba(X[:200]))
    if not np.allclose(check, clf.predict_proba(Xa[:200])[:, 1], atol=1e-5):
        raise ConfigError("exported model disagrees with the fitted one")
    digest = model.save(out)
    return {**meta, "thresholds": th, "sha256": digest, "seconds": round(time.time() - t0, 1), "out": str(out)}
