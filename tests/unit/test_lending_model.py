"""The credit score model on the real German credit data, its explanations, the on-chain scorer and the
year simulation (small sizes)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nexus.exceptions import LendingInputError
from nexus.lending.evaluate import evaluate_german, expected_cost, german_model
from nexus.lending.german import load_german, optimal_threshold
from nexus.lending.model import CreditModel
from nexus.lending.scoring import History, score_borrower
from nexus.lending.simulate import PoolRule, simulate_year

GERMAN = Path(__file__).resolve().parents[3] / "shared" / "data" / "credit-fairness" / "german.data"
if not GERMAN.exists():
    GERMAN = Path("/work/shared/data/credit-fairness/german.data")
pytestmark = pytest.mark.skipif(not GERMAN.exists(), reason="shared credit data not present")


@pytest.fixture(scope="module")
def data():
    return load_german(GERMAN)


@pytest.fixture(scope="module")
def model(data):
    return german_model().fit(data.rows, data.bad)


def test_cross_validated_figures_are_in_the_literature_range() -> None:
    r = evaluate_german(GERMAN, folds=5)
    assert 0.75 <= r["roc_auc"] <= 0.84
    # the cost matrix: better than approving everyone (1.5) and than rejecting everyone (0.7)
    assert r["expected_cost"] < r["expected_cost_reject_all"] < r["expected_cost_approve_all"]
    assert r["ece"] < 0.08 and 0 <= r["parity_gap_sex"] <= 1 and 0 <= r["parity_gap_age"] <= 1


def test_cost_threshold_and_expected_cost() -> None:
    assert optimal_threshold() == pytest.approx(1 / 6)
    y = np.array([1, 0, 1, 0])
    p = np.array([0.1, 0.1, 0.9, 0.9])  # approves the first bad (5) and declines the last good (1)
    assert expected_cost(y, p, 0.5) == pytest.approx(6 / 4)


def test_explanations_name_the_features_that_move_the_score(model, data) -> None:
    row = data.rows[1]
    ex = model.explain(row, top=3)
    assert len(ex.reasons) == 3
    assert [abs(r.effect) for r in ex.reasons] == sorted((abs(r.effect) for r in ex.reasons), reverse=True)
    assert "personal_status_sex" not in {r.feature for r in ex.reasons}  # sex is audited, never used
    top = ex.reasons[0]
    assert top.text().startswith(top.feature)
    # replacing the top feature by the average borrower's value moves P(default) the stated way
    mean_row = dict(row)
    if isinstance(row[top.feature], float):
        mean_row[top.feature] = (
            float(np.expm1(np.mean([np.log1p(r[top.feature]) for r in data.rows])))
            if top.feature in model.log_numeric
            else float(np.mean([r[top.feature] for r in data.rows]))
        )
    else:
        mean_row[top.feature] = model.levels[top.feature][0]
    moved = model.predict([mean_row])[0]
    assert (moved < ex.p_default) == (top.effect > 0) or moved == pytest.approx(ex.p_default)


def test_fingerprint_is_stable_and_model_round_trips(model, data) -> None:
    again = german_model().fit(data.rows, data.bad)
    assert again.fingerprint() == model.fingerprint()
    other = german_model().fit(data.rows[:900], data.bad[:900])
    assert other.fingerprint() != model.fingerprint()
    back = CreditModel.from_json(model.to_json())
    assert np.allclose(back.predict(data.rows[:20]), model.predict(data.rows[:20]))


def test_bad_rows_are_one_clear_error(model) -> None:
    with pytest.raises(LendingInputError, match="duration_months"):
        model.predict([{"age": 30}])
    with pytest.raises(LendingInputError):
        german_model().fit([{"x": 1}] * 3, np.array([0, 1, 0]))


def test_onchain_history_and_consent(model, data) -> None:
    base = score_borrower(History())
    assert score_borrower(History(liquidations=2)).score < base.score
    assert score_borrower(History(repaid_loans=3)).score > base.score
    assert score_borrower(History(fraud_probability=0.9)).score < base.score
    # off-chain features are ignored without consent, used with it
    assert score_borrower(History(), model=model, offchain=data.rows[0], consent=False).score == base.score
    used = score_borrower(History(), model=model, offchain=data.rows[0], consent=True)
    assert used.score == round(10_000 * (1 - model.predict([data.rows[0]])[0]))
    with pytest.raises(LendingInputError):
        History(fraud_probability=1.5)


def test_year_simulation_draws_defaults_from_the_calibrated_risk() -> None:
    p = np.full(50, 0.2)
    r = simulate_year(p, PoolRule(cf_max=0.5, cf_min=0.5), n=3000, seed=1)
    # at a low collateral factor nothing is liquidated on price, so defaults ~ Binomial(n, 0.2)
    assert abs(r["defaults"] + r["liquidations"] - 600) < 4 * np.sqrt(3000 * 0.2 * 0.8)
    assert r["loss_rate"] == 0.0  # 2x collateral covers a walk-away unless ETH halves in 90 days
    risky = simulate_year(np.full(10, 0.9), PoolRule(), n=200, seed=1)
    assert risky["approved"] == 0  # score 1000 is below the minimum: no loan opens
    with pytest.raises(LendingInputError):
        simulate_year(np.array([1.5]), PoolRule())
