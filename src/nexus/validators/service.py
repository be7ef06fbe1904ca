"""Validator operations as plain data for the CLI, the API and the SDK."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..exceptions import ValidatorInputError
from .pos import simulate_pos
from .pow import compare_rules
from .score import Predictor, allocate, compare_allocations, effectiveness

__all__ = ["allocate_stake", "leaderboard", "simulate"]


def _sim(validators: int, epochs: int, seed: int) -> Any:
    if not (16 <= validators <= 5000 and 80 <= epochs <= 5000):
        raise ValidatorInputError("validators must be 16..5000 and epochs 80..5000")
    return simulate_pos(validators, epochs, seed=seed)


def leaderboard(
    *, validators: int = 100, epochs: int = 160, seed: int = 0, top: int = 10, window: int = 32
) -> list[dict[str, Any]]:
    """Top validators by Rated-style effectiveness over the last `window` epochs, with the prediction."""
    ep = _sim(validators, epochs, seed)
    eff = effectiveness(ep, epochs, window)
    pred = Predictor().fit(ep, range(32, epochs - 2)).predict(ep, epochs - 1)
    order = np.argsort(-eff, kind="stable")[: max(1, min(top, validators))]
    return [
        {
            "validator": int(i),
            "effectiveness": round(float(eff[i]), 4),
            "predicted_next": round(float(pred[i]), 4),
            "cluster": int(ep.cluster[i]),
            "latency_ms": round(float(ep.latency[i]), 1),
            "slashed": bool(ep.slashed[-1, i]),
            "down_epochs": int(ep.down[:, i].sum()),
        }
        for i in order
    ]


def allocate_stake(*, validators: int = 100, epochs: int = 160, seed: int = 0, k: int = 10) -> dict[str, Any]:
    """Where a delegator should stake now (equal weights, cluster-capped), and the backtest of the rule."""
    ep = _sim(validators, epochs, seed)
    if not 0 < k <= validators:
        raise ValidatorInputError(f"k must be 1..{validators}")
    pred = Predictor().fit(ep, range(32, epochs - 2)).predict(ep, epochs - 1)
    cap = max(1, int(np.ceil(2 * k / (int(ep.cluster.max()) + 1))))
    w = allocate(np.where(ep.slashed[-1], -np.inf, pred), ep.cluster, k, cap)
    return {
        "weights": {str(i): round(float(w[i]), 6) for i in np.flatnonzero(w)},
        "backtest": compare_allocations(ep, k=k),
    }


def simulate(*, validators: int = 100, epochs: int = 160, seed: int = 0, pow_blocks: int = 8000) -> dict[str, Any]:
    """PoS allocation backtest and the PoW difficulty-rule comparison."""
    ep = _sim(validators, epochs, seed)
    if not 1000 <= pow_blocks <= 100_000:
        raise ValidatorInputError("pow blocks must be 1000..100000")
    return {"pos": compare_allocations(ep), "pow": compare_rules(blocks=pow_blocks, seeds=1)}
