"""The simulated world: events with a hidden true model, and who observes which features.

In the "shared" world every forecaster observes every feature (each with its own noise): what
they know differs only by that noise and by their models. In the "dispersed" world (the default)
each forecaster observes its own window of the features, the windows overlapping in part, so the
Bayes-optimal forecast uses information that no single forecaster has, as in a real market where
traders hold different pieces of evidence."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Protocol

from .models import softmax

__all__ = ["INFO", "World", "feature_views"]

INFO = ("dispersed", "shared")


class _Shape(Protocol):
    @property
    def features(self) -> int: ...
    @property
    def outcomes(self) -> int: ...


class World:
    """Events with a hidden true model: P(outcome | x) = softmax(W x), x ~ N(0, I)."""

    def __init__(self, cfg: _Shape, rng: random.Random) -> None:
        self.cfg = cfg
        self.w = [[rng.gauss(0, 1.2) for _ in range(cfg.features)] for _ in range(cfg.outcomes)]

    def truth(self, x: Sequence[float]) -> list[float]:
        return softmax([sum(wi * xi for wi, xi in zip(row, x)) for row in self.w])

    def draw(self, rng: random.Random) -> tuple[list[float], int]:
        x = [rng.gauss(0, 1) for _ in range(self.cfg.features)]
        p = self.truth(x)
        return x, rng.choices(range(len(p)), p)[0]


def feature_views(info: str, features: int, agents: int) -> list[tuple[int, ...] | None]:
    """Which features each of `agents` forecasters observes (None: all of them).

    "dispersed": windows of ceil(features / 2) consecutive features, their starts spread evenly
    from the first feature to the last window, so neighbours overlap in part and together they
    cover every feature. With 4 features and 3 forecasters: {0, 1}, {1, 2}, {2, 3}; each sees
    half of the evidence, and the truth needs all of it."""
    if info == "shared" or features == 1:
        return [None] * agents
    width = math.ceil(features / 2)
    last = features - width
    starts = [round(i * last / max(agents - 1, 1)) for i in range(agents)]
    return [tuple(range(s, s + width)) for s in starts]
