"""The disputes' AI first pass: a calibrated model trained on resolved assertions that abstains when unsure.

An assertion claims a feed's value at some time. The evidence is what the oracle saw then: each
source's reading and whether the nodes kept or flagged it (a round-journal record), and the
answer with its band. The history of resolved claims it learns from is built in
`_firstpass_history` (the oracle's journal and simulated adversarial claims).

The model is gradient-boosted trees, calibrated (isotonic) on a later slice of the history than it
was fitted on; it abstains unless its calibrated probability of the side it picks reaches `tau`,
chosen on that calibration slice as the lowest level whose decisions were ≥ `target` precise.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eth_utils import keccak

from ..exceptions import OracleInputError
from ._firstpass_history import (
    KINDS,
    TOLERANCE,
    Claim,
    claims_from_journal,
    evidence_from_assessment,
    simulated_claims,
)

__all__ = [
    "KINDS",
    "TOLERANCE",
    "Claim",
    "FirstPass",
    "Recommendation",
    "claims_from_journal",
    "evidence_features",
    "evidence_from_assessment",
    "simulated_claims",
]


def evidence_features(claimed: float, ev: dict[str, Any], tol: float = TOLERANCE) -> list[float]:
    """What the model sees of a claim and its evidence (all relative, so any feed's scale works)."""
    ans = float(ev["answer"])
    scale = max(abs(ans), 1.0)
    lo, hi = (float(x) for x in ev.get("band") or (ans, ans))
    srcs = [s for s in ev.get("sources", []) if s.get("value") is not None]
    kept = [float(s["value"]) for s in srcs if s.get("kept_by", 0) > 0 and not s.get("flags")]
    flagged = [float(s["value"]) for s in srcs if s.get("flags")]
    near = lambda v: abs(v - claimed) <= tol * max(abs(v), 1.0)
    spread = statistics.pstdev(kept) / scale if len(kept) > 1 else 0.0
    med = statistics.median(kept) if kept else ans
    out_band = max(lo - claimed, claimed - hi, 0.0) / scale
    return [
        (claimed - ans) / scale,
        abs(claimed - ans) / scale,
        abs(claimed - med) / scale,
        out_band,
        spread,
        sum(map(near, kept)) / max(len(kept), 1),
        float(any(map(near, flagged))),
        len(kept) / max(len(srcs), 1),
        abs(claimed - ans) / scale / tol,
    ]


@dataclass(frozen=True)
class Recommendation:
    """The first pass's advice: which side (None = abstain), how sure, and the evidence it used."""

    supports_claim: bool | None
    p_true: float
    confidence: float
    evidence: dict[str, Any]
    model: str

    @property
    def abstains(self) -> bool:
        return self.supports_claim is None

    def document(self) -> dict[str, Any]:
        return {
            "supports_claim": self.supports_claim,
            "p_true": round(self.p_true, 6),
            "confidence": round(self.confidence, 6),
            "evidence": self.evidence,
            "model": self.model,
        }

    @property
    def digest(self) -> bytes:
        """keccak of the canonical JSON document: what goes on chain before the outcome is known."""
        return keccak(json.dumps(self.document(), sort_keys=True, separators=(",", ":")).encode())


class FirstPass:
    """Calibrated, abstaining classifier of claims (scikit-learn style: `fit` returns self)."""

    def __init__(self, *, target: float = 0.99, calib_share: float = 0.3, seed: int = 0) -> None:
        self.target, self.calib_share, self.seed = target, calib_share, seed

    def fit(self, history: Sequence[Claim]) -> FirstPass:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1):  # small data: OpenMP threads only contend with the node's other work
            return self._fit(history)

    def _fit(self, history: Sequence[Claim]) -> FirstPass:
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.ensemble import GradientBoostingClassifier
        from sklearn.frozen import FrozenEstimator

        rows = [c for c in history if c.truthful is not None]
        if len({c.truthful for c in rows}) < 2 or len(rows) < 50:
            raise OracleInputError("the first pass needs at least 50 resolved claims of both outcomes")
        cut = int(len(rows) * (1 - self.calib_share))  # history is in time order: calibrate on the later part
        fit_rows, cal_rows = rows[:cut], rows[cut:]
        x = [evidence_features(c.claimed, c.evidence) for c in fit_rows]
        base = GradientBoostingClassifier(n_estimators=80, max_depth=3, learning_rate=0.15, random_state=self.seed)
        base.fit(x, [int(bool(c.truthful)) for c in fit_rows])
        self.model_ = CalibratedClassifierCV(FrozenEstimator(base), method="isotonic")
        self.model_.fit(
            [evidence_features(c.claimed, c.evidence) for c in cal_rows], [int(bool(c.truthful)) for c in cal_rows]
        )
        self.tau_ = self._pick_tau(cal_rows)
        self.n_history_ = len(rows)
        return self

    def _pick_tau(self, rows: Sequence[Claim]) -> float:
        p = self.proba(rows)
        conf = [max(q, 1 - q) for q in p]
        for tau in sorted({round(c, 4) for c in conf}):
            chosen = [(q >= 0.5) == bool(c.truthful) for q, cf, c in zip(p, conf, rows) if cf >= tau]
            if len(chosen) >= 20 and sum(chosen) / len(chosen) >= self.target:
                return tau
        return 1.01  # never sure enough: always abstain

    def proba(self, claims: Sequence[Claim]) -> list[float]:
        if not hasattr(self, "model_"):
            raise OracleInputError("the first pass is not trained")
        if not claims:
            return []
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1):
            return self._proba(claims)

    def _proba(self, claims: Sequence[Claim]) -> list[float]:
        return [
            float(q)
            for q in self.model_.predict_proba([evidence_features(c.claimed, c.evidence) for c in claims])[:, 1]
        ]

    @property
    def name(self) -> str:
        return f"firstpass-gbt-isotonic(n={getattr(self, 'n_history_', 0)},tau={getattr(self, 'tau_', 0):.4f})"

    def recommend(self, claim: Claim) -> Recommendation:
        q = self.proba([claim])[0]
        conf = max(q, 1 - q)
        side = (q >= 0.5) if conf >= self.tau_ else None
        feats = dict(
            zip(
                (
                    "signed_gap",
                    "gap",
                    "gap_to_kept_median",
                    "outside_band",
                    "kept_spread",
                    "kept_agreeing",
                    "matches_flagged_source",
                    "kept_share",
                    "gap_in_tolerances",
                ),
                (round(f, 6) for f in evidence_features(claim.claimed, claim.evidence)),
            )
        )
        return Recommendation(
            side,
            q,
            conf,
            {
                "claimed": claim.claimed,
                "answer": claim.evidence["answer"],
                "band": claim.evidence.get("band"),
                "features": feats,
            },
            self.name,
        )
