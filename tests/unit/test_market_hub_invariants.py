"""Issue 16: MarketHub invariants under random trading, recomputed independently in Python.

Shares are conserved (each outcome's quantity is the sum of its holders' packed balances),
every charge equals the exact mirror, every trade's income (fee + margin, recomputed from the
mirror's cost function) is what the hub records (its whole units of 2**32 wei), and collateral
is conserved per market: what a market took in (funding + buys - sales) covers what it pays out
(redemptions + the creator's surplus and fee income), exactly up to the pro-rata dust of an
invalid market and the unrecorded income remainders, so no market ever pays out of another's
collateral and none stays locked, whichever outcome wins or when the market is invalid."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hubkit import hub_env
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from nexus.chain.embedded import EmbeddedChain
from nexus.markets import Markets
from nexus.markets.hub import MarketHub

W = 10**18
INVALID = 255
UNIT = 2**32  # the hub records a trade's income in whole units of 2**32 wei


@pytest.fixture(scope="module")
def env(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[tuple[EmbeddedChain, Markets, MarketHub]]:
    with hub_env(tmp_path_factory.mktemp("hubinv"), pytestconfig, accounts=4, each=10**8 * W) as env:
        yield env


step = st.tuples(
    st.integers(0, 1),  # market
    st.integers(1, 3),  # trader
    st.integers(0, 4),  # outcome (mod n)
    st.booleans(),  # sell when possible
    st.integers(1, 60 * W),  # shares
)


@settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each example is a chain run
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    ns=st.tuples(st.sampled_from([2, 3, 16]), st.sampled_from([2, 5])),
    fee=st.sampled_from([0, 30, 1000]),
    steps=st.lists(step, min_size=4, max_size=14),
    winners=st.tuples(st.integers(0, 16), st.integers(0, 16)),
)
def test_shares_and_collateral_are_conserved_per_market(
    env: tuple[EmbeddedChain, Markets, MarketHub],
    ns: tuple[int, int],
    fee: int,
    steps: list[tuple[int, int, int, bool, int]],
    winners: tuple[int, int],
) -> None:
    chain, markets, hub = env
    token = markets.token()
    creator = chain.accounts[0]
    funding = [37 * W + 11, 250 * W]
    start = int(token.balanceOf(hub.address))
    made = [
        hub.create(
            "q", [f"o{i}" for i in range(n)], f, fee_bps=fee, close_time=chain.timestamp() + 3600, sender=creator
        )
        for n, f in zip(ns, funding)
    ]
    q = [[0] * n for n in ns]
    bal: dict[tuple[int, str, int], int] = {}
    taken = list(funding)  # collateral each market took in, from our own bookkeeping
    income = [0, 0]  # fees + margins: what each trade kept beyond the mirror's change of Cr...
    dust = [0, 0]  # ...less each trade's remainder below 2**32 wei (not recorded)
    trades = [0, 0]
    for k, t, o, want_sell, shares in steps:
        m, n, trader = made[k], ns[k], chain.accounts[t]
        i = o % n
        held = bal.get((k, trader, i), 0)
        if want_sell and held:
            s = min(shares, held)
            exp = m.math.quote_sell(q[k], i, s).total
            before = int(token.balanceOf(trader))
            hub.contract.sell(m.id, i, s, exp, sender=trader)
            assert int(token.balanceOf(trader)) - before == exp
            kept = m.math.cost(q[k]) - m.math.cost([x - s * (j == i) for j, x in enumerate(q[k])]) - exp
            q[k][i] -= s
            bal[(k, trader, i)] = held - s
            taken[k] -= exp
        else:
            exp = m.math.quote_buy(q[k], i, shares).total
            before = int(token.balanceOf(trader))
            hub.contract.buy(m.id, i, shares, exp, sender=trader)
            assert before - int(token.balanceOf(trader)) == exp
            kept = exp - m.math.cost([x + shares * (j == i) for j, x in enumerate(q[k])]) + m.math.cost(q[k])
            q[k][i] += shares
            bal[(k, trader, i)] = held + shares
            taken[k] += exp
        rest = kept % UNIT
        income[k], dust[k], trades[k] = income[k] + kept - rest, dust[k] + rest, trades[k] + 1
        for kk, mm in enumerate(made):
            assert mm.quantities() == q[kk]
            assert mm.income() == income[kk]
            for j in range(ns[kk]):  # shares conserved: quantity == sum of packed balances
                held_j = [int(hub.contract.balanceOf(a, mm.id, j)) for a in chain.accounts[1:4]]
                assert held_j == [bal.get((kk, a, j), 0) for a in chain.accounts[1:4]]
                assert sum(held_j) == q[kk][j]
    assert int(token.balanceOf(hub.address)) - start == sum(taken)
    paid = [0, 0]
    for k, m in enumerate(made):
        n = ns[k]
        win = INVALID if winners[k] >= n else winners[k]
        floor = int(hub.contract.collateral_floor(m.id))
        # the proven floor plus the recorded income: all it took in, but the unrecorded remainders
        assert floor + income[k] + dust[k] == taken[k] and dust[k] < UNIT * max(trades[k], 1)
        hub.contract.resolve(m.id, win, sender=creator)
        for a in chain.accounts[1:4]:
            exp = sum(bal.get((k, a, j), 0) // n for j in range(n)) if win == INVALID else bal.get((k, a, win), 0)
            before = int(token.balanceOf(a))
            hub.contract.redeem(m.id, sender=a)
            assert int(token.balanceOf(a)) - before == exp
            paid[k] += exp
        before = int(token.balanceOf(creator))
        hub.contract.withdraw_surplus(m.id, sender=creator)
        paid[k] += int(token.balanceOf(creator)) - before  # surplus + fee income
        assert paid[k] <= taken[k]  # this market paid out of its own collateral only
        # and nothing stays locked but an invalid market's pro-rata dust (< n per outcome held)
        left = int(hub.contract.reserve(m.id))
        assert paid[k] + left + dust[k] == taken[k]
        assert left == 0 if win != INVALID else left < 3 * n  # three holders: < 3 per outcome
    assert int(token.balanceOf(hub.address)) - start == sum(taken) - sum(paid)
