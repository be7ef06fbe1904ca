"""Forecasters that infer what the others know from what they revealed (rational-expectations style).

A pool of revealed beliefs can only re-weight them: with dispersed evidence (each forecaster sees
a window of the features), k revealed log-odds span at most k directions of the feature space, so
no weights reproduce a truth that needs more. Here each forecaster i instead fits a second-stage
model over its OWN observed features and the log-probabilities the OTHERS revealed this round:

    P(outcome c) = softmax_c( a_c . own_i + sum_j b_jc . (log p_j - log p_j,0) + beta_c )

(class 0 is the reference). With its own two features and the others' log-odds (each a function
of their own windows) the inputs span every feature direction, so the model can represent the
truth. It is a multinomial logistic regression, ridge-regularised towards the fit on the
forecasters' published track record (the 300 past events: its own features of them, and the
others' published forecasts), then refitted per round by warm-started Newton steps after each
resolved market (the noise, and so the right weights, change by round).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from .models import softmax
from .pooling import PoolingForecaster
from .stacking import _solve
from .traders import MarketView, Order

__all__ = ["InferenceModel", "InferringForecaster", "inputs", "log_pool"]

_FLOOR = 1e-4


def inputs(own: Sequence[float], others: Sequence[Sequence[float]]) -> list[float]:
    """The second-stage inputs: own observed features, then each other's revealed log-odds against
    outcome 0 (log p_c - log p_0, c >= 1)."""
    z = list(own)
    for p in others:
        base = math.log(max(p[0], _FLOOR))
        z.extend(math.log(max(v, _FLOOR)) - base for v in p[1:])
    return z


def log_pool(beliefs: Sequence[Sequence[float]]) -> list[float]:
    """Equal-weight log-linear pool (the beliefs estimate the same thing: weights sum to 1)."""
    n = len(beliefs[0])
    return softmax([sum(math.log(max(b[c], _FLOOR)) for b in beliefs) / len(beliefs) for c in range(n)])


def _logits(theta: Sequence[float], z: Sequence[float], n: int) -> list[float]:
    d = len(z) + 1
    return [0.0] + [
        theta[(c - 1) * d + d - 1] + sum(a * b for a, b in zip(theta[(c - 1) * d :], z)) for c in range(1, n)
    ]


def fit_logit(
    rows: Sequence[tuple[Sequence[float], int]],
    n: int,
    start: Sequence[float],
    prior: Sequence[float],
    ridge: float,
    steps: int,
) -> list[float]:
    """Newton steps on the ridge-penalised multinomial log loss (ridge * |theta - prior|^2 / 2)."""
    theta, dim = list(start), len(start)
    d = dim // (n - 1)
    for _ in range(steps):
        grad = [ridge * (a - p) for a, p in zip(theta, prior)]
        hess = [[ridge if i == j else 0.0 for j in range(dim)] for i in range(dim)]
        for z, y in rows:
            zz = [*z, 1.0]
            p = softmax(_logits(theta, z, n))
            for c in range(1, n):
                g = p[c] - (1.0 if y == c else 0.0)
                off = (c - 1) * d
                for i, v in enumerate(zz):
                    grad[off + i] += g * v
                for c2 in range(1, n):
                    w = p[c] * ((1.0 if c == c2 else 0.0) - p[c2])
                    if not w:
                        continue
                    off2 = (c2 - 1) * d
                    for i, vi in enumerate(zz):
                        row, wv = hess[off + i], w * vi
                        for j, vj in enumerate(zz):
                            row[off2 + j] += wv * vj
        step = _solve(hess, grad)
        theta = [a - s for a, s in zip(theta, step)]
    return theta


@dataclass
class InferenceModel:
    """One forecaster's second-stage model, one weight vector per round (see the module doc)."""

    rounds: int
    ridge: float = 60.0  # markets' worth of pull towards the record's fit (tuning seeds: 5 / 20 / 60 / 200)
    newton_steps: int = 2
    start: list[float] | None = None
    theta: dict[int, list[float]] = field(default_factory=dict)
    data: dict[int, list[tuple[list[float], int]]] = field(default_factory=dict)
    n: int = 2

    def warm(self, rows: Sequence[tuple[list[float], int]], n: int, steps: int = 8) -> None:
        """Fit the starting weights on the published record (inputs, outcome) of past events."""
        self.n = n
        zero = [0.0] * ((n - 1) * (len(rows[0][0]) + 1))
        self.start = fit_logit(rows, n, zero, zero, 1e-3 * len(rows), steps)

    def _prior(self, dim: int) -> list[float]:
        return list(self.start) if self.start is not None and len(self.start) == dim else [0.0] * dim

    def predict(self, round_: int, z: Sequence[float]) -> list[float]:
        t = min(round_, self.rounds - 1)
        dim = (self.n - 1) * (len(z) + 1)
        theta = self.theta.get(t)
        return softmax(_logits(theta if theta and len(theta) == dim else self._prior(dim), z, self.n))

    def record(self, round_: int, z: list[float], outcome: int) -> None:
        t = min(round_, self.rounds - 1)
        dim = (self.n - 1) * (len(z) + 1)
        rows = self.data.setdefault(t, [])
        rows.append((z, outcome))
        prior = self._prior(dim)
        start = self.theta.get(t) or prior
        self.theta[t] = fit_logit(rows, self.n, start, prior, self.ridge, self.newton_steps)


