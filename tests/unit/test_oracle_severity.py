"""The severity model on real Seattle weather: stations with faults combined by the oracle's
scoring, time-ordered walk-forward evaluation, basis risk and pool solvency (recomputed here)."""

from __future__ import annotations

import pytest

from nexus.exceptions import OracleInputError
from nexus.oracle.severity import SeverityModel, pool_solvency, walk_forward
from nexus.oracle.weather import VARIABLES, combine, is_event, load_seattle, station_readings

pytest.importorskip("vega_datasets")


@pytest.fixture(scope="module")
def data() -> tuple[list, list, list]:
    days = load_seattle()
    st = station_readings(days, seed=1)
    rows, _ = combine(st)
    return days, st, rows


def test_real_series_and_labels(data: tuple[list, list, list]) -> None:
    days, _, _ = data
    assert len(days) == 1461 and days[0].day.isoformat() == "2012-01-01" and days[-1].year == 2015
    assert [d.day for d in days] == sorted(d.day for d in days)
    assert 50 <= sum(map(is_event, days)) <= 120


def test_scoring_keeps_the_combined_reading_in_the_honest_range(data: tuple[list, list, list]) -> None:
    days, st, rows = data
    manipulated = 0
    for sd, row in zip(st, rows):
        r = sd.readings["precipitation"]
        if r["station-4"] == 0.0 and sd.day.precipitation > 5:
            manipulated += 1
        vals = [v for v in r.values() if v is not None]
        # at most one station is faulty on a day, so the clamp keeps the value inside the others' range
        assert min(vals) <= row["precipitation"] <= max(vals)
    assert manipulated > 20  # the attack happened
    wet = [
        (sd, row)
        for sd, row in zip(st, rows)
        if sd.readings["precipitation"]["station-4"] == 0.0 and sd.day.precipitation > 15
    ]
    assert wet and all(row["precipitation"] > 0.5 * sd.day.precipitation for sd, row in wet)


def test_walk_forward_trains_only_on_the_past(data: tuple[list, list, list]) -> None:
    days, _, rows = data
    rep = walk_forward(days, rows)
    assert [y["year"] for y in rep["years"]] == [2013, 2014, 2015]
    assert [y["train_days"] for y in rep["years"]] == [366, 731, 1096]
    # recompute the 2015 decisions independently: a model fitted on 2012-2014 only
    tr = [i for i, d in enumerate(days) if d.year < 2015]
    te = [i for i, d in enumerate(days) if d.year == 2015]
    sev = SeverityModel().fit([rows[i] for i in tr], [is_event(days[i]) for i in tr]).severity([rows[i] for i in te])
    paid = [s >= 50 for s in sev]
    loss = [is_event(days[i]) for i in te]
    y15 = rep["years"][-1]
    assert y15["paid_without_loss"] == sum(p and not y for p, y in zip(paid, loss))
    assert y15["loss_without_pay"] == sum(y and not p for p, y in zip(paid, loss))
    assert y15["match_rate"] == round(sum(p == y for p, y in zip(paid, loss)) / len(te), 4)
    assert rep["pooled"]["match_rate"] > 0.9  # far above a coin, and above "never pay" only if it detects events
    assert rep["pooled"]["paid_days"] > 0 and rep["pooled"]["loss_without_pay"] < rep["pooled"]["events"]


def test_pool_solvency_follows_the_claims(data: tuple[list, list, list]) -> None:
    days, _, rows = data
    rep = walk_forward(days, rows)
    sol = pool_solvency(rep, policies=10, payout=1.0, loading=0.25)
    bal = sol["start_capital"]
    for y, r in zip(sol["years"], rep["years"]):
        assert y["claims"] == 10 * r["paid_days"]
        bal += y["premiums"] - y["claims"]
        assert y["balance"] == pytest.approx(bal, abs=0.05)
    assert sol["solvent"] == (sol["min_balance"] >= 0)
    broke = pool_solvency(rep, policies=10, payout=1.0, loading=-0.9, capital_years=0.0)
    assert not broke["solvent"]


def test_model_needs_both_classes() -> None:
    row = {v: 0.0 for v in VARIABLES}
    with pytest.raises(OracleInputError):
        SeverityModel().fit([row, row], [False, False])
    with pytest.raises(OracleInputError):
        SeverityModel().severity([row])


def test_replayed_days_pay_on_chain_exactly_when_the_model_says(
    data: tuple[list, list, list], tmp_path_factory: pytest.TempPathFactory
) -> None:
    import nexus
    from nexus.oracle.replay import replay_days

    days, _, rows = data
    tr = [i for i, d in enumerate(days) if d.year < 2015]
    model = SeverityModel().fit([rows[i] for i in tr], [is_event(days[i]) for i in tr])
    idx = [i for i, d in enumerate(days) if d.year == 2015 and d.day.month == 11][11:18]  # Nov 12-18: several events
    with nexus.connect(home=tmp_path_factory.mktemp("replay-home")) as nx:
        nx.deploy()
        before = nx.chain.balance(nx.chain.accounts[1])
        out = replay_days(nx, [days[i] for i in idx], [rows[i] for i in idx], model)
        spent = before - nx.chain.balance(nx.chain.accounts[1])
    offline = [s >= 50 for s in model.severity([rows[i] for i in idx])]
    assert [r["paid_on_chain"] for r in out["days"]] == offline
    assert out["paid"] == sum(offline) >= 2 and out["agree"] == len(idx)
    assert all(r["reported"] == pytest.approx(r["severity"], abs=0.01) for r in out["days"])
    # the holder paid 0.1 ether of premium a day and got 1 ether on each paying day, once (plus gas)
    assert -spent == pytest.approx(10**18 * (sum(offline) - 0.1 * len(idx)), abs=10**16)
