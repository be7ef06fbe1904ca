"""Per-source intelligence: staleness, robust outliers, learned normal behaviour, change detection."""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .sources import Reading

__all__ = ["FLAGS", "Assessment", "SourceModel", "SourceMonitor", "SourceScore", "mad"]

FLAGS = ("offline", "stale", "outlier", "spike", "stuck", "drift", "manipulated")
_MAD_TO_SIGMA = 1.4826


def mad(values: Sequence[float], center: float | None = None) -> float:
    """Median absolute deviation (unscaled)."""
    if not values:
        return 0.0
    c = statistics.median(values) if center is None else center
    return statistics.median(abs(v - c) for v in values)


class SourceModel:
    """Learned normal behaviour of one source, scikit-learn style (`fit` returns self).

    It learns the robust level and scale of the source's relative residual against the peer
    median, and the scale of its own step-to-step change beyond the peers' change (both
    relative to the peer median, floored at `floor` so a short calm history is not over-trusted).
    `z_residual` and `z_step` standardise new data against what it learned.
    """

    def __init__(self, *, min_history: int = 8, floor: float = 3e-3) -> None:
        self.min_history, self.floor = min_history, floor

    def fit(self, residuals: Sequence[float], steps: Sequence[float]) -> SourceModel:
        self.n_ = len(residuals)
        self.level_ = statistics.median(residuals) if residuals else 0.0
        self.scale_ = max(_MAD_TO_SIGMA * mad(residuals, self.level_), self.floor)
        self.step_scale_ = max(_MAD_TO_SIGMA * mad(steps, 0.0), self.floor) if steps else self.floor
        return self

    @property
    def fitted(self) -> bool:
        return getattr(self, "n_", 0) >= self.min_history

    def z_residual(self, residual: float) -> float:
        return (residual - self.level_) / self.scale_

    def z_step(self, step: float) -> float:
        return step / self.step_scale_


@dataclass(frozen=True, slots=True)
class SourceScore:
    """One source's verdict this round."""

    source: str
    value: float | None
    flags: tuple[str, ...]
    z_peer: float = 0.0
    z_self: float = 0.0

    @property
    def kept(self) -> bool:
        return self.value is not None and not self.flags


@dataclass(frozen=True, slots=True)
class Assessment:
    """What a node concludes from its sources: a value (None = abstain), confidence, evidence."""

    value: float | None
    confidence: float
    used: tuple[str, ...]
    scores: tuple[SourceScore, ...]

    @property
    def flagged(self) -> dict[str, tuple[str, ...]]:
        return {s.source: s.flags for s in self.scores if s.flags}


@dataclass
class _State:
    residuals: deque[float]
    steps: deque[float]
    model: SourceModel
    last: tuple[float, float] | None = None  # (value, peer median) at the previous read
    repeats: int = 0
    cusum: tuple[float, float] = (0.0, 0.0)