@dataclass
class InferringForecaster(PoolingForecaster):
    """A pooling forecaster whose later-pass belief is inferred, not pooled. Pass 0: trade to (and
    reveal) its own model's forecast. Pass 1: its second-stage belief from its own observation and
    the others' revealed forecasts; it moves the price there and the tape shows it. Pass 2 and
    later: move the price to the equal-weight log pool of the second-stage beliefs on the tape.
    `reveal` is always on (every move is a `move_to`)."""

    inference: InferenceModel | None = None
    own: list[list[float]] = field(default_factory=list)  # this market's observation, by round
    inferred: list[tuple[int, list[float]]] = field(default_factory=list)

    def start(self) -> None:
        super().start()
        self.own.clear()
        self.inferred.clear()

    def visible(self, obs: Sequence[float]) -> list[float]:
        """The features this forecaster observes (its own window), in order."""
        return list(obs) if self.sees is None else [obs[j] for j in self.sees]

    def act(self, market: MarketView, features: Sequence[float], rng: random.Random) -> list[Order]:
        t, k = self.round_, self.pass_
        self.pass_ += 1
        tape = self.tape
        if k == 0:
            obs = self.see(features, rng)
            self.own.append(self.visible(obs))
            self.private.append(self.model.predict_proba(obs))
            if tape is not None:
                tape.revealed[self.name] = list(self.private[-1])
            return self.trade_to(market, self.private[-1])
        if tape is None or self.inference is None:
            return []
        if k == 1 or self.name not in tape.second:
            others = [tape.revealed[m] for m in sorted(tape.revealed) if m != self.name]
            if not others:
                return self.move_to(market, self.private[-1])
            z = inputs(self.own[-1], others)
            if not self.inferred or self.inferred[-1][0] != t:
                self.inferred.append((t, z))
            belief = self.inference.predict(t, z)
            tape.second[self.name] = belief
            return self.move_to(market, belief)
        return self.move_to(market, log_pool([tape.second[m] for m in sorted(tape.second)]))

    def resolve(self, outcome: int) -> None:
        if self.inference is not None:
            for t, z in self.inferred:
                self.inference.record(t, z, outcome)


def publish_inference_record(agents: Sequence[object], X: Sequence[Sequence[float]], y: Sequence[int]) -> None:
    """Before the first market: each inferring forecaster fits its starting second-stage weights on
    its own features of the past events and the others' published (in-sample) forecasts of them."""
    team = [a for a in agents if isinstance(a, InferringForecaster) and a.inference is not None]
    if len(team) < 2:
        return
    published = {a.name: [a.model.predict_proba(a.hide(x)) for x in X] for a in team}
    n = len(published[team[0].name][0])
    for a in team:
        others = sorted(m for m in published if m != a.name)
        rows = [
            (inputs(a.visible(x), [published[m][i] for m in others]), label) for i, (x, label) in enumerate(zip(X, y))
        ]
        assert a.inference is not None
        a.inference.warm(rows, n)
