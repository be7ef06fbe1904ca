"""The disputes' AI first pass: a calibrated model trained on resolved assertions that abstains when unsure.

An assertion claims a feed's value at some time. The evidence is what the oracle saw then: each
source's reading and whether the nodes kept or flagged it (a round-journal record), and the
answer with its band. The history of resolved assertions comes from two places, kept apart from
any evaluation set: the oracle's own journal (claims about journalled rounds, resolved against the
reported answer) and simulated adversarial claims (exaggerations, claims that copy a faulty or
manipulated source, claims at the edge of the tolerance) about simulated storms with faulty
stations, resolved against the simulated truth. A claim is true when it is within `tolerance`
(relative) of the truth.

The model is gradient-boosted trees, calibrated (isotonic) on a later slice of the history than it
was fitted on; it abstains unless its calibrated probability of the side it picks reaches `tau`,
chosen on that calibration slice as the lowest level whose decisions were ≥ `target` precise.
"""

from __future__ import annotations

import json
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eth_utils import keccak

from ..exceptions import OracleInputError
from .scoring import Assessment, SourceMonitor
from .simulated import Fault, Storm, WeatherStation, WeatherWorld
from .sources import Reading, SourceError

__all__ = [
    "Claim",
    "FirstPass",
    "Recommendation",
    "claims_from_journal",
    "evidence_features",
    "evidence_from_assessment",
    "simulated_claims",
]

TOLERANCE = 0.1
KINDS = ("honest", "exaggerated", "copies_faulty", "edge")


@dataclass(frozen=True)
class Claim:
    """One resolved (or to-be-resolved) assertion: the claimed value, the evidence, the truth label."""

    claimed: float
    evidence: dict[str, Any]  # {"answer", "band", "sources": [{"value", "kept_by", "flags"}], "nodes": n}
    truthful: bool | None = None
    kind: str = "journal"
    group: str = ""  # what world/time it came from: keeps histories and evaluation sets apart
    truth: float | None = None  # the value the claim was resolved against (None: unresolved)


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


def evidence_from_assessment(a: Assessment) -> dict[str, Any]:
    """Evidence in the journal's shape from one node's scored sources (`OracleNode.assess`)."""
    if a.value is None:
        raise OracleInputError("the node has no usable sources to judge a claim by")
    vals = sorted(sc.value for sc in a.scores if sc.kept and sc.value is not None) or [a.value]
    return {
        "answer": round(a.value, 4),
        "band": [round(vals[0], 4), round(vals[-1], 4)],
        "sources": [
            {"source": sc.source, "value": sc.value, "kept_by": int(sc.kept), "flags": list(sc.flags)}
            for sc in a.scores
        ],
    }


def _claim_values(truth: float, ev: dict[str, Any], rng: random.Random, scale: float) -> list[tuple[str, float]]:
    out = [
        ("honest", truth * (1 + rng.gauss(0, 0.02)) + rng.gauss(0, 0.01 * scale)),
        ("exaggerated", truth * (1 + rng.choice((-1, 1)) * rng.uniform(0.05, 0.8))),
        ("edge", truth * (1 + rng.choice((-1, 1)) * TOLERANCE * rng.uniform(0.7, 1.3))),
    ]
    bad = [float(s["value"]) for s in ev["sources"] if s.get("flags") and s.get("value") is not None]
    if bad:
        out.append(("copies_faulty", rng.choice(bad)))
    return out


def claims_from_journal(records: Sequence[dict[str, Any]], *, seed: int = 0) -> list[Claim]:
    """Resolved claims about journalled, reported rounds (the truth: the answer the network reported)."""
    rng, out = random.Random(seed), []
    for r in records:
        if not r.get("accepted") or r.get("answer") is None or not r.get("sources"):
            continue
        ev = {"answer": r["answer"], "band": r.get("band"), "sources": r["sources"]}
        truth = float(r["answer"])
        for kind, v in _claim_values(truth, ev, rng, max(abs(truth), 1.0)):
            out.append(
                Claim(
                    v,
                    ev,
                    abs(v - truth) <= TOLERANCE * max(abs(truth), 1.0),
                    kind,
                    f"journal:{r.get('round_id')}",
                    truth,
                )
            )
    return out


def simulated_claims(snapshots: int, *, seed: int, stations: int = 7) -> list[Claim]:
    """Adversarial claims about simulated storms seen by faulty stations, in time order; the truth
    is the simulated world's severity. Different seeds give disjoint worlds (`group`)."""
    rng = random.Random(seed)
    hour = 3600.0
    world = WeatherWorld(
        tuple(
            Storm("X", peak=h * hour, rain_mm_h=rng.uniform(40, 110), wind_m_s=rng.uniform(15, 45))
            for h in range(6, snapshots, 18)
        ),
        seed=seed,
    )
    kinds = ("stuck", "manipulated", "drift", "spike", "offline", "stale")
    srcs = [
        WeatherStation(
            f"w{seed}-{i}",
            world,
            "X",
            noise=0.03,
            seed=seed * 100 + i,
            fault=Fault(kinds[rng.randrange(len(kinds))], rng.uniform(0, snapshots * hour), rng.uniform(0, 40))
            if i < 2
            else None,
        )
        for i in range(stations)
    ]
    mon, out = SourceMonitor(max_age=2 * hour), []
    for k in range(snapshots):
        now = k * hour + rng.uniform(0, 600)
        readings: dict[str, Reading | None] = {}
        for s in srcs:
            try:
                readings[s.id] = s.read(now)
            except SourceError:  # an offline station is a missing reading
                readings[s.id] = None
        a = mon.assess(readings, now)
        if a.value is None:
            continue
        ev = evidence_from_assessment(a)
        truth = world.severity("X", now)
        for kind, v in _claim_values(truth, ev, rng, max(abs(truth), 1.0)):
            out.append(
                Claim(round(v, 4), ev, abs(v - truth) <= TOLERANCE * max(abs(truth), 1.0), kind, f"sim:{seed}", truth)
            )
    return out
