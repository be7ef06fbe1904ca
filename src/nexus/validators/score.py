"""Rated-style validator effectiveness, a learned next-epoch predictor, and a delegator's stake allocator.

Effectiveness over a window = (0.84 * attestation effectiveness + 0.125 * proposal success + 0.03 * sync
participation) / 0.995, each duty averaged over the epochs it was assigned (a validator with no proposal
in the window is scored on the duties it had). The predictor is a ridge regression of the next epoch's
duty-weighted effectiveness on features known at the end of the current epoch only (no look-ahead:
row t uses epochs <= t). The allocator stakes equally on the top-k predicted validators, at most
`per_cluster` per hosting cluster, so one outage cannot take the whole stake down.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..exceptions import ValidatorInputError
from .pos import W_ATT, W_PROP, W_SYNC, Epochs

__all__ = ["Predictor", "allocate", "compare_allocations", "effectiveness", "features"]


def _ratio(num: np.ndarray, den: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), fallback)


def effectiveness(ep: Epochs, upto: int, window: int = 8) -> np.ndarray:
    """Per validator effectiveness over epochs (upto - window, upto], 0..1."""
    if not 0 < upto <= ep.shape[0]:
        raise ValidatorInputError(f"epoch {upto} outside 1..{ep.shape[0]}")
    lo = max(0, upto - window)
    att = ep.att[lo:upto].mean(axis=0)
    prop = _ratio(ep.proposed[lo:upto].sum(axis=0), ep.proposals[lo:upto].sum(axis=0), att)
    s = ep.sync[lo:upto]
    sync = _ratio(np.nansum(s, axis=0), (~np.isnan(s)).sum(axis=0).astype(float), att)
    score = (W_ATT * att + W_PROP * prop + W_SYNC * sync) / (W_ATT + W_PROP + W_SYNC)
    return np.where(ep.slashed[upto - 1], 0.0, score)


def features(ep: Epochs, t: int) -> np.ndarray:
    """Features of every validator known at the end of epoch t (uses epochs <= t only)."""
    lo = max(0, t - 31)
    return np.column_stack(
        [
            np.ones(ep.shape[1]),
            effectiveness(ep, t + 1, 1),
            effectiveness(ep, t + 1, 8),
            effectiveness(ep, t + 1, 32),
            ep.att[lo : t + 1].std(axis=0),
            ep.down[lo : t + 1].mean(axis=0),
            ep.down[t].astype(float),
            ep.latency / 100.0,
            ep.slashed[t].astype(float),
        ]
    )


class Predictor:
    """Ridge regression of next-epoch effectiveness on `features`."""

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha
        self.coef: np.ndarray | None = None

    def fit(self, ep: Epochs, epochs: range) -> Predictor:
        xs = np.vstack([features(ep, t) for t in epochs])
        ys = np.concatenate([effectiveness(ep, t + 2, 1) for t in epochs])
        reg = self.alpha * np.eye(xs.shape[1])
        reg[0, 0] = 0.0
        self.coef = np.linalg.solve(xs.T @ xs + reg, xs.T @ ys)
        return self

    def predict(self, ep: Epochs, t: int) -> np.ndarray:
        if self.coef is None:
            raise ValidatorInputError("predictor is not fitted")
        return features(ep, t) @ self.coef


def allocate(scores: np.ndarray, clusters: np.ndarray, k: int, per_cluster: int | None = None) -> np.ndarray:
    """Equal stake weights on the top-k scores, at most `per_cluster` per cluster (None: no cap)."""
    if not 0 < k <= len(scores):
        raise ValidatorInputError(f"k must be 1..{len(scores)}")
    w = np.zeros(len(scores))
    used: dict[int, int] = {}
    for i in np.argsort(-scores, kind="stable"):
        c = int(clusters[i])
        if per_cluster is not None and used.get(c, 0) >= per_cluster:
            continue
        w[i] = 1.0
        used[c] = used.get(c, 0) + 1
        if w.sum() >= k:
            break
    return w / w.sum()


def compare_allocations(ep: Epochs, *, k: int = 20, train_frac: float = 0.5, hold: int = 8) -> dict[str, Any]:
    """Realised rewards per unit stake over the test epochs: uniform, last-epoch best, predictor.
    Allocations are set at epoch t from data <= t and earn the rewards of epochs t+1 .. t+hold."""
    e, v = ep.shape
    split = int(e * train_frac)
    pred = Predictor().fit(ep, range(32, split - 2))
    n_clusters = int(ep.cluster.max()) + 1
    cap = max(1, int(np.ceil(2 * k / n_clusters)))
    totals = {"uniform": 0.0, "last_epoch_best": 0.0, "predictor": 0.0}
    epochs_used = 0
    for t in range(split, e - hold, hold):
        future = ep.reward[t + 1 : t + 1 + hold].sum(axis=0)
        alive = ~ep.slashed[t]
        uniform = alive / alive.sum()
        last = allocate(np.where(alive, ep.reward[t], -np.inf), ep.cluster, k)
        ours = allocate(np.where(alive, pred.predict(ep, t), -np.inf), ep.cluster, k, cap)
        totals["uniform"] += float(uniform @ future)
        totals["last_epoch_best"] += float(last @ future)
        totals["predictor"] += float(ours @ future)
        epochs_used += hold
    return {
        "epochs": epochs_used,
        "k": k,
        "per_cluster": cap,
        **{name: total / max(epochs_used, 1) for name, total in totals.items()},
    }
