"""The credit score model: an L2 logistic regression over one-hot / standardised features.

Chosen for two reasons: on German credit it sits at the literature's ROC-AUC (~0.78-0.80) and it is
exactly explainable — the log-odds of default is a sum of per-feature terms, so every score comes with the
features that moved it most, in words a borrower can read. The model's fingerprint (sha256 of its
parameters) is what a posted score records on chain.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..exceptions import LendingInputError

__all__ = ["CreditModel", "Explanation", "Reason"]

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Reason:
    """One feature's push on the log-odds of default (positive = riskier)."""

    feature: str
    value: Any
    effect: float

    def text(self) -> str:
        way = "raises" if self.effect > 0 else "lowers"
        return f"{self.feature} = {self.value} {way} the risk ({self.effect:+.2f} log-odds)"


@dataclass(frozen=True)
class Explanation:
    p_default: float
    score: int  # 0..10000 basis points of "good": 10000 * (1 - p_default)
    reasons: list[Reason]

    def to_json(self) -> dict[str, Any]:
        return {
            "p_default": round(self.p_default, 6),
            "score": self.score,
            "reasons": [
                {"feature": r.feature, "value": r.value, "effect": round(r.effect, 4), "text": r.text()}
                for r in self.reasons
            ],
        }


@dataclass
class CreditModel:
    """Fit with `fit(rows, bad)`; `predict(rows)` gives P(default); `explain(row)` the top reasons."""

    numeric: Sequence[str]
    categorical: Sequence[str]
    c: float = 0.3
    log_numeric: Sequence[str] = ()
    levels: dict[str, list[str]] = field(default_factory=dict)
    mean: np.ndarray = field(default_factory=lambda: np.zeros(0))
    std: np.ndarray = field(default_factory=lambda: np.ones(0))
    coef: np.ndarray = field(default_factory=lambda: np.zeros(0))
    intercept: float = 0.0

    # --- encoding ---------------------------------------------------------------------------
    def _numeric_matrix(self, rows: Sequence[Row]) -> np.ndarray:
        out = np.zeros((len(rows), len(self.numeric)))
        for i, r in enumerate(rows):
            for j, name in enumerate(self.numeric):
                try:
                    v = float(r[name])
                except (KeyError, TypeError, ValueError):
                    raise LendingInputError(f"credit model: feature {name!r} missing or not a number") from None
                if not math.isfinite(v):
                    raise LendingInputError(f"credit model: feature {name!r} is not finite")
                out[i, j] = math.log1p(max(v, 0.0)) if name in self.log_numeric else v
        return out

    def _columns(self) -> list[tuple[str, str | None]]:
        cols: list[tuple[str, str | None]] = [(n, None) for n in self.numeric]
        for name in self.categorical:
            cols += [(name, lvl) for lvl in self.levels[name][1:]]  # first level is the baseline
        return cols

    def _encode(self, rows: Sequence[Row]) -> np.ndarray:
        num = (self._numeric_matrix(rows) - self.mean) / self.std
        cats = []
        for name in self.categorical:
            lv = self.levels[name]
            block = np.zeros((len(rows), len(lv) - 1))
            for i, r in enumerate(rows):
                v = str(r.get(name, lv[0]))
                if v in lv[1:]:
                    block[i, lv.index(v) - 1] = 1.0
            cats.append(block)
        return np.hstack([num, *cats]) if cats else num

    # --- fitting and scoring ----------------------------------------------------------------
    def fit(self, rows: Sequence[Row], bad: np.ndarray) -> CreditModel:
        from sklearn.linear_model import LogisticRegression

        if len(rows) < 20 or len(set(np.asarray(bad).tolist())) != 2:
            raise LendingInputError("credit model: need at least 20 rows with both outcomes")
        self.levels = {n: sorted({str(r.get(n)) for r in rows}) for n in self.categorical}
        raw = self._numeric_matrix(rows)
        self.mean, self.std = raw.mean(axis=0), raw.std(axis=0) + 1e-12
        lr = LogisticRegression(C=self.c, max_iter=2000).fit(self._encode(rows), np.asarray(bad))
        self.coef, self.intercept = lr.coef_[0].copy(), float(lr.intercept_[0])
        return self

    def predict(self, rows: Sequence[Row]) -> np.ndarray:
        if not self.coef.size:
            raise LendingInputError("credit model: not fitted")
        z = self._encode(rows) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def explain(self, row: Row, top: int = 3) -> Explanation:
        """P(default), score and the `top` features that moved the log-odds most from the average."""
        x = self._encode([row])[0]
        effects: dict[str, float] = {}
        for (name, _lvl), w, v in zip(self._columns(), self.coef, x):
            effects[name] = effects.get(name, 0.0) + w * v
        p = float(self.predict([row])[0])
        ranked = sorted(effects.items(), key=lambda kv: -abs(kv[1]))[:top]
        return Explanation(p, int(round(10_000 * (1 - p))), [Reason(n, row.get(n), e) for n, e in ranked if e != 0.0])

    def to_json(self) -> dict[str, Any]:
        return {
            "numeric": list(self.numeric),
            "categorical": list(self.categorical),
            "c": self.c,
            "log_numeric": list(self.log_numeric),
            "levels": self.levels,
            "mean": [float(v) for v in self.mean],
            "std": [float(v) for v in self.std],
            "coef": [float(v) for v in self.coef],
            "intercept": self.intercept,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> CreditModel:
        return cls(
            d["numeric"],
            d["categorical"],
            d["c"],
            d["log_numeric"],
            d["levels"],
            np.array(d["mean"]),
            np.array(d["std"]),
            np.array(d["coef"]),
            float(d["intercept"]),
        )

    def fingerprint(self) -> str:
        """0x sha256 of the canonical JSON parameters (rounded so re-fits on the same data agree)."""
        d = self.to_json()
        for k in ("mean", "std", "coef"):
            d[k] = [round(v, 9) for v in d[k]]
        d["intercept"] = round(d["intercept"], 9)
        return "0x" + hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()
