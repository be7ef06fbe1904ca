"""A learned consensus of what the market revealed: an online, ridge-regularised logistic stack.

Each trader's revealed belief is a vector of outcome probabilities. The consensus at round t is

    P(outcome c) = softmax_c( sum_j w_j,t * log p_j,c + beta_c,t )

a log-linear pool whose weights (and per-outcome intercepts) are fitted, round by round, on the
markets that have resolved (maximum likelihood with a ridge penalty towards the prior weights).
With two outcomes it is logistic regression on the traders' revealed log-odds. When the traders
hold *disjoint* information the right weights are near 1 each (Bayes' rule for independent
evidence, the intercept removing the prior counted k - 1 times too often); when they hold the
*same* information the right weights sum to about 1 and favour the most accurate one. The stack
is not told which world it is in: it learns the weights from the outcomes. It reads only public
data (the tape and the outcomes), so every trader computes the same consensus.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .models import softmax

__all__ = ["StackedPool"]

_FLOOR = 1e-4


def _features(revealed: dict[str, list[float]], names: Sequence[str], n: int) -> list[list[float]]:
    """Per outcome c: the traders' log-probabilities of c, then a one-hot intercept (c >= 1)."""
    logs = [[math.log(max(v, _FLOOR)) for v in revealed[name]] for name in names]
    return [[lj[c] for lj in logs] + [1.0 if c == i else 0.0 for i in range(1, n)] for c in range(n)]


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a is small and positive definite)."""
    m = [row[:] + [v] for row, v in zip(a, b)]
    d = len(b)
    for col in range(d):
        piv = max(range(col, d), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(col + 1, d):
            f = m[r][col] / m[col][col]
            for c in range(col, d + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * d
    for r in range(d - 1, -1, -1):
        x[r] = (m[r][d] - sum(m[r][c] * x[c] for c in range(r + 1, d))) / m[r][r]
    return x


@dataclass
class StackedPool:
    """Online stacked log-linear pool, one set of weights per round.

    `prior` is the weight each trader gets before any market resolved (1 / k: the equal-weight
    log pool). `ridge` is the penalty, in markets, on moving away from the prior: after m resolved
    markets the data weigh m against `ridge`. Each resolution refits the round's weights by a
    few Newton steps from the previous ones (warm start)."""

    rounds: int
    ridge: float = 20.0
    prior: float | None = None  # None: 1 / (number of traders)
    newton_steps: int = 2
    data: dict[int, list[tuple[list[list[float]], int]]] = field(default_factory=dict)
    theta: dict[int, list[float]] = field(default_factory=dict)
    names: tuple[str, ...] = ()
    start: list[float] | None = None  # prior weights fitted on the forecasters' published record
    last: object = None  # the market recorded last (every reader reports it; it counts once)

    def _prior(self, k: int, n: int) -> list[float]:
        if self.start is not None and len(self.start) == k + n - 1:
            return list(self.start)
        w = self.prior if self.prior is not None else 1.0 / k
        return [w] * k + [0.0] * (n - 1)

    def warm(self, published: Sequence[tuple[dict[str, list[float]], int]], steps: int = 6) -> None:
        """Fit the prior weights on the forecasters' published forecasts of past, resolved events
        (their public track record, before the first market) instead of starting from 1 / k."""
        if not published:
            return
        self.names = tuple(sorted(published[0][0]))
        n = len(published[0][0][self.names[0]])
        rows = [(_features(r, self.names, n), y) for r, y in published if tuple(sorted(r)) == self.names]
        ridge, self.ridge = self.ridge, 1e-3 * len(rows)
        start = self._prior(len(self.names), n)
        self.start = self._fit(rows, start, len(self.names), n, steps)
        self.ridge = ridge

    def consensus(self, round_: int, revealed: dict[str, list[float]]) -> list[float]:
        names = tuple(sorted(revealed))
        n = len(next(iter(revealed.values())))
        t = min(round_, self.rounds - 1)
        theta = self.theta.get(t) if names == self.names else None
        if theta is None or len(theta) != len(names) + n - 1:
            theta = self._prior(len(names), n)
        return softmax([sum(a * b for a, b in zip(theta, phi)) for phi in _features(revealed, names, n)])

    def record(self, seen: Sequence[tuple[int, dict[str, list[float]]]], outcome: int) -> None:
        """Add one resolved market's revealed beliefs, round by round, and refit those rounds.
        Every trader sharing this stack reports the same public market; it is counted once."""
        key = (outcome, [(t, sorted((k, tuple(v)) for k, v in r.items())) for t, r in seen])
        if key == self.last:
            return
        self.last = key
        for t, revealed in seen:
            names = tuple(sorted(revealed))
            if not self.names:
                self.names = names
            if names != self.names:  # a trader missing from the tape: not comparable, skip
                continue
            t = min(t, self.rounds - 1)
            n = len(next(iter(revealed.values())))
            self.data.setdefault(t, []).append((_features(revealed, names, n), outcome))
            self.theta[t] = self._fit(self.data[t], self.theta.get(t) or self._prior(len(names), n), len(names), n)

    def _fit(
        self, rows: list[tuple[list[list[float]], int]], start: list[float], k: int, n: int, steps: int = 0
    ) -> list[float]:
        prior, theta, d = self._prior(k, n), list(start), len(start)
        for _ in range(steps or self.newton_steps):
            grad = [self.ridge * (a - p) for a, p in zip(theta, prior)]
            hess = [[self.ridge if i == j else 0.0 for j in range(d)] for i in range(d)]
            for phis, y in rows:
                probs = softmax([sum(a * b for a, b in zip(theta, phi)) for phi in phis])
                mean = [sum(p * phi[i] for p, phi in zip(probs, phis)) for i in range(d)]
                for i in range(d):
                    grad[i] += mean[i] - phis[y][i]
                for p, phi in zip(probs, phis):
                    dev = [phi[i] - mean[i] for i in range(d)]
                    for i in range(d):
                        if dev[i]:
                            row, di = hess[i], p * dev[i]
                            for j in range(d):
                                row[j] += di * dev[j]
            step = _solve(hess, grad)
            theta = [a - s for a, s in zip(theta, step)]
        return theta
