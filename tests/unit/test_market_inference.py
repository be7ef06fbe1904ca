"""Issue 16, forecasters that infer the others' evidence from what they revealed (`pool="infer"`)."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import pytest

import nexus.markets.agents.simulate as sim
from nexus.exceptions import MarketError
from nexus.markets.agents import SimConfig, run_simulation
from nexus.markets.agents.inference import InferenceModel, InferringForecaster, inputs, log_pool
from nexus.markets.agents.models import softmax
from nexus.markets.agents.stacking import StackedPool
from nexus.markets.agents.traders import MarketView, Order

WINDOWS = ((0, 1), (1, 2), (2, 3))
NAMES = ("a", "b", "c")


def _event(rng: random.Random) -> tuple[list[float], dict[str, list[float]], list[float], int]:
    """Four features; forecaster j's log-odds is the sum of its two features. The truth's log-odds,
    2 (x0 - x1 + x2 - x3), is orthogonal to all three: no weighting of the revealed beliefs
    carries any of it, but each forecaster's own pair plus the others' log-odds determines it."""
    x = [rng.gauss(0, 1) for _ in range(4)]
    revealed = {n: softmax([0.0, x[i] + x[j]]) for n, (i, j) in zip(NAMES, WINDOWS)}
    truth = softmax([0.0, 2 * (x[0] - x[1] + x[2] - x[3])])
    return x, revealed, truth, int(rng.random() < truth[1])


def _z(who: int, x: list[float], revealed: dict[str, list[float]]) -> list[float]:
    return inputs([x[j] for j in WINDOWS[who]], [revealed[n] for n in NAMES if n != NAMES[who]])


def _mse(a: list[list[float]], b: list[list[float]]) -> float:
    return sum((p[1] - q[1]) ** 2 for p, q in zip(a, b)) / len(a)


def test_inferring_from_the_others_recovers_a_truth_no_pool_of_beliefs_can() -> None:
    rng = random.Random(7)
    train, held = [_event(rng) for _ in range(400)], [_event(rng) for _ in range(300)]
    models = [InferenceModel(rounds=1) for _ in NAMES]
    for who, m in enumerate(models):
        m.warm([(_z(who, x, r), y) for x, r, _, y in train], n=2)
    stack = StackedPool(rounds=1)
    stack.warm([(r, y) for _, r, _, y in train])
    truth = [t for _, _, t, _ in held]
    inferred = [log_pool([m.predict(0, _z(who, x, r)) for who, m in enumerate(models)]) for x, r, _, _ in held]
    pooled = [stack.consensus(0, r) for _, r, _, _ in held]
    assert _mse(inferred, truth) < 0.01
    assert _mse(pooled, truth) > 0.1  # the best stack is about a coin flip here
    # each forecaster alone, after inference, is near the truth too (not only their pool)
    for who, m in enumerate(models):
        assert _mse([m.predict(0, _z(who, x, r)) for x, r, _, _ in held], truth) < 0.02


def test_the_online_refit_learns_per_round_from_resolved_markets_alone() -> None:
    """No published record: starting from zero weights, the per-round refit after each resolved
    market (warm-started Newton steps) still learns the inference; the other round is untouched."""
    rng = random.Random(11)
    m = InferenceModel(rounds=2, ridge=1.0)  # no record to anchor to: a light ridge
    held = [_event(rng) for _ in range(200)]
    before = [m.predict(1, _z(0, x, r)) for x, r, _, _ in held]
    for _ in range(300):
        x, r, _, y = _event(rng)
        m.record(1, _z(0, x, r), y)
    truth = [t for _, _, t, _ in held]
    after = [m.predict(1, _z(0, x, r)) for x, r, _, _ in held]
    assert _mse(after, truth) < 0.02 < _mse(before, truth)
    assert m.predict(0, _z(0, *held[0][:2])) == pytest.approx([0.5, 0.5])


def test_inputs_are_own_features_then_each_others_log_odds_against_outcome_0() -> None:
    z = inputs([0.3, -1.0], [[0.2, 0.3, 0.5], [0.5, 0.25, 0.25]])
    assert z == pytest.approx([0.3, -1.0, math.log(1.5), math.log(2.5), math.log(0.5), math.log(0.5)])
    assert log_pool([[0.9, 0.1], [0.1, 0.9]]) == pytest.approx([0.5, 0.5])


def test_the_market_closes_at_the_pool_of_the_inferred_beliefs() -> None:
    """A tuning seed, tiny sizes: the three forecasters infer, the close is their log pool, the
    forecasters are still scored on their private forecasts, the maker's loss stays bounded."""
    built: list[InferringForecaster] = []
    targets: list[list[float]] = []

    def _logged(move: Callable[..., list[Order]]) -> Callable[..., list[Order]]:
        def wrapped(market: MarketView, target: list[float]) -> list[Order]:
            targets.append(list(target))
            return move(market, target)

        return wrapped

    make = sim.default_agents

    def keep(*args: object, **kw: object) -> list[object]:
        agents = make(*args, **kw)  # type: ignore[arg-type]
        for a in agents:
            if isinstance(a, InferringForecaster):
                built.append(a)
                a.move_to = _logged(a.move_to)  # type: ignore[method-assign]
        return agents

    sim.default_agents = keep  # type: ignore[assignment]
    try:
        rep = run_simulation(SimConfig(events=6, rounds=2, train=60, seed=103))
    finally:
        sim.default_agents = make  # type: ignore[assignment]
    assert rep.config["pool"] == "infer" and len(built) == 3
    tape = built[0].tape
    assert tape is not None and set(tape.second) == {a.name for a in built}
    # the last move of the last market is to the pool of the inferred beliefs on the tape
    assert targets[-1] == pytest.approx(log_pool([tape.second[n] for n in sorted(tape.second)]))
    for a in built:
        assert a.inference is not None and a.inference.start is not None  # warmed on the record
        assert len(a.inference.data[1]) == 6  # every market's last round was learned from
        assert a.private  # scored on what its own model said
    assert rep.extra["max_loss_over_funding"] <= 1.0 + 1e-9
    with pytest.raises(MarketError, match="unknown pool"):
        SimConfig(pool="guess").check()
