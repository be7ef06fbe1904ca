"""Market invariants, property-tested with hypothesis against the deployed contract (embedded chain)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import mpmath
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus.chain.embedded import EmbeddedChain
from nexus.contracts import Deployer
from nexus.markets import Market, Markets
from nexus.markets import fixedpoint as fp
from nexus.markets.client import MAX_UINT

W = 10**18
FUNDING = 100 * W
PROPS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# (trader 0-2, buy?, outcome, size in permille of b)
ops_strategy = st.lists(
    st.tuples(st.integers(0, 2), st.booleans(), st.integers(0, 15), st.integers(1, 1500)), min_size=1, max_size=6
)


@pytest.fixture(scope="module")
def env(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[tuple[EmbeddedChain, dict[str, Market]]]:
    d: Path = tmp_path_factory.mktemp("market-props")
    chain = EmbeddedChain(d / "chain")
    cache = pytestconfig.cache.mkdir("nexus-build") if getattr(pytestconfig, "cache", None) else d / "cache"
    markets = Markets(chain, Deployer(chain, d / "deployments", cache))
    markets.setup()
    markets.faucet(chain.accounts[0], 10**4 * W)
    made = {
        "lmsr3": markets.create("Which?", ["A", "B", "C"], FUNDING, dispute_window=0),
        "lmsr2-fee": markets.create("Rain?", ["Yes", "No"], FUNDING, fee_bps=100, dispute_window=0),
        "ls2": markets.create("Up?", ["Up", "Down"], FUNDING, alpha=5 * 10**16, dispute_window=0),
    }
    for t in traders(chain):
        markets.faucet(t, 10**7 * W)
        for m in made.values():
            m.token.approve(m.address, MAX_UINT, sender=t)
    yield chain, made
    chain.close()


def traders(chain: EmbeddedChain) -> list[str]:
    return chain.accounts[1:4]


@pytest.fixture(params=["lmsr3", "lmsr2-fee", "ls2"])
def market(request: pytest.FixtureRequest, env: tuple[EmbeddedChain, dict[str, Market]]) -> Market:
    return env[1][request.param]


def _apply(m: Market, who: list[str], ops: list[tuple[int, bool, int, int]]) -> int:
    """Run the ops (sells clipped to holdings); returns the collateral the traders paid in net."""
    n, b = m.math.n, m.math.b(m.quantities())
    paid = 0
    for t, is_buy, outcome, size in ops:
        i, trader = outcome % n, who[t % len(who)]
        if is_buy:
            rc = m.contract.buy(i, max(1, b * size // 1000), MAX_UINT, sender=trader)
            paid += m.contract.decode(rc)[-1].args["cost"] + m.contract.decode(rc)[-1].args["fee"]
        else:
            held = m.contract.balanceOf(trader, i)
            shares = held * min(size, 1000) // 1000
            if shares == 0:
                continue
            rc = m.contract.sell(i, shares, 0, sender=trader)
            paid -= m.contract.decode(rc)[-1].args["proceeds"]
    return paid


def _check_state(m: Market) -> None:
    q = m.quantities()
    assert m.contract.cost_function() == m.math.cost(q)  # bit-exact with the Python mirror
    prices = m.prices()
    if m.math.alpha == 0:
        assert fp.WAD - m.math.n <= sum(prices) <= fp.WAD  # prices sum to 1 (rounded down)
    else:
        assert fp.WAD - m.math.n <= sum(prices) <= fp.WAD + m.math.alpha * m.math.n * 7 // 10 + m.math.n
    # the maker can pay any outcome: loss = payout - (holdings - funding) <= funding
    holdings = m.token.balanceOf(m.address)
    assert holdings >= max(q)
    assert max(q) - (holdings - FUNDING) <= FUNDING


@PROPS
@given(ops=ops_strategy)
def test_prices_sum_to_one_and_loss_never_exceeds_funding(
    env: tuple[EmbeddedChain, dict[str, Market]], market: Market, ops: list
) -> None:
    chain = env[0]
    snap = chain.snapshot()
    try:
        for op in ops:
            _apply(market, traders(chain), [op])
            _check_state(market)
    finally:
        chain.revert(snap)


@PROPS
@given(prefix=ops_strategy, ops=ops_strategy)
def test_no_free_money(env: tuple[EmbeddedChain, dict[str, Market]], market: Market, prefix: list, ops: list) -> None:
    """One trader's round trip never ends with more collateral, and never locks in a sure profit."""
    chain = env[0]
    others, me = traders(chain)[:2], traders(chain)[2]
    snap = chain.snapshot()
    try:
        _apply(market, others, prefix)
        start = market.token.balanceOf(me)
        spent = _apply(market, [me], ops)
        held = market.balances(me)
        assert min(held) <= spent  # whatever the outcome, no guaranteed profit
        for i, shares in enumerate(held):
            if shares:
                market.contract.sell(i, shares, 0, sender=me)
        assert market.token.balanceOf(me) <= start
    finally:
        chain.revert(snap)


