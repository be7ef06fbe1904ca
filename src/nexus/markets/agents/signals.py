"""Risk signals forecasters read: features from the guard's findings, or a labelled simulated feed."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["FEATURES", "GuardFindingsSignal", "SignalSource", "SimulatedGuardSignals", "findings_features"]

# One day's features: the highest detector score, and counts of critical and high findings.
FEATURES = ("max_score", "critical", "high")


def findings_features(findings: Iterable[Mapping[str, Any]]) -> list[float]:
    """Features of one period from guard findings (dicts as `GuardStore.findings()` returns them,
    or `Finding.to_json()`): [max score, number critical, number high]."""
    max_score, critical, high = 0.0, 0, 0
    for f in findings:
        max_score = max(max_score, float(f.get("score", 0.0)))
        severity = str(f.get("severity", "")).lower()
        critical += severity == "critical"
        high += severity == "high"
    return [max_score, float(critical), float(high)]


class SignalSource(Protocol):
    """Where a forecaster's evidence comes from: features for day `day` of the question's week."""

    label: str

    def features(self, day: int) -> list[float]: ...


class GuardFindingsSignal:
    """The guard's real findings about one target, bucketed by day (blocks per day given)."""

    label = "guard findings"

    def __init__(self, findings: Iterable[Mapping[str, Any]], *, start_block: int, blocks_per_day: int,
                 target: str | None = None) -> None:
        self.start, self.per_day = start_block, max(blocks_per_day, 1)
        keep = [f for f in findings if target is None or target.lower() in str(f).lower()]
        self.by_day: dict[int, list[Mapping[str, Any]]] = {}
        for f in keep:
            day = (int(f.get("block", f.get("block_number", start_block))) - start_block) // self.per_day
            self.by_day.setdefault(day, []).append(f)

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
    def history(weeks: int, seed: int = 0, exploit_rate: float = 0.3,
                day: int = 6) -> tuple[list[list[float]], list[int]]:
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
