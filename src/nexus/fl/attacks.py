"""What each simulated client sends back: honest training, free-riding, or a poisoning attack.

Roles: `honest`; free-riders `free-rider` (returns the global model) and `noise` (global + Gaussian
noise); poisoners `label-flip`, `scaled` (label flip boosted as a model replacement, Bagdasaryan et al.
2020) and `backdoor` (a trigger stamped on some rows relabelled to TARGET, boosted). Faults for the
timeout path: `crash` raises, `hang` sleeps past the round's timeout.
"""

from __future__ import annotations

import time

import numpy as np

from ..exceptions import FLInputError
from .models import FLModel

__all__ = ["FREE_RIDERS", "POISONERS", "ROLES", "TARGET", "client_update", "stamp"]

FREE_RIDERS = ("free-rider", "noise")
POISONERS = ("label-flip", "scaled", "backdoor")
FAULTS = ("crash", "hang")
ROLES = ("honest", *FREE_RIDERS, *POISONERS, *FAULTS)
TARGET = 0  # the backdoor's target class
TRIGGER = 4  # the first TRIGGER features are set to TRIGGER_VALUE
TRIGGER_VALUE = 4.0


def stamp(X: np.ndarray) -> np.ndarray:
    """Rows with the backdoor trigger applied."""
    out = np.array(X, copy=True)
    out[:, :TRIGGER] = TRIGGER_VALUE
    return out


def _boost(global_: list[np.ndarray], local: list[np.ndarray], factor: float) -> list[np.ndarray]:
    return [g + factor * (w - g) for g, w in zip(global_, local)]


def client_update(
    role: str,
    model: FLModel,
    global_arrays: list[np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int,
    lr: float,
    seed: int,
    boost: float,
    hang_s: float = 30.0,
    mu: float = 0.0,
) -> list[np.ndarray]:
    """The arrays a client with `role` returns for this round."""
    if role == "honest":
        return model.train(global_arrays, X, y, epochs=epochs, lr=lr, seed=seed, mu=mu)
    if role == "free-rider":
        return [np.array(a, copy=True) for a in global_arrays]
    if role == "noise":
        rng = np.random.default_rng(seed)
        return [a + rng.normal(0.0, 1.0, size=np.shape(a)) for a in global_arrays]
    if role in ("label-flip", "scaled"):
        flipped = (model.classes - 1 - y).astype(np.int64)
        local = model.train(global_arrays, X, flipped, epochs=epochs, lr=lr, seed=seed)
        return local if role == "label-flip" else _boost(global_arrays, local, boost)
    if role == "backdoor":
        k = max(1, len(y) // 2)
        Xb = np.vstack([X, stamp(X[:k])])
        yb = np.concatenate([y, np.full(k, TARGET, dtype=np.int64)])
        local = model.train(global_arrays, Xb, yb, epochs=epochs, lr=lr, seed=seed)
        return _boost(global_arrays, local, boost)
    if role == "crash":
        raise RuntimeError("simulated client crash")
    if role == "hang":
        time.sleep(hang_s)
        return model.train(global_arrays, X, y, epochs=epochs, lr=lr, seed=seed)
    raise FLInputError(f"unknown client role {role!r}; known: {', '.join(ROLES)}")
