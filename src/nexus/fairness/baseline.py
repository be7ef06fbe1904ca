"""A reference model for audits, demos and the benchmark: one-hot + scaled logistic regression."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._deps import require

__all__ = ["baseline_model"]


def baseline_model(X: Any, *, drop: Sequence[str] = (), max_iter: int = 1000, C: float = 1.0) -> Any:
    """An unfitted sklearn Pipeline for the columns of `X`: categoricals one-hot, numbers scaled;
    the `drop` columns (e.g. derived protected groups) are left out of the features."""
    compose = require("sklearn.compose")
    pre = require("sklearn.preprocessing")
    pipe = require("sklearn.pipeline")
    lm = require("sklearn.linear_model")
    cols = [c for c in X.columns if c not in set(drop)]
    numeric = [c for c in cols if X[c].dtype.kind in "iuf"]
    categorical = [c for c in cols if c not in numeric]
    ct = compose.ColumnTransformer(
        [("num", pre.StandardScaler(), numeric), ("cat", pre.OneHotEncoder(handle_unknown="ignore"), categorical)]
    )
    return pipe.Pipeline([("prep", ct), ("clf", lm.LogisticRegression(max_iter=max_iter, C=C))])
