"""Validator scoring (Rated weights), the next-epoch predictor (no look-ahead), the allocator's cluster
cap, and the PoW difficulty controller against Bitcoin's and Homestead's rules on the same shocks."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nexus.exceptions import ValidatorInputError
from nexus.validators.pos import Epochs, simulate_pos
from nexus.validators.pow import bitcoin, homestead, ours, simulate_pow
from nexus.validators.score import Predictor, allocate, compare_allocations, effectiveness, features


@pytest.fixture(scope="module")
def ep() -> Epochs:
    return simulate_pos(validators=120, epochs=240, seed=4)


def _flat(att: float, proposed: float, sync: float) -> Epochs:
    e, v = 4, 2
    return Epochs(
        np.full((e, v), att),
        np.ones((e, v)),
        np.full((e, v), proposed),
        np.full((e, v), sync),
        np.zeros((e, v), bool),
        np.zeros((e, v), bool),
        np.zeros((e, v)),
        np.full(v, 80.0),
        np.zeros(v, int),
    )


def test_effectiveness_uses_the_rated_weights() -> None:
    assert effectiveness(_flat(1.0, 1.0, 1.0), 4) == pytest.approx([1.0, 1.0])
    # proposals missed entirely: lose the 12.5% share
    assert effectiveness(_flat(1.0, 0.0, 1.0), 4) == pytest.approx([(0.84 + 0.03) / 0.995] * 2)
    with pytest.raises(ValidatorInputError):
        effectiveness(_flat(1.0, 1.0, 1.0), 9)


def test_features_never_look_ahead(ep: Epochs) -> None:
    t = 100
    before = features(ep, t)
    scrambled = replace(ep, att=ep.att.copy(), reward=ep.reward.copy(), down=ep.down.copy())
    rng = np.random.default_rng(0)
    scrambled.att[t + 1 :] = rng.random(scrambled.att[t + 1 :].shape)
    scrambled.down[t + 1 :] = True
    assert np.array_equal(features(scrambled, t), before)
    pred = Predictor().fit(ep, range(32, 90))
    again = Predictor().fit(scrambled, range(32, 90))  # training rows end before the scrambled epochs
    assert np.allclose(pred.predict(ep, t), again.predict(scrambled, t))


def test_allocator_caps_each_cluster() -> None:
    scores = np.arange(10, dtype=float)
    clusters = np.array([0] * 8 + [1, 2])
    w = allocate(scores, clusters, 4, per_cluster=2)
    assert w.sum() == pytest.approx(1.0) and (w > 0).sum() == 4
    assert (w[clusters == 0] > 0).sum() == 2
    with pytest.raises(ValidatorInputError):
        allocate(scores, clusters, 0)


def test_predictor_allocation_beats_uniform(ep: Epochs) -> None:
    r = compare_allocations(ep, k=12)
    assert r["predictor"] > r["uniform"]


def test_simulation_has_outages_and_slashing() -> None:
    e = simulate_pos(validators=60, epochs=200, seed=1, outage_rate=0.05, slash_rate=1e-3)
    assert e.down.any() and e.slashed[-1].any()
    # validators of one cluster go down together
    t, v = np.argwhere(e.down)[0]
    assert e.down[t][e.cluster == e.cluster[v]].all()
    with pytest.raises(ValidatorInputError):
        simulate_pos(validators=3)


def test_difficulty_controller_beats_bitcoin_and_homestead() -> None:
    shocks = ((1500, 0.5), (3000, 4.0))
    runs = {
        name: simulate_pow(rule, blocks=6000, shocks=shocks, seed=2)
        for name, rule in (("btc", bitcoin(500)), ("eth", homestead()), ("ours", ours()))
    }
    for other in ("btc", "eth"):
        assert runs["ours"]["rolling_mean_rmse"] < runs[other]["rolling_mean_rmse"]
        assert runs["ours"]["worst_recovery"] < runs[other]["worst_recovery"]
    assert abs(runs["ours"]["mean_block_time"] / runs["ours"]["target"] - 1) < 0.05
    with pytest.raises(ValidatorInputError):
        simulate_pow(ours(), blocks=10)
