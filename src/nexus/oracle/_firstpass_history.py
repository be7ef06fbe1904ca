"""The resolved claims the disputes' first pass learns from (see `firstpass`).

The history comes from two places, kept apart from any evaluation set: the oracle's own journal
(claims about journalled rounds, resolved against the reported answer) and simulated adversarial
claims (exaggerations, claims that copy a faulty or manipulated source, claims at the edge of the
tolerance) about simulated storms with faulty stations, resolved against the simulated truth. A
claim is true when it is within `TOLERANCE` (relative) of the truth.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..exceptions import OracleInputError
from .scoring import Assessment, SourceMonitor
from .simulated import Fault, Storm, WeatherStation, WeatherWorld
from .sources import Reading, SourceError

__all__ = ["KINDS", "TOLERANCE", "Claim", "claims_from_journal", "evidence_from_assessment", "simulated_claims"]

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
