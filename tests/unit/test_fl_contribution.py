"""Contribution scores (LOO, Monte-Carlo and exact Shapley), Dirichlet partitions and the two models."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.exceptions import FLInputError
from nexus.fl.contribution import CoalitionValue, exact_shapley, leave_one_out, monte_carlo_shapley, score
from nexus.fl.data import dirichlet_partition, load_dataset
from nexus.fl.models import make_model


def additive(values: list[float]) -> CoalitionValue:
    """v(S) = sum of S's values, through the real coalition machinery: update i moves coordinate i."""
    n = len(values)
    updates = [[np.eye(n)[i] * n] for i in range(n)]  # each client's share 1/n scales it back to e_i
    return CoalitionValue(updates, [1.0] * n, [np.zeros(n)], lambda a: float(np.dot(a[0], values)))


@settings(max_examples=15, deadline=None)
@given(st.lists(st.floats(-1, 1, allow_nan=False), min_size=1, max_size=6))
def test_exact_shapley_of_an_additive_game_is_each_players_own_value(values: list[float]) -> None:
    phi = exact_shapley(additive(values), len(values))
    assert np.allclose(phi, values, atol=1e-9)
    assert np.allclose(leave_one_out(additive(values), len(values)), values, atol=1e-9)


def test_monte_carlo_shapley_tracks_exact_shapley_on_an_interacting_game() -> None:
    rng = np.random.default_rng(1)
    n = 6
    w = rng.normal(size=n)
    updates = [[np.eye(n)[i] * n] for i in range(n)]
    value = CoalitionValue(
        updates, [1.0] * n, [np.zeros(n)], lambda a: float(np.tanh(np.dot(a[0], w)) + a[0][0] * a[0][1])
    )
    exact = exact_shapley(value, n)
    est = monte_carlo_shapley(CoalitionValue(updates, [1.0] * n, [np.zeros(n)], value.metric), n, permutations=300)
    assert np.corrcoef(np.argsort(np.argsort(exact)), np.argsort(np.argsort(est)))[0, 1] >= 0.9
    assert abs(sum(est) - sum(exact)) < 1e-9  # efficiency: both sum to v(N) - v(empty)


def test_a_client_returning_the_global_model_is_a_null_player() -> None:
    rng = np.random.default_rng(0)
    base = [rng.normal(size=(3, 4)), rng.normal(size=3)]
    updates = [[b + rng.normal(size=b.shape) for b in base] for _ in range(4)] + [[b.copy() for b in base]]
    X, y = rng.normal(size=(40, 4)), rng.integers(0, 3, size=40)
    model = make_model("sklearn", 4, 3)
    for method in ("exact", "shapley", "loo"):
        res = score(method, updates, [10, 20, 30, 40, 25], base, lambda a: model.accuracy(a, X, y))
        assert res.values[-1] == 0.0 and res.evaluations > 0
    assert score("exact", updates, [1] * 5, base, lambda a: 0.0).evaluations == 2**5
    with pytest.raises(FLInputError):
        score("banzhaf", updates, [1] * 5, base, lambda a: 0.0)


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 12), st.sampled_from([0.1, 0.5, 1.0, 10.0]), st.integers(0, 50))
def test_dirichlet_partition_covers_every_row_once(clients: int, alpha: float, seed: int) -> None:
    y = np.random.default_rng(seed).integers(0, 5, size=300)
    parts = dirichlet_partition(y, clients, alpha, seed=seed)
    joined = np.concatenate(parts)
    assert len(parts) == clients and sorted(joined.tolist()) == list(range(300))
    assert min(len(p) for p in parts) >= 5


def test_small_alpha_is_more_skewed_than_large_alpha() -> None:
    y = load_dataset("digits").y

    def skew(alpha: float) -> float:  # mean share of each client's most common label
        parts = dirichlet_partition(y, 10, alpha, seed=3)
        return float(np.mean([np.bincount(y[p]).max() / len(p) for p in parts]))

    assert skew(0.1) > skew(1.0) > skew(100.0)


@pytest.mark.parametrize("kind", ["sklearn", "torch"])
def test_both_models_learn_digits_from_the_federation_start(kind: str) -> None:
    if kind == "torch":
        pytest.importorskip("torch")
    d = load_dataset("digits")
    m = make_model(kind, d.features, d.classes)
    a0 = m.init_arrays(0)
    a1 = m.train(a0, d.X[:300], d.y[:300], epochs=3, lr=0.1, seed=0)
    assert m.accuracy(a1, d.X_test, d.y_test) > m.accuracy(a0, d.X_test, d.y_test) + 0.3


def test_fedprox_proximal_term_keeps_the_torch_update_near_the_global_model() -> None:
    pytest.importorskip("torch")
    d = load_dataset("digits")
    m = make_model("torch", d.features, d.classes)
    a0 = m.init_arrays(0)

    def drift(mu: float) -> float:
        a1 = m.train(a0, d.X[:200], d.y[:200], epochs=2, lr=0.1, seed=0, mu=mu)
        return float(sum(np.sum((x - y) ** 2) for x, y in zip(a1, a0)))

    assert drift(5.0) < 0.8 * drift(0.0)
