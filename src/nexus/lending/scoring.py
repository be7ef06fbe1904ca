"""A borrower's score from on-chain history, plus consented off-chain features.

The prior P(default) is the German-credit model's prediction when the borrower granted consent for
off-chain features, otherwise that data set's base rate. On-chain history then moves the log-odds:
repayments in the pool lower it, liquidations raise it, and the guard's fraud probability (the Ethereum
account model, or the guard's own score passed in by the service layer) raises it. The on-chain weights
are stated priors, not fitted (no public data on this pool's repayments exists yet): they are listed in
every explanation so a borrower can see exactly why.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..exceptions import LendingInputError
from .model import CreditModel, Explanation, Reason

__all__ = ["BASE_RATE", "ONCHAIN_WEIGHTS", "History", "score_borrower"]

BASE_RATE = 0.30  # German credit bad rate
ONCHAIN_WEIGHTS = {"repaid_loans": -0.35, "liquidations": 0.9, "fraud_probability": 3.0, "account_age_months": -0.08}


@dataclass(frozen=True)
class History:
    """What the chain says about a borrower."""

    repaid_loans: int = 0
    liquidations: int = 0
    fraud_probability: float = 0.0
    account_age_months: float = 0.0

    def __post_init__(self) -> None:
        if self.repaid_loans < 0 or self.liquidations < 0 or self.account_age_months < 0:
            raise LendingInputError("history counts and age must be non-negative")
        if not 0.0 <= self.fraud_probability <= 1.0:
            raise LendingInputError("fraud probability must be in [0, 1]")


def _terms(h: History) -> dict[str, float]:
    return {
        "repaid_loans": ONCHAIN_WEIGHTS["repaid_loans"] * min(h.repaid_loans, 6),
        "liquidations": ONCHAIN_WEIGHTS["liquidations"] * min(h.liquidations, 4),
        "fraud_probability": ONCHAIN_WEIGHTS["fraud_probability"] * h.fraud_probability,
        "account_age_months": ONCHAIN_WEIGHTS["account_age_months"] * min(h.account_age_months, 24),
    }


def score_borrower(
    history: History,
    *,
    model: CreditModel | None = None,
    offchain: Mapping[str, Any] | None = None,
    consent: bool = False,
    top: int = 3,
) -> Explanation:
    """Score (0..10000) and reasons; off-chain features are used only with `consent`."""
    reasons: list[Reason] = []
    if offchain is not None and consent:
        if model is None:
            raise LendingInputError("off-chain features need a fitted model")
        ex = model.explain(offchain, top=top)
        logit = math.log(ex.p_default / (1 - ex.p_default))
        reasons += ex.reasons
    else:
        logit = math.log(BASE_RATE / (1 - BASE_RATE))
    values = history.__dict__
    for name, effect in _terms(history).items():
        logit += effect
        if effect:
            reasons.append(Reason(name, values[name], effect))
    p = 1 / (1 + math.exp(-logit))
    reasons.sort(key=lambda r: -abs(r.effect))
    return Explanation(p, int(round(10_000 * (1 - p))), reasons[:top])
