"""Issue 16, aggregation of dispersed information: forecasters that each see their own features,
a learned stack of what they reveal, trades that move the price to a target, the maker's bound."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.exceptions import MarketError
from nexus.markets import MarketMath
from nexus.markets.agents import Forecaster, SimConfig, SimVenue, default_agents, run_simulation
from nexus.markets.agents.models import LogisticModel
from nexus.markets.agents.stacking import StackedPool
from nexus.markets.agents.world import feature_views

W = 10**18


def test_dispersed_forecasters_cannot_see_the_features_they_were_not_given() -> None:
    assert feature_views("dispersed", 4, 3) == [(0, 1), (1, 2), (2, 3)]
    assert feature_views("shared", 4, 3) == [None, None, None]
    views = feature_views("dispersed", 7, 3)
    assert set().union(*views) == set(range(7)) and all(len(v) < 7 for v in views)  # type: ignore[arg-type]
    cfg = SimConfig(train=80)
    forecasters = [a for a in default_agents(cfg, lambda: 0.3) if isinstance(a, Forecaster)]
    rng = random.Random(1)
    X = [[rng.gauss(0, 1) for _ in range(4)] for _ in range(80)]
    y = [int(x[0] + x[3] > 0) for x in X]
    for a in forecasters:
        a.train(X, y)
        assert a.sees is not None
        hidden = [j for j in range(4) if j not in a.sees]
        x = [0.3, -1.2, 0.8, 1.5]
        moved = [v + (5.0 if j in hidden else 0.0) for j, v in enumerate(x)]
        # the same private noise, the hidden features changed a lot: the belief does not move
        assert a.belief(x, random.Random(9)) == a.belief(moved, random.Random(9))
        seen = a.sees[0]
        shifted = [v + (5.0 if j == seen else 0.0) for j, v in enumerate(x)]
        assert a.see(shifted, random.Random(9)) != a.see(x, random.Random(9))  # what it sees, it sees
    shared = [a for a in default_agents(SimConfig(info="shared"), lambda: 0.3) if isinstance(a, Forecaster)]
    assert all(a.sees is None for a in shared)
    with pytest.raises(MarketError, match="unknown info"):
        SimConfig(info="secret").check()
    with pytest.raises(MarketError, match="unknown pool"):
        SimConfig(pool="vote").check()


def test_shared_world_reproduces_the_old_world_on_the_same_events() -> None:
    """Figures of the code before the dispersed world existed (same config, same seed)."""
    base = dict(events=20, rounds=3, train=60, seed=5, info="shared")
    old = run_simulation(SimConfig(**base, pooling=False, passes=1))  # type: ignore[arg-type]
    assert old.scores["market"]["brier"] == pytest.approx(0.21105865935363916, abs=1e-12)
    assert old.scores["logistic"]["brier"] == pytest.approx(0.1862848616317203, abs=1e-12)
    record = run_simulation(SimConfig(**base, pool="record"))  # type: ignore[arg-type]
    assert record.scores["market"]["brier"] == pytest.approx(0.16842518630755604, abs=1e-12)
    assert record.scores["ensemble"]["brier"] == pytest.approx(0.15685012100724588, abs=1e-12)
    dispersed = run_simulation(SimConfig(**{**base, "info": "dispersed"}))  # type: ignore[arg-type]
    assert dispersed.scores["truth"] == old.scores["truth"] and dispersed.scores["naive"] == old.scores["naive"]
    # each dispersed forecaster knows less than its shared twin (half the features)
    assert dispersed.scores["logistic"]["log_loss"] > old.scores["logistic"]["log_loss"]


def _signals(n: int, independent: bool, seed: int) -> list[tuple[dict[str, list[float]], int]]:
    """Two traders who each know one of two independent halves of the evidence, or who both
    know all of it (the same evidence); each reveals the log-odds of what it knows."""
    rng, rows = random.Random(seed), []
    for _ in range(n):
        a, b = rng.gauss(0, 1.2), rng.gauss(0, 1.2)
        y = int(rng.random() < 1 / (1 + math.exp(-(a + b if independent else a))))
        sb = b if independent else a
        p = [1 / (1 + math.exp(-a)), 1 / (1 + math.exp(-sb))]
        rows.append(({"x": [1 - p[0], p[0]], "z": [1 - p[1], p[1]]}, y))
    return rows


@pytest.mark.parametrize("independent", [True, False])
def test_the_stack_learns_how_much_information_the_traders_share(independent: bool) -> None:
    stack = StackedPool(rounds=1, ridge=1.0)
    stack.warm(_signals(40, independent, 3))  # a short published record, then markets
    for revealed, y in _signals(400, independent, 4):
        stack.record([(0, revealed)], y)
    w = stack.theta[0][:2]
    if independent:  # Bayes' rule for independent evidence: each log-odds counts in full
        assert w == [pytest.approx(1.0, abs=0.3), pytest.approx(1.0, abs=0.3)]
    else:  # the same evidence twice: weights add up to one
        assert sum(w) == pytest.approx(1.0, abs=0.3)
    held = _signals(300, independent, 5)
    pooled = [stack.consensus(0, r)[y] for r, y in held]
    alone = [max(r["x"][y], 1e-9) for r, y in held]
    assert -sum(map(math.log, pooled)) < -sum(map(math.log, alone)) + (0 if independent else 5)
    # the consensus reads public data only: every reader, any order, gets the same answer
    r = held[0][0]
    assert stack.consensus(0, r) == stack.consensus(0, dict(reversed(list(r.items()))))


def test_the_market_beats_its_best_forecaster_when_information_is_dispersed() -> None:
    """A tuning seed (101; the reported seeds are never used to tune), small sizes."""
    rep = run_simulation(SimConfig(events=60, rounds=2, train=150, seed=101))
    s = {k: v["brier"] for k, v in rep.scores.items()}
    best = min(s[a] for a in ("logistic", "bayes", "ensemble"))
    assert s["market"] < best
    assert rep.extra["max_loss_over_funding"] <= 1.0


@pytest.mark.parametrize("n", [2, 3])
def test_move_to_leaves_the_price_at_the_target_selling_holdings_first(n: int) -> None:
    venue = SimVenue(MarketMath(n, 100 * W), {"a": 1000 * W})
    trader = Forecaster("a", LogisticModel())
    target = [0.7, 0.3] if n == 2 else [0.5, 0.3, 0.2]
    trader.move_to(venue, target)
    assert [p / W for p in venue.prices()] == pytest.approx(target, abs=1e-6)
    back = [1 / n] * n
    orders = trader.move_to(venue, back)
    assert orders and orders[0].side == "sell"  # it unwinds what it holds before buying more
    assert [p / W for p in venue.prices()] == pytest.approx(back, abs=1e-6)
    assert not trader.move_to(venue, back)  # nothing left to do


@settings(max_examples=8, deadline=None)
@given(
    info=st.sampled_from(["dispersed", "shared"]),
    maker=st.sampled_from(["fixed", "volume"]),
    outcomes=st.integers(2, 3),
    alpha=st.sampled_from([0.0, 0.05]),
    funding=st.floats(5.0, 200.0),
    seed=st.integers(100, 10_000),
)
def test_maker_loss_never_exceeds_the_funding(
    info: str, maker: str, outcomes: int, alpha: float, funding: float, seed: int
) -> None:
    cfg = SimConfig(
        events=4, rounds=2, train=30, outcomes=outcomes, alpha=alpha, funding=funding, info=info, maker=maker, seed=seed
    )
    rep = run_simulation(cfg)
    assert rep.extra["max_loss_over_funding"] <= 1.0 + 1e-9
    assert rep.extra["max_maker_loss"] <= funding + 1e-9
