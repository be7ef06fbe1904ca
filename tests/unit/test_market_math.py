"""LMSR fixed-point maths (the contract's Python mirror) against a 50-digit mpmath reference."""

from __future__ import annotations

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.exceptions import MarketError
from nexus.markets import MarketMath, reference_cost
from nexus.markets import fixedpoint as fp

P = fp.P


@pytest.fixture(autouse=True)
def _precise() -> object:
    with mpmath.workdps(60):  # the references below need far more than float precision
        yield


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 64 * P))
def test_exp_neg_is_within_a_few_units_of_1e27(y: int) -> None:
    ref = mpmath.exp(-mpmath.mpf(y) / P) * P
    got = fp.exp_neg(y)
    assert abs(got - ref) <= 12
    assert got <= P


@settings(max_examples=300, deadline=None)
@given(st.integers(P, 256 * P - 1))
def test_ln_is_within_a_few_units_and_never_negative(x: int) -> None:
    ref = mpmath.log(mpmath.mpf(x) / P) * P
    got = fp.ln(x)
    assert abs(got - ref) <= 12 and got >= 0


def test_exact_points() -> None:
    assert fp.exp_neg(0) == P and fp.ln(P) == 0
    assert fp.exp_neg(63 * P) == 0
    assert abs(fp.ln(2 * P) - fp.LN2) <= 1
    with pytest.raises(ValueError):
        fp.ln(P - 1)


markets = st.builds(
    MarketMath,
    n=st.integers(2, 16),
    funding=st.integers(10**12, 10**28),
    alpha=st.one_of(st.just(0), st.integers(10**15, 10**18)),
    fee_bps=st.integers(0, 1000),
)


@st.composite
def states(draw: st.DrawFn) -> tuple[MarketMath, list[int]]:
    mm = draw(markets)
    scale = max(mm.b([0] * mm.n), 1)
    q = draw(st.lists(st.integers(0, 30 * scale), min_size=mm.n, max_size=mm.n))
    return mm, q


@settings(max_examples=200, deadline=None)
@given(states())
def test_cost_matches_reference_to_1e_12_relative_and_stays_inside_the_margin(s: tuple[MarketMath, list[int]]) -> None:
    mm, q = s
    got, ref = mm.cost(q), mm.reference_cost(q)
    assert abs(got - ref) <= 1e-12 * ref
    assert 2 * abs(got - ref) < fp.margin(mm.b(q), mm.n)  # the margin covers both ends of a trade
    assert got >= max(mm.effective(q))  # C(q) >= max q: solvency of the maker


@settings(max_examples=200, deadline=None)
@given(states())
def test_prices_match_reference_and_sum_to_one(s: tuple[MarketMath, list[int]]) -> None:
    mm, q = s
    got, ref = mm.prices(q), mm.reference_prices(q)
    # LS-LMSR: the contract's b is floor(alpha sum q), off the ideal by < 1 unit, i.e. 1/b relative
    slack = 10 / mm.b(q) if mm.alpha else 0
    for g, r in zip(got, ref):
        assert abs(mpmath.mpf(g) / fp.WAD - r) <= 1e-15 + slack
    total = sum(got)
    if mm.alpha == 0:
        assert fp.WAD - mm.n <= total <= fp.WAD
    else:  # LS-LMSR: 1 <= sum <= 1 + alpha n ln n (its vig)
        vig = mm.alpha * mm.n * mpmath.log(mm.n)
        assert fp.WAD - mm.n <= total <= fp.WAD + vig + mm.n + slack * fp.WAD


@settings(max_examples=150, deadline=None)
@given(states(), st.integers(0, 15), st.integers(1, 10**24))
def test_quotes_round_in_the_makers_favour(s: tuple[MarketMath, list[int]], i: int, shares: int) -> None:
    mm, q = s
    i %= mm.n
    buy = mm.quote_buy(q, i, shares)
    after = list(q)
    after[i] += shares
    exact = mm.reference_cost(after) - mm.reference_cost(q) if mm.alpha == 0 else None
    if exact is not None:
        assert buy.cost >= exact and buy.cost - exact <= 2 * fp.margin(mm.b(after), mm.n)
    sell = mm.quote_sell(after, i, shares)
    assert sell.cost <= buy.cost  # a round trip never pays
    assert buy.fee == fp.fee(buy.cost, mm.fee_bps) and buy.total == buy.cost + buy.fee


def test_ls_lmsr_loss_bound_equals_funding() -> None:
    mm = MarketMath(4, 1000 * 10**18, alpha=5 * 10**16)
    # worst case: everything bought on one outcome, which wins; loss = payout - collected
    q = [0, 0, 0, 0]
    collected = 0
    for _ in range(40):
        quote = mm.quote_buy(q, 0, 500 * 10**18)
        collected += quote.total
        q[0] += 500 * 10**18
    loss = q[0] - collected
    assert 0 < loss <= mm.funding


def test_budget_search_is_tight() -> None:
    mm = MarketMath(3, 100 * 10**18, fee_bps=30)
    q = [5 * 10**18, 0, 0]
    shares = mm.shares_for_budget(q, 1, 10**19)
    assert mm.quote_buy(q, 1, shares).total <= 10**19 < mm.quote_buy(q, 1, shares + 1).total


def test_bad_parameters() -> None:
    for kwargs in (
        {"n": 1, "funding": 10**18},
        {"n": 17, "funding": 10**18},
        {"n": 2, "funding": 5},
        {"n": 2, "funding": 10**18, "alpha": 2 * 10**18},
        {"n": 2, "funding": 10**18, "fee_bps": 5000},
    ):
        with pytest.raises(MarketError):
            MarketMath(**kwargs)
    mm = MarketMath(2, 10**18)
    with pytest.raises(MarketError, match="bad outcome"):
        mm.quote_buy([0, 0], 2, 1)
    with pytest.raises(MarketError, match="zero shares"):
        mm.quote_buy([0, 0], 0, 0)
    with pytest.raises(MarketError, match="not enough shares"):
        mm.quote_sell([0, 0], 0, 1)


def test_reference_cost_of_zero_is_b_ln_n() -> None:
    assert abs(reference_cost([0, 0, 0], 10**18) - 10**18 * mpmath.log(3)) < 1e-6
