"""The Statlog German credit data (1,000 applicants, 20 attributes): loading, encoding, cost matrix.

The file is read from `shared/data/credit-fairness/german.data` (never copied into the repo). Label 1 is a
good credit, 2 a bad one; the data set's cost matrix charges 5 for a bad applicant classified good and 1
for a good applicant classified bad, so the Bayes-optimal rule approves when P(bad) < 1/6.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..exceptions import LendingInputError

__all__ = [
    "ATTRIBUTES",
    "COST_BAD_AS_GOOD",
    "COST_GOOD_AS_BAD",
    "NUMERIC",
    "GermanCredit",
    "load_german",
    "optimal_threshold",
]

COST_BAD_AS_GOOD, COST_GOOD_AS_BAD = 5.0, 1.0

ATTRIBUTES = (
    "checking_status",
    "duration_months",
    "credit_history",
    "purpose",
    "credit_amount",
    "savings",
    "employment_since",
    "installment_rate",
    "personal_status_sex",
    "other_debtors",
    "residence_since",
    "property",
    "age",
    "other_installment_plans",
    "housing",
    "existing_credits",
    "job",
    "dependents",
    "telephone",
    "foreign_worker",
)
NUMERIC = frozenset(
    {"duration_months", "credit_amount", "installment_rate", "residence_since", "age", "existing_credits", "dependents"}
)
# A92 (female: divorced/separated/married) and A95 (female: single) are the female codes
_FEMALE = frozenset({"A92", "A95"})


@dataclass(frozen=True)
class GermanCredit:
    """Rows as attribute dicts, `bad` = 1 for a bad credit, plus the protected groups for audits."""

    rows: list[dict[str, str | float]]
    bad: np.ndarray
    female: np.ndarray
    young: np.ndarray  # age <= 25, the usual split for this data set


def optimal_threshold() -> float:
    """P(bad) above which the cost matrix says decline: c_fp / (c_fp + c_fn) with c_fp = 1, c_fn = 5."""
    return COST_GOOD_AS_BAD / (COST_GOOD_AS_BAD + COST_BAD_AS_GOOD)


def load_german(path: Path) -> GermanCredit:
    """Parse german.data; a missing file or a malformed line is one LendingInputError."""
    try:
        lines = [ln.split() for ln in path.read_text().splitlines() if ln.strip()]
    except OSError as e:
        raise LendingInputError(f"credit data: cannot read {path}: {e.strerror}") from None
    rows: list[dict[str, str | float]] = []
    bad, female, young = [], [], []
    for n, parts in enumerate(lines, 1):
        if len(parts) != len(ATTRIBUTES) + 1 or parts[-1] not in ("1", "2"):
            raise LendingInputError(f"credit data: {path.name} line {n} is not a German credit row")
        row: dict[str, str | float] = {}
        for name, raw in zip(ATTRIBUTES, parts):
            row[name] = float(raw) if name in NUMERIC else raw
        rows.append(row)
        bad.append(parts[-1] == "2")
        female.append(row["personal_status_sex"] in _FEMALE)
        young.append(float(row["age"]) <= 25)
    return GermanCredit(rows, np.array(bad, dtype=int), np.array(female), np.array(young))
