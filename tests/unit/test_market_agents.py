"""Forecasting models, scoring rules, Kelly sizing, agents, signals and the seeded simulation."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from nexus.exceptions import MarketError
from nexus.markets import MarketMath
from nexus.markets.agents import (
    CalibratedEnsemble,
    Forecaster,
    GaussianNaiveBayes,
    GuardFindingsSignal,
    LiquidityAgent,
    LogisticModel,
    SimConfig,
    SimulatedGuardSignals,
    SimVenue,
    brier,
    calibration_error,
    findings_features,
    kelly_fraction,
    log_loss,
    reliability,
    run_simulation,
)

W = 10**18


def _data(n: int = 400, seed: int = 0) -> tuple[list[list[float]], list[int]]:
    rng = random.Random(seed)
    X, y = [], []
    for _ in range(n):
        x = [rng.gauss(0, 1), rng.gauss(0, 1)]
        p = 1 / (1 + math.exp(-(2 * x[0] - x[1])))
        X.append(x)
        y.append(0 if rng.random() < p else 1)
    return X, y


def test_scoring_rules() -> None:
    assert brier([[1.0, 0.0]], [0]) == 0 and brier([[0.5, 0.5]], [1]) == 0.5
    assert log_loss([[0.5, 0.5]], [0]) == pytest.approx(math.log(2))
    curve = reliability([[0.8, 0.2], [0.8, 0.2], [0.3, 0.7]], [0, 1, 1], bins=5)
    assert sum(b.count for b in curve) == 6
    top = next(b for b in curve if b.lo == 0.8)
    assert top.count == 2 and top.frequency == 0.5
    assert calibration_error([[0.9, 0.1]] * 10, [0] * 9 + [1]) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(
    "model", [LogisticModel(), GaussianNaiveBayes(), CalibratedEnsemble([LogisticModel(), GaussianNaiveBayes()])]
)
def test_models_learn_and_beat_the_base_rate(model) -> None:  # type: ignore[no-untyped-def]
    X, y = _data()
    Xt, yt = _data(300, seed=1)
    model.fit(X, y)
    forecasts = [model.predict_proba(x) for x in Xt]
    assert all(abs(sum(p) - 1) < 1e-9 for p in forecasts)
    base = sum(1 for v in y if v == 0) / len(y)
    assert brier(forecasts, yt) < brier([[base, 1 - base]] * len(yt), yt) - 0.1
    assert calibration_error(forecasts, yt) < 0.12


def test_model_input_errors() -> None:
    with pytest.raises(MarketError):
        LogisticModel().fit([], [])
    with pytest.raises(MarketError):
        CalibratedEnsemble([])


def test_kelly_fraction() -> None:
    assert kelly_fraction(0.6, 0.5) == pytest.approx(0.2)
    assert kelly_fraction(0.4, 0.5) == 0 and kelly_fraction(0.9, 1.0) == 0


def test_forecaster_moves_the_price_toward_its_belief_and_never_past_it() -> None:
    X, y = _data()
    model = LogisticModel().fit(X, y)
    cash = {"f": 1000 * W}
    venue = SimVenue(MarketMath(2, 100 * W), cash)
    agent = Forecaster("f", model, kelly=1.0)
    x = [1.5, -0.5]  # the model is confident outcome 0 happens
    belief = model.predict_proba(x)[0]
    orders = agent.act(venue, x, random.Random(0))
    assert orders and orders[0].side == "buy" and orders[0].outcome == 0
    price = venue.prices()[0] / W
    assert 0.5 < price <= belief + 1e-6
    assert cash["f"] == 1000 * W - orders[0].amount
    again = agent.act(venue, x, random.Random(0))  # no edge left: no trade
    assert not again or again[0].shares < orders[0].shares / 100


def test_liquidity_agent_trades_small_and_both_ways() -> None:
    cash = {"l": 1000 * W}
    venue = SimVenue(MarketMath(3, 100 * W), cash)
    agent, rng = LiquidityAgent("l", activity=1.0), random.Random(2)
    sides = {o.side for _ in range(30) for o in agent.act(venue, [], rng)}
    assert sides == {"buy", "sell"}
    assert all(abs(p / W - 1 / 3) < 0.2 for p in venue.prices())


def test_signals() -> None:
    assert findings_features([{"score": 0.4, "severity": "High"}, {"score": 0.95, "severity": "critical"}]) == [
        0.95,
        1.0,
        1.0,
    ]
    sig = GuardFindingsSignal(
        [{"block": 105, "score": 0.7, "severity": "high"}, {"block": 230, "score": 0.99, "severity": "critical"}],
        start_block=100,
        blocks_per_day=100,
    )
    assert sig.features(0) == [0.7, 0.0, 1.0] and sig.features(1) == [0.99, 1.0, 1.0]
    quiet, hit = SimulatedGuardSignals(seed=1), SimulatedGuardSignals(seed=1, exploit_day=3)
    assert hit.features(3)[1] >= 1 and quiet.features(6)[1] == 0
    assert hit.features(2) == SimulatedGuardSignals(seed=1, exploit_day=3).features(2)  # deterministic
    X, y = SimulatedGuardSignals.history(200, seed=3)
    model = LogisticModel().fit(X, y)
    assert model.predict_proba(hit.features(3))[1] > model.predict_proba(quiet.features(3))[1]


def test_simulation_is_seeded_and_the_market_beats_the_naive_baseline() -> None:
    cfg = SimConfig(events=30, rounds=3, train=150, seed=1)
    a, b = run_simulation(cfg).to_json(), run_simulation(cfg).to_json()
    assert a == b
    s = a["scores"]
    assert s["market"]["brier"] < s["naive"]["brier"] and s["truth"]["brier"] <= s["naive"]["brier"]
    assert a["market_by_round"][-1]["brier"] < a["market_by_round"][0]["brier"]  # information arrives
    assert a["extra"]["max_maker_loss"] <= cfg.funding  # the loss bound holds in every market
    assert run_simulation(SimConfig(events=3, rounds=2, outcomes=4, alpha=0.05, seed=2)).trades > 0
    with pytest.raises(MarketError):
        SimConfig(kelly=2).check()


def test_chain_simulation_equals_the_exact_maths(tmp_path: Path, pytestconfig: pytest.Config) -> None:
    cache = pytestconfig.cache.mkdir("nexus-build") if getattr(pytestconfig, "cache", None) else None
    cfg = SimConfig(events=2, rounds=2, train=60, fee_bps=50, seed=4)
    on_chain = run_simulation(
        SimConfig(**{**cfg.__dict__, "backend": "chain"}), workdir=tmp_path, cache_dir=cache
    ).to_json()
    in_math = run_simulation(cfg).to_json()
    on_chain["config"].pop("backend"), in_math["config"].pop("backend")
    assert on_chain == in_math and in_math["trades"] > 0


def test_guard_findings_signal_reads_the_guards_own_finding_json() -> None:
    from nexus.guard import Finding, FindingType, Severity
    from nexus.markets.agents.signals import strength

    def finding(block: int, severity: Severity, score: float, threshold: float) -> dict:  # type: ignore[type-arg]
        return Finding("n", "d", "A", severity, FindingType.EXPLOIT, block, "0x01", "det", score, threshold).to_json()

    live = [
        finding(12, Severity.HIGH, 10.0, 1.0),
        finding(31, Severity.CRITICAL, 0.5, 0.1),
        finding(5, Severity.CRITICAL, 9.0, 1.0),
    ]  # block 5 is before the week: dropped
    sig = GuardFindingsSignal(live, day_starts=[10, 20, 30])
    assert sig.features(0) == [0.9, 0.0, 1.0]  # 1 - 1/10: how far past the detector's threshold
    assert sig.features(1) == sig.features(0) and len(sig.on_day(1)) == 0
    assert sig.features(2) == [0.9, 1.0, 1.0] and [f["blockNumber"] for f in sig.on_day(2)] == [31]
    assert strength({"score": 0.5, "threshold": 0.1}) == pytest.approx(0.8)
    assert strength({"score": 0.05, "threshold": 0.1}) == 0.0 and strength({"score": 0.3}) == 0.3
