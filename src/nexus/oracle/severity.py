"""The severity model behind the weather insurance feed, and its walk-forward evaluation on real data.

`SeverityModel` maps one day's combined station readings to a severity index 0..100 (the calibrated
probability of a damaging-weather day, times 100). `walk_forward` trains on the years before each
test year only (time-ordered splits) and reports how often the payout decision (index ≥ threshold)
matches the ground-truth label, basis risk both ways, and the pool's solvency year by year.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..exceptions import OracleInputError
from .weather import Day, is_event

__all__ = ["SeverityModel", "features", "pool_solvency", "walk_forward"]


def features(row: dict[str, float]) -> list[float]:
    p, w, hi, lo = (max(0.0, row["precipitation"]), max(0.0, row["wind"]), row["temp_max"], row["temp_min"])
    return [math.log1p(p), p / 10, w, w * math.log1p(p), hi / 10, lo / 10, float(lo <= 1.0) * math.log1p(p)]


class SeverityModel:
    """Logistic regression on the combined readings (scikit-learn style: `fit` returns self)."""

    def fit(self, rows: Sequence[dict[str, float]], labels: Sequence[bool]) -> SeverityModel:
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        if len(set(labels)) < 2:
            raise OracleInputError("the severity model needs both event and non-event days to learn from")
        self.model_ = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=500))
        self.model_.fit([features(r) for r in rows], [int(y) for y in labels])
        return self

    def severity(self, rows: Sequence[dict[str, float]]) -> list[float]:
        """Severity index 0..100 per row."""
        if not hasattr(self, "model_"):
            raise OracleInputError("the severity model is not fitted")
        return [round(100 * float(p), 2) for p in self.model_.predict_proba([features(r) for r in rows])[:, 1]]


def _scores(paid: Sequence[bool], loss: Sequence[bool]) -> dict[str, Any]:
    n = len(paid)
    pwl = sum(1 for p, y in zip(paid, loss) if p and not y)
    lwp = sum(1 for p, y in zip(paid, loss) if y and not p)
    return {
        "days": n,
        "events": sum(loss),
        "paid_days": sum(paid),
        "match_rate": round(1 - (pwl + lwp) / n, 4) if n else None,
        "paid_without_loss": pwl,
        "loss_without_pay": lwp,
        "basis_risk_false_pay": round(pwl / max(sum(paid), 1), 4),
        "basis_risk_missed_loss": round(lwp / max(sum(loss), 1), 4),
    }


def walk_forward(
    days: Sequence[Day],
    rows: Sequence[dict[str, float]],
    *,
    threshold: float = 50.0,
    first_test_year: int | None = None,
) -> dict[str, Any]:
    """Train on every year before Y, decide year Y; per year and pooled over the test years."""
    if len(days) != len(rows):
        raise OracleInputError("one combined row per day")
    years = sorted({d.year for d in days})
    start = first_test_year or years[1]
    per_year, paid_all, loss_all = [], [], []
    for y in (y for y in years if y >= start):
        tr = [i for i, d in enumerate(days) if d.year < y]
        te = [i for i, d in enumerate(days) if d.year == y]
        model = SeverityModel().fit([rows[i] for i in tr], [is_event(days[i]) for i in tr])
        sev = model.severity([rows[i] for i in te])
        paid = [s >= threshold for s in sev]
        loss = [is_event(days[i]) for i in te]
        per_year.append(
            {
                "year": y,
                "train_days": len(tr),
                **_scores(paid, loss),
                "train_event_rate": round(sum(is_event(days[i]) for i in tr) / len(tr), 4),
            }
        )
        paid_all += paid
        loss_all += loss
    return {"threshold": threshold, "years": per_year, "pooled": _scores(paid_all, loss_all)}


def pool_solvency(
    report: dict[str, Any],
    *,
    policies: int = 100,
    payout: float = 1.0,
    loading: float = 0.25,
    capital_years: float = 1.0,
) -> dict[str, Any]:
    """Run a pool through the evaluated years: each year `policies` daily covers are sold at the
    training years' event rate × payout × (1 + loading) per day; each paid day costs `policies` ×
    `payout`. Starting capital: `capital_years` of expected claims of the first year."""
    rows = report["years"]
    if not rows:
        raise OracleInputError("no evaluated years")
    first = rows[0]
    balance = capital_years * policies * payout * first["train_event_rate"] * first["days"]
    start, low, path = balance, balance, []
    for r in rows:
        premiums = policies * payout * r["train_event_rate"] * r["days"] * (1 + loading)
        claims = policies * payout * r["paid_days"]
        balance += premiums - claims
        low = min(low, balance)
        path.append(
            {
                "year": r["year"],
                "premiums": round(premiums, 2),
                "claims": round(claims, 2),
                "balance": round(balance, 2),
                "loss_ratio": round(claims / premiums, 4) if premiums else None,
            }
        )
    return {
        "start_capital": round(start, 2),
        "years": path,
        "min_balance": round(low, 2),
        "solvent": low >= 0,
        "loading": loading,
        "policies": policies,
    }
