"""Fit the anomaly envelope on the evaluation world's benign traffic of every shape (training
seeds only; the evaluation uses other seeds)."""

from __future__ import annotations

import random
from pathlib import Path

from nexus.guard import build_monitor
from nexus.guard.context import GuardContext, price_impacts
from nexus.guard.detectors.anomaly import EnvelopeModel
from nexus.guard.detectors.base import Detector
from nexus.guard.findings import Finding
from nexus.guard.txview import TxView

from .benign import BENIGN
from .world import build_world

TRAIN_SEEDS = (501, 502)


class _Collect(Detector):
    name = "collect"

    def __init__(self) -> None:
        self.X: list[list[float]] = []

    def on_tx(self, view: TxView, ctx: GuardContext) -> list[Finding]:
        self.X.append(view.features(price_impacts(view, ctx) if view.swaps else None))
        return []


def fit_diverse(directory: Path, per_kind: int = 60, seeds: tuple[int, ...] = TRAIN_SEEDS) -> EnvelopeModel:
    """An envelope over every benign shape, on fresh worlds built from `seeds`."""
    col = _Collect()
    for seed in seeds:
        w = build_world(directory / f"fit-{seed}", seed=seed, users=12)
        mon = build_monitor(
            w.chain, targets=w.targets(), detectors=[col], breaker=False, start=w.chain.block_number() + 1
        )
        for kind, gen in BENIGN.items():
            gen(w, random.Random(seed * 31 + len(kind)), per_kind, mon.poll)
        w.chain.close()
    return EnvelopeModel(baseline=f"independent benign suite, {len(BENIGN)} shapes, seeds {list(seeds)}").fit(col.X)
