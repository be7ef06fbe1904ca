"""The expected Brier gap to the truth (`metrics.excess`) is the realised gap averaged over outcomes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.markets.agents import SimConfig, run_simulation
from nexus.markets.agents.metrics import brier, excess


def _dist(draw: st.DrawFn, n: int) -> list[float]:
    raw = [draw(st.floats(0.01, 1.0)) for _ in range(n)]
    return [v / sum(raw) for v in raw]


@st.composite
def _cases(draw: st.DrawFn) -> tuple[list[list[float]], list[list[float]]]:
    n, k = draw(st.integers(2, 4)), draw(st.integers(1, 4))
    return [_dist(draw, n) for _ in range(k)], [_dist(draw, n) for _ in range(k)]


@settings(max_examples=60, deadline=None)
@given(_cases())
def test_excess_is_the_brier_gap_averaged_exactly_over_the_true_outcome_distribution(
    case: tuple[list[list[float]], list[list[float]]],
) -> None:
    forecasts, truth = case
    # independent recomputation: E_y[Brier(p) - Brier(t)] with y ~ t, event by event
    expected = 0.0
    for p, t in zip(forecasts, truth):
        expected += sum(tc * (brier([p], [c]) - brier([t], [c])) for c, tc in enumerate(t))
    assert abs(excess(forecasts, truth) - expected / len(forecasts)) < 1e-9
    assert excess(truth, truth) == 0.0
    assert excess(forecasts, truth) >= 0.0


def test_a_simulation_reports_each_sources_expected_gap_to_the_truth() -> None:
    rep = run_simulation(SimConfig(events=6, rounds=2, seed=3, train=40))
    gaps = rep.extra["expected_excess"]
    assert gaps["truth"] == 0.0
    assert set(gaps) >= {"market", "naive", "logistic", "bayes", "ensemble"}
    assert all(v > 0 for k, v in gaps.items() if k != "truth")
