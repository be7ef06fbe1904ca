"""Forecasters that learn from the market: each trade reveals its trader's belief on a public tape,
and every forecaster updates to the same Bayesian-model-averaging consensus of those beliefs,
weighted by each trader's track record on resolved markets."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from .models import softmax
from .stacking import StackedPool
from .traders import WAD, Agent, Forecaster, MarketView, Order

__all__ = ["PoolingForecaster", "Tape", "TrackRecord", "publish_track_record"]

_FLOOR = 1e-4


def _logs(p: Sequence[float]) -> list[float]:
    return [math.log(max(v, _FLOOR)) for v in p]


@dataclass
class Tape:
    """What the market made public this round: the opening price, the price each trader left
    after its first trade of the round (a trader that trades to its belief reveals that belief),
    and, for inferring forecasters, the belief each moved the price to in its second pass."""

    opening: list[float] = field(default_factory=list)
    revealed: dict[str, list[float]] = field(default_factory=dict)
    second: dict[str, list[float]] = field(default_factory=dict)

    def open(self, prices: list[float]) -> None:
        self.opening, self.revealed, self.second = list(prices), {}, {}


@dataclass
class TrackRecord:
    """Bayesian model averaging over the traders: each trader's revealed beliefs are a "model",
    and its weight at round t is proportional to exp(-eta * its summed log loss at round t) on the
    resolved markets (eta = 1 is Bayes' rule; a larger eta concentrates faster on the leader).
    The consensus is the weighted log-linear pool of what the traders revealed. It reads only
    public data (the tape and the outcomes), so every trader computes the same consensus."""

    rounds: int
    eta: float = 5.0
    losses: dict[str, list[float]] = field(default_factory=dict)

    def weights(self, round_: int, names: Sequence[str]) -> list[float]:
        t = min(round_, self.rounds - 1)
        loss = [self.losses.get(n, [0.0] * self.rounds)[t] for n in names]
        best = min(loss)
        raw = [math.exp(-self.eta * (v - best)) for v in loss]
        total = sum(raw)
        return [v / total for v in raw]

    def consensus(self, round_: int, revealed: dict[str, list[float]]) -> list[float]:
        names = sorted(revealed)
        w = self.weights(round_, names)
        logs = [_logs(revealed[n]) for n in names]
        return softmax([sum(wj * lj[c] for wj, lj in zip(w, logs)) for c in range(len(logs[0]))])

    def record(self, seen: Sequence[tuple[int, dict[str, list[float]]]], outcome: int) -> None:
        """Score what each trader revealed in one market, round by round, against its outcome."""
        for t, revealed in seen:
            for name, p in revealed.items():
                self.losses.setdefault(name, [0.0] * self.rounds)[min(t, self.rounds - 1)] -= math.log(
                    max(p[outcome], _FLOOR)
                )


@dataclass
class PoolingForecaster(Forecaster):
    """A forecaster that learns from the market. In a round's first pass it trades to its own
    model's forecast, which reveals that forecast on the `tape`; in later passes it trades to the
    `record`'s consensus of everything revealed this round. `private` keeps what its model alone
    said: that is what it *knows*, and it is scored on that. With `reveal`, each trade moves the
    price to the target itself (`move_to`) instead of a Kelly-sized step, so the price a trader
    leaves on the tape is its belief, and the price after the last pass is the consensus."""

    record: TrackRecord | StackedPool | None = None
    tape: Tape | None = None
    reveal: bool = False  # first order's limit price (= belief) is on the tape; then move the price
    private: list[list[float]] = field(default_factory=list)
    seen: list[tuple[int, dict[str, list[float]]]] = field(default_factory=list)
    round_: int = 0
    pass_: int = 0

    def start(self) -> None:
        """A new market opens."""
        self.beliefs.clear()
        self.private.clear()
        self.seen.clear()
        self.round_ = self.pass_ = 0

    def start_round(self, round_: int) -> None:
        self.round_, self.pass_ = round_, 0

    def act(self, market: MarketView, features: Sequence[float], rng: random.Random) -> list[Order]:
        t, first = self.round_, self.pass_ == 0
        self.pass_ += 1
        if first:
            self.private.append(self.model.predict_proba(self.see(features, rng)))
        if first or self.record is None or self.tape is None or not self.tape.revealed:
            orders = self.trade_to(market, self.private[-1])
            if first and self.tape is not None:  # a limit order shows its price; a fill only moves it
                self.tape.revealed[self.name] = (
                    list(self.private[-1]) if self.reveal else [p / WAD for p in market.prices()]
                )
            return orders
        revealed = dict(self.tape.revealed)
        if not self.seen or self.seen[-1][0] != t:
            self.seen.append((t, revealed))
        target = self.record.consensus(t, revealed)
        return self.move_to(market, target) if self.reveal else self.trade_to(market, target)

    def resolve(self, outcome: int) -> None:
        if self.record is not None:
            self.record.record(self.seen, outcome)


def publish_track_record(agents: Sequence[Agent], X: Sequence[Sequence[float]], y: Sequence[int]) -> None:
    """Before the first market, each pooling forecaster publishes its track record: what its model
    says about each past event it was trained on (in-sample; out-of-fold records from weaker
    copies of the models fitted the tuning seeds worse). A learned stack starts from the weights
    that fit that record."""
    pooled = [a for a in agents if isinstance(a, PoolingForecaster) and isinstance(a.record, StackedPool)]
    for stack in {id(a.record): a.record for a in pooled}.values():
        if isinstance(stack, StackedPool):
            readers = [a for a in pooled if a.record is stack]
            stack.warm([({a.name: a.model.predict_proba(a.hide(x)) for a in readers}, label) for x, label in zip(X, y)])
