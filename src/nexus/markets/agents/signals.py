"""Risk signals forecasters read: features from the guard's findings, or a labelled simulated feed."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["FEATURES", "GuardFindingsSignal", "SignalSource", "SimulatedGuardSignals", "findings_features"]

# One day's features: the highest detector score, and counts of critical and high findings.
FEATURES = ("max_score", "critical", "high")


def strength(finding: Mapping[str, Any]) -> float:
    """How far a finding is past its detector's threshold, on [0, 1): 1 - threshold / score. The
    guard's detectors score on different scales (a drain fraction, an anomaly spread), so the raw
    score is not comparable across detectors; this is. A finding without a threshold (the
    simulated feed) is taken to be on that scale already."""
    score = float(finding.get("score", 0.0))
    threshold = finding.get("threshold")
    if threshold is None:
        return score
    thr = float(threshold)
    if thr <= 0 or score <= thr:
        return 0.0
    return 1.0 - thr / score


def findings_features(findings: Iterable[Mapping[str, Any]]) -> list[float]:
    """Features of one period from guard findings (dicts as `GuardStore.findings()` returns them,
    or `Finding.to_json()`): [max strength (see `strength`), number critical, number high]."""
    max_score, critical, high = 0.0, 0, 0
    for f in findings:
        max_score = max(max_score, strength(f))
        severity = str(f.get("severity", "")).lower()
        critical += severity == "critical"
        high += severity == "high"
    return [max_score, float(critical), float(high)]


class SignalSource(Protocol):
    """Where a forecaster's evidence comes from: features for day `day` of the question's week."""

    label: str

    def features(self, day: int) -> list[float]: ...


def _block(f: Mapping[str, Any], default: int) -> int:
    for key in ("blockNumber", "block_number", "block"):
        if f.get(key) is not None:
            return int(f[key])
    return default


class GuardFindingsSignal:
    """The guard's real findings about one target, bucketed by day: either a fixed number of
    blocks per day from `start_block`, or `day_starts` (the first block of each day, ascending;
    findings before the first day are dropped), which fits a chain with one block per transaction."""

    label = "guard findings"

    def __init__(
        self,
        findings: Iterable[Mapping[str, Any]],
        *,
        start_block: int = 0,
        blocks_per_day: int = 1,
        day_starts: Sequence[int] | None = None,
        target: str | None = None,
    ) -> None:
        self.start, self.per_day = start_block, max(blocks_per_day, 1)
        starts = list(day_starts) if day_starts is not None else None
        keep = [f for f in findings if target is None or target.lower() in str(f).lower()]
        self.by_day: dict[int, list[Mapping[str, Any]]] = {}
        for f in keep:
            block = _block(f, start_block)
            day = bisect_right(starts, block) - 1 if starts is not None else (block - start_block) // self.per_day
            if day >= 0:
                self.by_day.setdefault(day, []).append(f)

    def on_day(self, day: int) -> list[Mapping[str, Any]]:
        """The findings of day `day` alone."""
        return list(self.by_day.get(day, []))

    def features(self, day: int) -> list[float]:
        return findings_features(f for d, fs in self.by_day.items() if d <= day for f in fs)


@dataclass
class SimulatedGuardSignals:
    """SIMULATED guard output for one week (clearly not live data): background noise, and, when
    `exploit_day` is set, precursor findings that grow in the days before the exploit (an
    attacker's set-up: approvals, oracle probing, flash-loan dry runs), then criticals on the day."""

    seed: int = 0
    exploit_day: int | None = None
    label: str = "simulated guard signals"

    def features(self, day: int) -> list[float]:
        """Cumulative features up to `day` (0-based), deterministic for a seed."""
        rng = random.Random(self.seed * 1009 + 17)
        findings: list[dict[str, Any]] = []
        for d in range(day + 1):
            for _ in range(rng.randint(0, 2)):  # background noise: low-scoring findings
                findings.append({"score": rng.uniform(0.1, 0.55), "severity": rng.choice(["low", "medium", "high"])})
            if self.exploit_day is not None:
                lead = self.exploit_day - d
                if 0 < lead <= 3 and rng.random() < 0.75:  # precursors in the 3 days before
                    findings.append({"score": rng.uniform(0.55, 0.85), "severity": "high"})
                if lead == 0:
                    findings.append({"score": rng.uniform(0.9, 1.0), "severity": "critical"})
        return findings_features(findings)

    @staticmethod
    def history(
        weeks: int, seed: int = 0, exploit_rate: float = 0.3, day: int = 6
    ) -> tuple[list[list[float]], list[int]]:
        """Past weeks as training data: features up to `day`, label 1 if the pool was exploited."""
        rng = random.Random(seed)
        X, y = [], []
        for w in range(weeks):
            hit = rng.random() < exploit_rate
            src = SimulatedGuardSignals(seed=seed * 7919 + w, exploit_day=rng.randint(1, 8) if hit else None)
            exploited = hit and src.exploit_day is not None and src.exploit_day <= day
            X.append(src.features(rng.randint(0, day)))
            y.append(1 if exploited else 0)
        return X, y
