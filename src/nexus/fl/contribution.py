"""Contribution of each client's update to one round, scored on the server's validation set.

The value of a coalition S is the validation utility (the federation uses the mean probability of the
true class, a smooth accuracy) of the previous global model moved by S's share
of the round's FedAvg step: g + sum over i in S of (n_i / n) (w_i - g), n counting every update's examples.
The grand coalition is FedAvg itself, the empty one the previous global model, and a client sending the
global model back adds exactly nothing (a null player, so its Shapley value is exactly 0). Three
estimators: leave-one-out (n + 1 evaluations), truncated Monte-Carlo permutation Shapley (Ghorbani &
Zou 2019), and exact Shapley (2^n evaluations; for checking the estimate on a few clients). Each
reports its cost: how many aggregates it evaluated and how long that took.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..exceptions import FLInputError

__all__ = [
    "METHODS",
    "Contribution",
    "CoalitionValue",
    "exact_shapley",
    "fedavg",
    "leave_one_out",
    "monte_carlo_shapley",
    "score",
]

Arrays = list[np.ndarray]
METHODS = ("shapley", "loo", "exact")


def fedavg(updates: Sequence[Arrays], weights: Sequence[float]) -> Arrays:
    """The example-weighted mean of `updates` (each a list of arrays of the same shapes)."""
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    return [sum(wi * u[k] for wi, u in zip(w, updates)) for k in range(len(updates[0]))]


@dataclass
class CoalitionValue:
    """v(S) with memoisation; `evaluations` counts the distinct aggregates evaluated."""

    updates: Sequence[Arrays]
    weights: Sequence[float]
    baseline: Arrays
    metric: Callable[[Arrays], float]
    cache: dict[frozenset[int], float] = field(default_factory=dict)
    evaluations: int = 0

    def __call__(self, members: frozenset[int]) -> float:
        if members not in self.cache:
            self.evaluations += 1
            total = float(sum(self.weights))
            arrays = [np.array(b, dtype=np.float64, copy=True) for b in self.baseline]
            for i in sorted(members):
                share = self.weights[i] / total
                for k, b in enumerate(self.baseline):
                    arrays[k] += share * (self.updates[i][k] - b)
            self.cache[members] = float(self.metric(arrays))
        return self.cache[members]


@dataclass(frozen=True)
class Contribution:
    """One estimator's scores for one round, with its cost."""

    method: str
    values: list[float]
    evaluations: int
    seconds: float

    def to_json(self) -> dict[str, object]:
        return {
            "method": self.method,
            "values": [round(v, 6) for v in self.values],
            "evaluations": self.evaluations,
            "seconds": round(self.seconds, 6),
        }


def leave_one_out(value: CoalitionValue, n: int) -> list[float]:
    full = frozenset(range(n))
    return [value(full) - value(full - {i}) for i in range(n)]


def exact_shapley(value: CoalitionValue, n: int) -> list[float]:
    if n > 16:
        raise FLInputError("exact Shapley over more than 16 clients is 2^n aggregates: use the estimate")
    phi = [0.0] * n
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for k in range(n):
            w = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
            for s in itertools.combinations(others, k):
                base = frozenset(s)
                phi[i] += w * (value(base | {i}) - value(base))
    return phi


def monte_carlo_shapley(
    value: CoalitionValue, n: int, *, permutations: int = 0, seed: int = 0, tolerance: float = 0.0
) -> list[float]:
    """Average marginal contributions over random orders; a permutation is truncated once the
    running coalition is within `tolerance` of the grand coalition's value (the rest get 0)."""
    rng = np.random.default_rng(seed)
    perms = permutations or max(20, 4 * n)
    full = value(frozenset(range(n)))
    phi = np.zeros(n)
    for _ in range(perms):
        order = rng.permutation(n)
        members: frozenset[int] = frozenset()
        prev = value(members)
        for i in order:
            if tolerance and abs(full - prev) <= tolerance:
                continue
            members = members | {int(i)}
            cur = value(members)
            phi[i] += cur - prev
            prev = cur
    return (phi / perms).tolist()


def score(
    method: str,
    updates: Sequence[Arrays],
    weights: Sequence[float],
    baseline: Arrays,
    metric: Callable[[Arrays], float],
    *,
    permutations: int = 0,
    seed: int = 0,
) -> Contribution:
    """Score `updates` with `method` ("shapley", "loo" or "exact")."""
    if method not in METHODS:
        raise FLInputError(f"unknown contribution method {method!r}; known: {', '.join(METHODS)}")
    n = len(updates)
    value = CoalitionValue(updates, weights, baseline, metric)
    t0 = time.perf_counter()
    if n == 0:
        vals: list[float] = []
    elif method == "loo":
        vals = leave_one_out(value, n)
    elif method == "exact":
        vals = exact_shapley(value, n)
    else:
        vals = monte_carlo_shapley(value, n, permutations=permutations, seed=seed)
    return Contribution(method, vals, value.evaluations, time.perf_counter() - t0)
