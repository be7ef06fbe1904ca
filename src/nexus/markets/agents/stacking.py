"""A learned pool of the forecasters' revealed beliefs (stacking): the consensus is
softmax(sum_i w_i log p_i), with one weight per trader and round fitted by Newton's method on the
log loss of every resolved market so far. Unlike Bayesian model averaging, which converges on the
single best trader, the weights may mix traders whose errors are independent and may sum past 1
(extremising: each trader saw only part of the evidence). A ridge pulls them towards equal
weights summing to 1, so the first markets, with little track record, get a plain average."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .models import softmax
from .pooling import _logs

__all__ = ["StackedRecord"]


@dataclass
class StackedRecord:
    """Same calls as `TrackRecord` (weights, consensus, record); it reads only public data, so
    every trader fits the same weights."""

    rounds: int
    ridge: float = 2.0
    iterations: int = 3
    samples: dict[int, list[tuple[dict[str, list[float]], int]]] = field(default_factory=dict)
    fitted: dict[int, dict[str, float]] = field(default_factory=dict)

    def weights(self, round_: int, names: Sequence[str]) -> list[float]:
        w = self.fitted.get(min(round_, self.rounds - 1), {})
        return [w.get(n, 1 / len(names)) for n in names]

    def consensus(self, round_: int, revealed: dict[str, list[float]]) -> list[float]:
        names = sorted(revealed)
        w = self.weights(round_, names)
        logs = [_logs(revealed[n]) for n in names]
        return softmax([sum(wj * lj[c] for wj, lj in zip(w, logs)) for c in range(len(logs[0]))])

    def record(self, seen: Sequence[tuple[int, dict[str, list[float]]]], outcome: int) -> None:
        for t, revealed in seen:
            t = min(t, self.rounds - 1)
            self.samples.setdefault(t, []).append((dict(revealed), outcome))
            self._fit(t)

    def _fit(self, t: int) -> None:
        data = self.samples[t]
        names = sorted({n for revealed, _ in data for n in revealed})
        k = len(names)
        prior = [1 / k] * k
        w = [self.fitted.get(t, {}).get(n, 1 / k) for n in names]
        for _ in range(self.iterations):
            grad = [self.ridge * (wi - pi) for wi, pi in zip(w, prior)]
            hess = [[self.ridge if a == b else 0.0 for b in range(k)] for a in range(k)]
            for revealed, y in data:
                if len(revealed) != k:
                    continue
                logs = [_logs(revealed[n]) for n in names]
                p = softmax([sum(wj * lj[c] for wj, lj in zip(w, logs)) for c in range(len(logs[0]))])
                mean = [sum(pc * lc for pc, lc in zip(p, li)) for li in logs]
                for a in range(k):
                    grad[a] -= logs[a][y] - mean[a]
                    for b in range(k):
                        hess[a][b] += sum(pc * (logs[a][c] - mean[a]) * (logs[b][c] - mean[b]) for c, pc in enumerate(p))
            step = _solve(hess, grad)
            w = [wi - si for wi, si in zip(w, step)]
        self.fitted[t] = dict(zip(names, w))


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (k <= a handful of traders)."""
    n = len(b)
    m = [row[:] + [bv] for row, bv in zip(a, b)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        if abs(m[col][col]) < 1e-12:
            return [0.0] * n
        for r in range(n):
            if r != col:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col])]
    out = [m[i][n] / m[i][i] for i in range(n)]
    return out if all(math.isfinite(v) for v in out) else [0.0] * n
