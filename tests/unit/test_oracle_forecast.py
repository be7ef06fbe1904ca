"""Forecast feeds: the per-node model on the real Seattle series against naive baselines, its
conformal interval, and the on-chain aggregate that one lying node cannot move."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import nexus
from nexus.exceptions import OracleInputError
from nexus.oracle._crypto import dev_node_key
from nexus.oracle.forecast import Forecaster, evaluate, read_forecast
from nexus.oracle.forecast_net import deploy_forecast, publish_forecast
from nexus.oracle.weather import load_seattle

pytest.importorskip("vega_datasets")


@pytest.fixture(scope="module")
def series() -> tuple[list[float], list[int], list[int]]:
    days = load_seattle()
    return [d.temp_max for d in days], [d.day.timetuple().tm_yday for d in days], [d.year for d in days]


def test_model_beats_the_baselines_and_its_interval_covers(series: tuple[list[float], list[int], list[int]]) -> None:
    y, doy, years = series
    rep = evaluate(y, doy, years, 2015)
    assert rep["points"] == 365
    assert rep["mae_model"] < rep["mae_naive"] < rep["mae_seasonal_naive"]
    assert 0.85 <= rep["interval_coverage"] <= 0.97  # nominal 90 %
    # recompute the coverage independently from a model fitted on 2012-2014 only
    cut = years.index(2015)
    fc = Forecaster().fit(y[:cut], doy[:cut])
    inside = 0
    for i in range(cut, len(y)):
        _, lo, hi = fc.predict_next(y[:i], doy[i])
        inside += lo <= y[i] <= hi
    assert round(inside / (len(y) - cut), 4) == rep["interval_coverage"]


def test_bad_forecaster_input() -> None:
    with pytest.raises(OracleInputError):
        Forecaster().fit([1.0] * 10, list(range(10)))
    with pytest.raises(OracleInputError):
        Forecaster().predict_next([1.0] * 20, 5)
    with pytest.raises(OracleInputError, match="follow"):
        evaluate([1.0] * 100, list(range(100)), [2012] * 50 + [2014] * 50, 2013)


@pytest.fixture(scope="module")
def chain_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with nexus.connect(home=tmp_path_factory.mktemp("forecast-home")) as nx:
        nx.deploy()
        yield nx


def test_one_lying_node_cannot_move_the_forecast(
    chain_env: Any, series: tuple[list[float], list[int], list[int]]
) -> None:
    nx = chain_env
    y, doy, _ = series
    cut = 1095
    models = [Forecaster(alpha=0.5 + i).fit(y[:cut], doy[:cut]) for i in range(4)]
    honest = [m.predict_next(y[:cut], doy[cut]) for m in models[:3]]

    def hist(now: float) -> tuple[list[float], int]:
        return y[:cut], doy[cut]

    def lie(now: float) -> tuple[list[float], int]:
        return [v + 40 for v in y[:cut]], doy[cut]

    nets = deploy_forecast(
        nx, "tmax", [dev_node_key(i, "forecast test") for i in range(4)], models, [hist, hist, hist, lie]
    )
    out = publish_forecast(nets)
    assert all(o.accepted for o in out.values())
    got = read_forecast(nx, "tmax")
    assert got["answer"] is None and got["forecast_round"] == 1
    for k, part in enumerate(("next", "lo", "hi")):
        vals = [h[k] for h in honest]
        assert min(vals) - 0.01 <= got[f"forecast_{part}"] <= max(vals) + 0.01
    assert got["forecast_lo"] < got["forecast_next"] < got["forecast_hi"]
    with pytest.raises(OracleInputError, match="no forecast published"):
        read_forecast(nx, "other")
