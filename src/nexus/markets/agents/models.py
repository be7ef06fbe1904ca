"""Pluggable forecasting models: softmax (logistic) regression, Gaussian naive Bayes, calibrated ensemble."""

from __future__ import annotations

import math
import random
from abc import ABC, abstractmethod
from collections.abc import Sequence

from ...exceptions import MarketError

__all__ = ["CalibratedEnsemble", "ForecastModel", "GaussianNaiveBayes", "LogisticModel", "softmax"]

Vector = Sequence[float]
_EPS = 1e-9


def softmax(z: Vector) -> list[float]:
    m = max(z)
    e = [math.exp(v - m) for v in z]
    s = sum(e)
    return [v / s for v in e]


def _clip(p: list[float]) -> list[float]:
    q = [min(max(v, 1e-6), 1 - 1e-6) for v in p]
    s = sum(q)
    return [v / s for v in q]


class ForecastModel(ABC):
    """Learns P(outcome | features) from labelled history: `fit(X, y)` then `predict_proba(x)`.

    Settings are `__init__` keywords; learned values end in an underscore (scikit-learn style).
    """

    n_outcomes_: int = 0

    @abstractmethod
    def fit(self, X: Sequence[Vector], y: Sequence[int]) -> ForecastModel:
        """Learn from features `X` and outcome indices `y`; returns self."""

    @abstractmethod
    def predict_proba(self, x: Vector) -> list[float]:
        """Outcome probabilities for one feature vector (they sum to 1)."""

    def _check(self, X: Sequence[Vector], y: Sequence[int]) -> int:
        if not X or len(X) != len(y):
            raise MarketError("model: need as many labels as feature rows (and at least one)")
        return max(max(y) + 1, 2)


class LogisticModel(ForecastModel):
    """Multinomial logistic regression, L2-regularised, fitted by full-batch gradient descent."""

    def __init__(self, *, lr: float = 0.5, epochs: int = 150, l2: float = 1e-3) -> None:
        self.lr, self.epochs, self.l2 = lr, epochs, l2

    def fit(self, X: Sequence[Vector], y: Sequence[int]) -> LogisticModel:
        k, d, n = self._check(X, y), len(X[0]), len(X)
        w = [[0.0] * (d + 1) for _ in range(k)]
        for _ in range(self.epochs):
            grad = [[0.0] * (d + 1) for _ in range(k)]
            for x, label in zip(X, y):
                p = softmax([row[-1] + sum(wi * xi for wi, xi in zip(row, x)) for row in w])
                for c in range(k):
                    g = p[c] - (1.0 if c == label else 0.0)
                    gc = grad[c]
                    for j, xj in enumerate(x):
                        gc[j] += g * xj
                    gc[-1] += g
            for c in range(k):
                for j in range(d + 1):
                    reg = self.l2 * w[c][j] if j < d else 0.0
                    w[c][j] -= self.lr * (grad[c][j] / n + reg)
        self.coef_, self.n_outcomes_ = w, k
        return self

    def predict_proba(self, x: Vector) -> list[float]:
        return softmax([row[-1] + sum(wi * xi for wi, xi in zip(row, x)) for row in self.coef_])


class GaussianNaiveBayes(ForecastModel):
    """Bayes' rule with Dirichlet-smoothed class priors and per-feature Gaussian likelihoods."""

    def __init__(self, *, prior_strength: float = 1.0, var_floor: float = 1e-3) -> None:
        self.prior_strength, self.var_floor = prior_strength, var_floor

    def fit(self, X: Sequence[Vector], y: Sequence[int]) -> GaussianNaiveBayes:
        k, d = self._check(X, y), len(X[0])
        counts = [sum(1 for v in y if v == c) for c in range(k)]
        total = len(y) + k * self.prior_strength
        self.log_prior_ = [math.log((c + self.prior_strength) / total) for c in counts]
        self.mean_, self.var_ = [], []
        for c in range(k):
            rows = [x for x, v in zip(X, y) if v == c] or [[0.0] * d]
            mean = [sum(r[j] for r in rows) / len(rows) for j in range(d)]
            var = [max(sum((r[j] - mean[j]) ** 2 for r in rows) / len(rows), self.var_floor) for j in range(d)]
            self.mean_.append(mean)
            self.var_.append(var)
        self.n_outcomes_ = k
        return self

    def predict_proba(self, x: Vector) -> list[float]:
        z = []
        for c in range(self.n_outcomes_):
            ll = self.log_prior_[c]
            for xj, m, v in zip(x, self.mean_[c], self.var_[c]):
                ll -= 0.5 * (math.log(2 * math.pi * v) + (xj - m) ** 2 / v)
            z.append(ll)
        return softmax(z)


class CalibratedEnsemble(ForecastModel):
    """Averages its members' log-probabilities, then fits a temperature on a held-out split so the
    ensemble's probabilities are calibrated (temperature scaling)."""

    def __init__(self, members: Sequence[ForecastModel], *, holdout: float = 0.25, seed: int = 0) -> None:
        if not members:
            raise MarketError("model: an ensemble needs at least one member")
        self.members, self.holdout, self.seed = list(members), holdout, seed

    def _logits(self, x: Vector) -> list[float]:
        probs = [_clip(m.predict_proba(x)) for m in self.members]
        return [sum(math.log(p[c]) for p in probs) / len(probs) for c in range(len(probs[0]))]

    def fit(self, X: Sequence[Vector], y: Sequence[int]) -> CalibratedEnsemble:
        k = self._check(X, y)
        idx = list(range(len(X)))
        random.Random(self.seed).shuffle(idx)
        cut = max(1, int(len(idx) * (1 - self.holdout)))
        train, held = idx[:cut], idx[cut:] or idx[:cut]
        for m in self.members:
            m.fit([X[i] for i in train], [y[i] for i in train])
        logits = [(self._logits(X[i]), y[i]) for i in held]
        best, best_loss = 1.0, math.inf
        for step in range(1, 61):  # temperature 0.1 .. 6.0
            t = step / 10
            loss = -sum(math.log(max(softmax([v / t for v in z])[label], _EPS)) for z, label in logits)
            if loss < best_loss:
                best, best_loss = t, loss
        self.temperature_, self.n_outcomes_ = best, k
        for m in self.members:  # refit on everything now that the temperature is chosen
            m.fit(X, y)
        return self

    def predict_proba(self, x: Vector) -> list[float]:
        return softmax([v / self.temperature_ for v in self._logits(x)])
