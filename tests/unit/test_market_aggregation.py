"""Issue 16, aggregation: forecasters that learn from the market (public tape + track record), and
the maker's liquidity policy (funding follows volume, loss never above the funding)."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.exceptions import MarketError
from nexus.markets import MarketMath
from nexus.markets.agents import SimConfig, SimVenue, run_simulation
from nexus.markets.agents.maker import FixedLiquidity, VolumeSchedule
from nexus.markets.agents.models import ForecastModel
from nexus.markets.agents.pooling import PoolingForecaster, Tape, TrackRecord

W = 10**18


class _Fixed(ForecastModel):
    """A model that always says `p` (for driving agents deterministically)."""

    def __init__(self, p: list[float]) -> None:
        self.p, self.n_outcomes_ = p, len(p)

    def fit(self, X, y):  # type: ignore[no-untyped-def]
        return self

    def predict_proba(self, x):  # type: ignore[no-untyped-def]
        return list(self.p)


def test_track_record_weights_follow_log_loss_and_are_bayes_rule_at_eta_1() -> None:
    rec = TrackRecord(rounds=2, eta=1.0)
    for outcome in (0, 0, 1, 0):  # "sharp" said 0.9 on outcome 0 every time, "flat" 0.5
        rec.record([(1, {"sharp": [0.9, 0.1], "flat": [0.5, 0.5]})], outcome)
    like_sharp, like_flat = 0.9**3 * 0.1, 0.5**4  # Bayes: posterior over the two "models"
    w = rec.weights(1, ["flat", "sharp"])
    assert w[1] == pytest.approx(like_sharp / (like_sharp + like_flat))
    assert rec.weights(0, ["flat", "sharp"]) == [0.5, 0.5]  # round 0 was never scored
    # the consensus is the weighted log pool: between the two, nearer the better-weighted one
    c = rec.consensus(1, {"sharp": [0.9, 0.1], "flat": [0.5, 0.5]})
    logit = w[1] * math.log(9) + w[0] * 0.0
    assert c[0] == pytest.approx(1 / (1 + math.exp(-logit)))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.02, 0.98), min_size=2, max_size=4), st.floats(0.5, 20))
def test_consensus_is_the_same_for_every_reader_and_inside_the_beliefs(ps: list[float], eta: float) -> None:
    revealed = {f"t{i}": [p, 1 - p] for i, p in enumerate(ps)}
    a, b = TrackRecord(3, eta=eta), TrackRecord(3, eta=eta)
    for rec in (a, b):
        rec.record([(2, revealed)], 0)
    ca, cb = a.consensus(2, revealed), b.consensus(2, dict(reversed(list(revealed.items()))))
    assert ca == cb and abs(sum(ca) - 1) < 1e-12
    assert min(ps) - 1e-9 <= ca[0] <= max(ps) + 1e-9


def test_pooling_forecasters_reveal_then_converge_on_the_consensus() -> None:
    cash = {"a": 1000 * W, "b": 1000 * W}
    venue = SimVenue(MarketMath(2, 100 * W), cash)
    tape = Tape()
    rec_a, rec_b = TrackRecord(1), TrackRecord(1)
    a = PoolingForecaster("a", _Fixed([0.8, 0.2]), kelly=1.0, tape=tape, record=rec_a)
    b = PoolingForecaster("b", _Fixed([0.4, 0.6]), kelly=1.0, tape=tape, record=rec_b)
    for rec in (rec_a, rec_b):  # history: a was right, b was not
        for _ in range(3):
            rec.record([(0, {"a": [0.8, 0.2], "b": [0.4, 0.6]})], 0)
    rng = random.Random(0)
    for ag in (a, b):
        ag.start()
        ag.start_round(0)
    tape.open([p / W for p in venue.prices()])
    a.act(venue, [], rng)  # pass 0: each trades to its own forecast and reveals it
    b.act(venue, [], rng)
    assert tape.revealed["a"][0] == pytest.approx(0.8, abs=0.021)
    assert tape.revealed["b"][0] == pytest.approx(0.4, abs=0.021)
    for _ in range(2):  # later passes: both trade to the one consensus, then stop
        a.act(venue, [], rng)
        b.act(venue, [], rng)
    target = rec_a.consensus(0, tape.revealed)[0]
    assert target > 0.7  # the track record favours a
    assert abs(venue.prices()[0] / W - target) <= 0.02 + 1e-9
    assert a.private == [[0.8, 0.2]] and b.private == [[0.4, 0.6]]  # scored on what they know
    assert not a.act(venue, [], rng) and not b.act(venue, [], rng)  # no edge left for either


def test_a_quiet_first_pass_still_ends_the_round_at_the_consensus() -> None:
    """Beliefs within the minimum edge of the price: nobody trades in the first pass, yet the
    consensus (here the learned intercept: the history's base rate, far from 0.5) must be traded."""
    from nexus.markets.agents.stacking import StackedPool

    stack, tape = StackedPool(rounds=2), Tape()
    agents = [
        PoolingForecaster(n, _Fixed(p), tape=tape, record=stack, reveal=True)
        for n, p in (("a", [0.49, 0.51]), ("b", [0.51, 0.49]))
    ]
    rep = run_simulation(SimConfig(events=3, rounds=2, train=60, seed=3), agents=agents)  # type: ignore[arg-type]
    assert rep.trades > 0
    assert all(stack.data.get(t) for t in range(2))  # every round's revealed beliefs were pooled
    for t in range(2):  # the price each round ended at is what the stack said then
        assert abs(rep.market_by_round[t]["brier"] - 0.5) > 1e-3


def test_volume_schedule_clips_funding_and_follows_volume() -> None:
    pol = VolumeSchedule(cap=100.0, floor=10.0, share=0.1, window=2)
    assert pol.funding() == 100.0  # nothing seen yet: the cap
    pol.observe(50.0, 1.0)
    assert pol.funding() == 10.0  # 5 -> floor
    pol.observe(1550.0, 1.0)
    assert pol.funding() == 80.0  # mean(50, 1550) * 0.1
    pol.observe(10**9, 0.0)
    assert pol.funding() == 100.0  # never above the cap: the worst-case loss stays <= cap
    assert FixedLiquidity(cap=42.0).funding() == 42.0
    with pytest.raises(MarketError):
        VolumeSchedule(cap=10.0, floor=20.0)
    with pytest.raises(MarketError):
        SimConfig(maker="magic").check()


def test_the_aggregating_market_tracks_the_best_forecaster_closer_than_the_old_agents() -> None:
    """Same events (their own random stream), old agents vs aggregating ones."""
    base = dict(events=60, rounds=4, train=150, seed=7)
    old = run_simulation(SimConfig(**base, pooling=False, passes=1))  # type: ignore[arg-type]
    new = run_simulation(SimConfig(**base))  # type: ignore[arg-type]
    assert old.scores["truth"] == new.scores["truth"]  # the same events and outcomes

    def gap(rep):  # type: ignore[no-untyped-def]
        best = min(rep.scores[a]["brier"] for a in ("logistic", "bayes", "ensemble"))
        return rep.scores["market"]["brier"] - best

    assert gap(new) < gap(old)
    vol = run_simulation(SimConfig(**base, maker="volume"))  # type: ignore[arg-type]
    for rep in (old, new, vol):
        assert rep.extra["max_loss_over_funding"] <= 1.0  # maker loss <= funding in every market
    assert vol.extra["mean_funding"] < 100.0


def test_real_data_questions_are_time_ordered_and_the_market_runs_on_them(tmp_path: Path) -> None:
    from nexus.markets.agents.realdata import defi_weekly_questions, run_real_market, weekly_counts

    rng = random.Random(5)
    lines = ["date,name,vulnerability,lost,flash_loan_in_poc,attack_tx"]
    day = dt.date(2020, 4, 6)
    for _ in range(700):  # about 2.5 years of made-up incidents, 0-3 a few days apart
        day += dt.timedelta(days=rng.choice([1, 2, 3, 4]))
        lines.append(f"{day:%Y%m%d},p,v,1 ETH,{rng.choice(['yes', 'no'])},0x")
    lines.append("garbage,p,v,1,no,0x")  # a bad date is skipped
    path = tmp_path / "incidents.csv"
    path.write_text("\n".join(lines) + "\n")
    weeks = weekly_counts(path)
    assert sum(w[1] for w in weeks) <= 700 and all(b[0] > a[0] for a, b in zip(weeks, weeks[1:]))
    X, y, when = defi_weekly_questions(path)
    assert when == sorted(when) and len(X) == len(y) == len(weeks) - 13
    # the label of question t is "week t+1 has more incidents than week t"
    assert y[0] == (0 if weeks[13][1] > weeks[12][1] else 1)
    rep = run_real_market(X, y)
    assert rep["train"] + rep["test"] == len(X) and rep["max_maker_loss"] <= rep["funding"]
    assert set(rep["scores"]) == {"market", "climatology", "logistic", "bayes", "ensemble"}
    with pytest.raises(MarketError):
        run_real_market(X[:20], y[:20])
    with pytest.raises(MarketError):
        weekly_counts(tmp_path / "missing.csv")


def test_private_noise_at_the_close_changes_what_forecasters_know_not_the_events() -> None:
    """`noise_last` is each forecaster's own noise at the last round (dispersed private signals):
    the events, outcomes and Bayes-optimal forecast stay the same; the forecasters know less."""
    base = dict(events=20, rounds=3, train=60, seed=5)
    sharp = run_simulation(SimConfig(**base))  # type: ignore[arg-type]
    noisy = run_simulation(SimConfig(**base, noise_last=0.8))  # type: ignore[arg-type]
    assert sharp.scores["truth"] == noisy.scores["truth"] and sharp.scores["naive"] == noisy.scores["naive"]
    assert noisy.scores["logistic"]["log_loss"] > sharp.scores["logistic"]["log_loss"]
    for bad in (-0.1, 0.9):  # above the first round's noise (0.8)
        with pytest.raises(MarketError):
            SimConfig(noise_last=bad).check()