@PROPS
@given(buys=st.lists(st.tuples(st.integers(0, 15), st.integers(1, 1500)), min_size=2, max_size=5), data=st.data())
def test_cost_is_path_independent_within_the_margins(
    env: tuple[EmbeddedChain, dict[str, Market]], market: Market, buys: list, data: st.DataObject
) -> None:
    """Any order of the same buys pays C(q_T) - C(q_0) exactly, plus per-trade margins and fees."""
    chain, me = env[0], traders(env[0])[0]
    order = data.draw(st.permutations(range(len(buys))))
    ops = [(0, True, o, s) for o, s in buys]
    q0, c0 = market.quantities(), market.contract.cost_function()
    b0 = market.math.b(q0)
    for seq in (ops, [ops[k] for k in order]):
        snap = chain.snapshot()
        try:
            paid = _apply(market, [me], seq)
            q1, c1 = market.quantities(), market.contract.cost_function()
        finally:
            chain.revert(snap)
        q, extras = list(q0), 0  # replay on the mirror: per-trade margin + fee
        for _, _, o, size in seq:
            quote = market.math.quote_buy(q, o % market.math.n, max(1, b0 * size // 1000))
            q[quote.outcome] += quote.shares
            extras += quote.total - (
                market.math.cost(q)
                - market.math.cost([x - (quote.shares if k == quote.outcome else 0) for k, x in enumerate(q)])
            )
        assert q == q1 and paid - extras == c1 - c0  # the cost part telescopes: path independent
        with mpmath.workdps(50):
            exact = market.math.reference_cost(q1) - market.math.reference_cost(q0)
        assert paid >= exact  # and rounding favours the maker on every path
        bound = len(seq) * (fp.margin(market.math.b(q1), market.math.n) + 1)
        assert extras <= bound + paid * market.math.fee_bps // 9_000  # margins + fees, nothing else


@PROPS
@given(ops=ops_strategy, winner=st.integers(0, 16))
def test_everyone_is_paid_after_resolution(
    env: tuple[EmbeddedChain, dict[str, Market]], market: Market, ops: list, winner: int
) -> None:
    chain = env[0]
    snap = chain.snapshot()
    try:
        paid = _apply(market, traders(chain), ops)
        outcome = fp.INVALID if winner >= market.math.n else winner
        market.contract.propose(outcome, sender=market.info.resolver)
        payouts = 0
        for t in traders(chain):
            if (
                outcome == fp.INVALID
                and any(market.balances(t))
                or outcome != fp.INVALID
                and market.contract.balanceOf(t, outcome)
            ):
                payouts += market.redeem(sender=t)
        surplus = market.withdraw_surplus()
        assert market.token.balanceOf(market.address) == 0
        assert surplus - FUNDING >= -FUNDING  # the maker loses at most the funding
        assert surplus == FUNDING + paid - payouts  # nothing created or lost
    finally:
        chain.revert(snap)