@dataclass
class SourceMonitor:
    """Scores every source of one feed, round after round, and learns as it goes.

    Thresholds are in robust standard deviations. `tolerance` is how many faulty sources the
    value is guaranteed against: it is clamped to [x_(t+1), x_(A-t)] of the A available
    readings, an interval inside the honest readings' range whenever at most t are faulty;
    default floor((A-1)/3).
    """

    max_age: float = 600.0
    k_peer: float = 6.0
    z_manip: float = 8.0
    z_spike: float = 10.0
    stuck_after: int = 3
    cusum_k: float = 1.0
    cusum_h: float = 12.0
    window: int = 200
    rel_floor: float = 1e-3
    abs_floor: float = 1.0
    tolerance: int | None = None
    _state: dict[str, _State] = field(default_factory=dict, repr=False)

    def _st(self, sid: str) -> _State:
        if sid not in self._state:
            self._state[sid] = _State(deque(maxlen=self.window), deque(maxlen=self.window), SourceModel())
        return self._state[sid]

    def assess(self, readings: Mapping[str, Reading | None], now: float) -> Assessment:
        """Score `readings` (None = the source failed) taken at `now`, then learn from the kept."""
        live = {sid: r for sid, r in readings.items() if r is not None and now - r.timestamp <= self.max_age}
        values = sorted(r.value for r in live.values())
        if not values:
            return Assessment(
                None,
                0.0,
                (),
                tuple(SourceScore(sid, None, ("offline",) if r is None else ("stale",)) for sid, r in readings.items()),
            )
        m = statistics.median(values)
        spread = max(_MAD_TO_SIGMA * mad(values, m), self.rel_floor * max(abs(m), 1.0))
        scores = []
        for sid, r in readings.items():
            if r is None or sid not in live:
                scores.append(
                    SourceScore(sid, None if r is None else r.value, ("offline",) if r is None else ("stale",))
                )
                continue
            scores.append(self._score(sid, r.value, m, spread))
        kept = [s for s in scores if s.kept]
        value = self._value([s.value for s in kept if s.value is not None], values)
        for s in scores:
            if s.value is not None and s.source in live:
                self._learn(s, m)
        kept_vals = [s.value for s in kept if s.value is not None]
        rel = _MAD_TO_SIGMA * mad(kept_vals) / max(abs(value), 1e-9) if kept_vals else 1.0
        confidence = (len(kept) / len(readings)) / (1 + 10 * rel)
        return Assessment(value, round(confidence, 6), tuple(s.source for s in kept), tuple(scores))

    def _value(self, kept: list[float], ordered: list[float]) -> float:
        a = len(ordered)
        t = (a - 1) // 3 if self.tolerance is None else min(self.tolerance, (a - 1) // 2)
        lo, hi = ordered[t], ordered[a - 1 - t]
        centre = statistics.median_low(kept) if kept else statistics.median_low(ordered)
        return min(max(centre, lo), hi)

    def _score(self, sid: str, x: float, m: float, spread: float) -> SourceScore:
        st, flags = self._st(sid), []
        scale = max(abs(m), self.abs_floor)
        z_peer = (x - m) / spread
        if abs(z_peer) > self.k_peer:
            flags.append("outlier")
        z_self = 0.0
        if st.last is not None:
            same = abs(x - st.last[0]) <= 1e-12 * max(abs(x), 1.0)
            peers_moved = abs(m - st.last[1]) > 1e-12 * max(abs(m), 1.0)
            if same and peers_moved and st.repeats + 1 >= self.stuck_after:
                flags.append("stuck")
        if st.model.fitted:
            z_self = st.model.z_residual((x - m) / scale)
            step = ((x - st.last[0]) - (m - st.last[1])) / scale if st.last is not None else None
            if step is not None and abs(st.model.z_step(step)) > self.z_spike:
                flags.append("spike")
            if abs(z_self) > self.z_manip and abs(z_peer) > self.k_peer / 2:
                flags.append("manipulated")
            hi, lo = st.cusum
            z = max(min(z_self, 50.0), -50.0)
            hi, lo = max(0.0, hi + z - self.cusum_k), max(0.0, lo - z - self.cusum_k)
            if max(hi, lo) > self.cusum_h and "manipulated" not in flags:
                flags.append("drift")
        return SourceScore(sid, x, tuple(flags), round(z_peer, 3), round(z_self, 3))

    def _learn(self, s: SourceScore, m: float) -> None:
        st = self._st(s.source)
        assert s.value is not None
        scale = max(abs(m), self.abs_floor)
        if st.last is not None:
            same = abs(s.value - st.last[0]) <= 1e-12 * max(abs(s.value), 1.0)
            st.repeats = st.repeats + 1 if same else 0
        if st.model.fitted:
            z = max(min(st.model.z_residual((s.value - m) / scale), 50.0), -50.0)
            hi, lo = st.cusum
            st.cusum = (max(0.0, hi + z - self.cusum_k), max(0.0, lo - z - self.cusum_k))
        if s.kept:
            if st.last is not None:
                st.steps.append(((s.value - st.last[0]) - (m - st.last[1])) / scale)
            st.residuals.append((s.value - m) / scale)
            st.model.fit(list(st.residuals), list(st.steps))
        st.last = (s.value, m)
