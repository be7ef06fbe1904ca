"""Benign traffic of the evaluation world as feature vectors per kind: the eval-world sources the
shipped anomaly model is fitted on (the fitting is nexus.guard.training; the script that ships
the model is benchmarks/fit_guard_anomaly.py).

The split is by source: FIT_KINDS (on TRAIN_SEEDS worlds) and the sandbox simulator are fitted
on; HELD_OUT_KINDS are never fitted on and are evaluated, with FIT_KINDS, on a world of EVAL_SEED.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from nexus.guard import build_monitor
from nexus.guard.training import FeatureCollector

from .suite import BENIGN
from .world import build_world

TRAIN_SEEDS = (501, 502)
EVAL_SEED = 503
FIT_KINDS = (
    "transfers",
    "router_swaps",
    "arbitrage",
    "vault_use",
    "whale_exit",
    "batch_payouts",
    "bridge_use",
    "governance_budget",
    "deployments",
)
HELD_OUT_KINDS = ("market_maker", "token_launch", "twap_whale", "twap_arbitrage", "bridge_roundtrip")


def kind_vectors(
    directory: Path, seeds: Sequence[int], kinds: Sequence[str], per_kind: int = 60
) -> dict[str, list[list[float]]]:
    """kind -> feature vectors of about `per_kind` transactions of it on a fresh world per seed."""
    return kind_samples(directory, seeds, kinds, per_kind)[0]


def kind_samples(
    directory: Path, seeds: Sequence[int], kinds: Sequence[str], per_kind: int = 60
) -> tuple[dict[str, list[list[float]]], dict[str, list[bool]]]:
    """kind_vectors, plus per transaction whether it extracted value (the anomaly detector's gate)."""
    col = FeatureCollector()
    for seed in seeds:
        w = build_world(directory / f"fit-{seed}", seed=seed, users=12)
        mon = build_monitor(
            w.chain, targets=w.targets(), detectors=[col], breaker=False, start=w.chain.block_number() + 1
        )
        for kind in kinds:
            mon.poll()
            col.source = kind
            BENIGN[kind](w, random.Random(seed * 31 + len(kind)), per_kind, mon.poll)
            mon.poll()
        w.chain.close()
    return dict(col.vectors_), dict(col.extracted_)
