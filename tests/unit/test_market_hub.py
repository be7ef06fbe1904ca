"""Issue 16: the singleton MarketHub (every market by id in one contract) on the embedded chain:
bit-exact with the Python mirror, per-market solvency, resolution, reverts."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from hubkit import hub_env

from nexus.chain.embedded import EmbeddedChain
from nexus.exceptions import ContractReverted, MarketError
from nexus.markets import Markets
from nexus.markets.client import MAX_UINT
from nexus.markets.hub import MarketHub

W = 10**18
UNIT = 2**32  # the hub records a trade's income in whole units of 2**32 wei


def recorded(kept: int) -> int:
    """What the hub records of a trade's income `kept`: its whole units (the rest stays in the hub)."""
    return kept - kept % UNIT


@pytest.fixture(scope="module")
def env(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[tuple[EmbeddedChain, Markets, MarketHub]]:
    with hub_env(tmp_path_factory.mktemp("hub"), pytestconfig, accounts=5, each=10**6 * W) as env:
        yield env


def test_hub_markets_trade_bit_exact_with_the_mirror_and_stay_solvent(
    env: tuple[EmbeddedChain, Markets, MarketHub],
) -> None:
    chain, markets, hub = env
    creator, traders = chain.accounts[0], chain.accounts[1:4]
    token = markets.token()
    ids, funding = [], {2: 100 * W, 5: 37 * W, 16: 1000 * W}
    for n, f in funding.items():
        made = hub.create(
            "q?", [f"o{i}" for i in range(n)], f, fee_bps=30, close_time=chain.timestamp() + 3600, sender=creator
        )
        ids.append((made.id, n))
    rng = random.Random(3)
    for mid, n in ids:
        mm = hub.get(mid).math
        q = [0] * n
        income = dust = 0  # what the trades kept beyond the cost function's change, from the mirror
        for _ in range(12):
            t, i = rng.choice(traders), rng.randrange(n)
            held = int(hub.contract.balanceOf(t, mid, i))
            if held and rng.random() < 0.4:
                s = rng.randint(1, held)
                want = mm.quote_sell(q, i, s).total
                rc = hub.contract.sell(mid, i, s, want, sender=t)
                assert hub.contract.decode(rc)[-1].args["proceeds"] == want
                kept = mm.cost(q) - mm.cost([x - s * (j == i) for j, x in enumerate(q)]) - want
                income, dust = income + recorded(kept), dust + kept - recorded(kept)
                q[i] -= s
            else:
                s = rng.randint(1, 40) * W + rng.randint(0, W)
                want = mm.quote_buy(q, i, s).total
                assert int(hub.contract.quote_buy(mid, i, s)) == want
                before = int(token.balanceOf(t))
                hub.contract.buy(mid, i, s, want, sender=t)
                assert before - int(token.balanceOf(t)) == want
                kept = want - (mm.cost([x + s * (j == i) for j, x in enumerate(q)]) - mm.cost(q))
                income, dust = income + recorded(kept), dust + kept - recorded(kept)
                q[i] += s
            assert [int(v) for v in hub.contract.quantities(mid)] == q
        # what the market took in, recomputed from the trades, covers the proven floor >= max q
        floor = int(hub.contract.collateral_floor(mid))
        assert floor >= max(q) and floor == funding[n] - mm.cost([0] * n) + mm.cost(q)
        taken = funding[n] + sum(
            e.args["cost"] + e.args["fee"] if e.name == "Buy" else -e.args["proceeds"]
            for e in hub.contract.events(None)
            if e.name in ("Buy", "Sell") and e.args["id"] == mid
        )
        assert taken >= floor
        # the fee income is recorded: what the market took in is exactly the floor plus it plus
        # each trade's remainder below 2**32 wei, which stays in the hub
        assert int(hub.contract.income(mid)) == income == taken - floor - dust > 0
        assert 0 < dust < 12 * UNIT
    assert int(token.balanceOf(hub.address)) >= sum(int(hub.contract.collateral_floor(mid)) for mid, _ in ids)


def test_hub_resolution_redeem_and_reverts(env: tuple[EmbeddedChain, Markets, MarketHub]) -> None:
    chain, markets, hub = env
    creator, resolver, a, b = chain.accounts[:4]
    token = markets.token()
    mid = hub.create(
        "r?", ["Yes", "No"], 100 * W, resolver=resolver, close_time=chain.timestamp() + 3600, sender=creator
    ).id
    hub.contract.buy(mid, 0, 30 * W, MAX_UINT, sender=a)
    hub.contract.buy(mid, 1, 10 * W, MAX_UINT, sender=b)
    with pytest.raises(ContractReverted, match="cost above max_cost"):
        hub.contract.buy(mid, 0, W, 1, sender=a)
    with pytest.raises(ContractReverted, match="bad outcome"):
        hub.contract.buy(mid, 2, W, MAX_UINT, sender=a)
    with pytest.raises(ContractReverted, match="unknown market"):
        hub.contract.buy(mid + 99, 0, W, MAX_UINT, sender=a)
    with pytest.raises(ContractReverted):
        hub.contract.sell(mid, 1, W, 0, sender=a)  # a holds none of outcome 1
    with pytest.raises(ContractReverted, match="not the resolver"):
        hub.contract.resolve(mid, 0, sender=a)
    hub.contract.resolve(mid, 0, sender=resolver)
    with pytest.raises(ContractReverted, match="resolved"):
        hub.contract.buy(mid, 0, W, MAX_UINT, sender=a)
    before = int(token.balanceOf(a))
    hub.contract.redeem(mid, sender=a)
    assert int(token.balanceOf(a)) - before == 30 * W
    hub.contract.redeem(mid, sender=b)  # loser: nothing
    assert int(hub.contract.balanceOf(b, mid, 1)) == 10 * W and hub.get(mid).status() == "final"
    with pytest.raises(MarketError):
        hub.get(10**6)
    with pytest.raises(ContractReverted, match="outcomes must be 2-16"):
        hub.contract.create("q", ["a"], 100 * W, 0, resolver, chain.timestamp() + 3600, sender=creator)


def test_fee_income_is_paid_to_the_creator_with_the_surplus(env: tuple[EmbeddedChain, Markets, MarketHub]) -> None:
    """Every trade records its fee and margin; after resolution and every redemption the market's
    own collateral is exactly spent: redemptions + surplus + fee income == what it took in."""
    chain, markets, hub = env
    creator, a, b = chain.accounts[0], chain.accounts[1], chain.accounts[2]
    token = markets.token()
    for n, win in ((2, 1), (4, 0)):
        m = hub.create("fees?", [f"o{i}" for i in range(n)], 50 * W, fee_bps=1000, sender=creator)
        for trader, i, s in ((a, 0, 20 * W), (b, 1, 35 * W), (a, 1, 3 * W), (b, n - 1, 9 * W)):
            hub.contract.buy(m.id, i, s, MAX_UINT, sender=trader)
        hub.contract.sell(m.id, 1, 30 * W, 0, sender=b)
        hub.contract.sell(m.id, 0, 1, 0, sender=a)  # proceeds below the margin: all of it is income
        # what it took in, from the trades' own events
        taken = 50 * W + sum(
            e.args["cost"] + e.args["fee"] if e.name == "Buy" else -e.args["proceeds"]
            for e in hub.contract.events(None)
            if e.name in ("Buy", "Sell") and e.args["id"] == m.id
        )
        floor = int(hub.contract.collateral_floor(m.id))
        dust = taken - floor - int(hub.contract.income(m.id))  # < 2**32 per trade
        assert 0 < dust < 6 * UNIT and taken - floor - dust > 0
        assert int(hub.contract.income(m.id)) % UNIT == 0
        m.resolve(win, sender=creator)
        paid = sum(m.redeem(sender=t) for t in (a, b))
        before = int(token.balanceOf(creator))
        amount = m.withdraw_surplus(sender=creator)
        assert int(token.balanceOf(creator)) - before == amount
        assert paid + amount + dust == taken  # nothing but the income's dust stays locked
        assert int(hub.contract.reserve(m.id)) == 0
        with pytest.raises(MarketError, match="surplus paid"):
            m.withdraw_surplus(sender=creator)


def test_cached_sum_stays_bit_exact_through_ties_and_moves_of_the_maximum(
    env: tuple[EmbeddedChain, Markets, MarketHub],
) -> None:
    """Markets of 3+ outcomes price from a cached sum of terms and maximum: trades that tie the
    maximum, sell it away (with and without a tie) or leave it alone all charge the mirror's
    exact amounts, and record the income (fee + margin, in whole units of 2**32 wei) each time."""
    chain, markets, hub = env
    creator, t = chain.accounts[0], chain.accounts[3]
    token = markets.token()
    m = hub.create("ties?", ["a", "b", "c", "d", "e"], 20 * W, fee_bps=7, sender=creator)
    q, income = [0] * 5, 0
    steps = [
        ("buy", 0, 10 * W),  # the maximum moves from 0
        ("buy", 1, 10 * W),  # ties it
        ("sell", 0, 4 * W),  # a tied maximum sold: the maximum stays (held by outcome 1)
        ("sell", 1, 7 * W),  # the maximum sold away: outcome 0 leads again
        ("buy", 3, W),  # below the maximum, from an untouched word
        ("buy", 4, W),  # equal to outcome 3
        ("sell", 3, W),
        ("buy", 2, 25 * W),  # far past the maximum
        ("sell", 2, 25 * W),  # back to where it was
    ]
    for side, i, s in steps:
        before = int(token.balanceOf(t))
        if side == "buy":
            want = m.math.quote_buy(q, i, s).total
            hub.contract.buy(m.id, i, s, want, sender=t)
            assert before - int(token.balanceOf(t)) == want, (side, i)
            income += recorded(want - m.math.cost([x + s * (j == i) for j, x in enumerate(q)]) + m.math.cost(q))
            q[i] += s
        else:
            want = m.math.quote_sell(q, i, s).total
            hub.contract.sell(m.id, i, s, want, sender=t)
            assert int(token.balanceOf(t)) - before == want, (side, i)
            income += recorded(m.math.cost(q) - m.math.cost([x - s * (j == i) for j, x in enumerate(q)]) - want)
            q[i] -= s
        assert m.quantities() == q and m.income() == income
        assert int(hub.contract.collateral_floor(m.id)) == 20 * W - m.math.cost([0] * 5) + m.math.cost(q)


def test_hub_funding_is_capped_so_b_fits_its_field(env: tuple[EmbeddedChain, Markets, MarketHub]) -> None:
    chain, markets, hub = env
    creator = chain.accounts[0]
    with pytest.raises(MarketError, match="at most"):
        hub.create("big?", ["a", "b"], 2**95 + 1, sender=creator)
    with pytest.raises(ContractReverted, match="bad funding"):
        hub.contract.create("big?", ["a", "b"], 2**95 + 1, 0, creator, chain.timestamp() + 60, sender=creator)


def test_hub_quantities_are_bounded_below_2_96(env: tuple[EmbeddedChain, Markets, MarketHub]) -> None:
    """Quantities have 96-bit fields (a two-outcome market keeps its income between them), so a
    buy past 2**96 - 1 reverts, in the hub and in its mirror."""
    chain, markets, hub = env
    creator, a = chain.accounts[0], chain.accounts[1]
    two = hub.create("cap?", ["y", "n"], 10 * W, sender=creator)
    five = hub.create("cap5?", [f"o{i}" for i in range(5)], 10 * W, sender=creator)
    with pytest.raises(ContractReverted, match="too many shares"):
        hub.contract.buy(two.id, 1, 2**96, MAX_UINT, sender=a)
    with pytest.raises(ContractReverted, match="too many shares"):
        hub.contract.quote_buy(two.id, 0, 2**96)
    with pytest.raises(MarketError, match="too many shares"):
        two.math.quote_buy([0, 0], 0, 2**96)
    with pytest.raises(ContractReverted, match="too many shares"):
        hub.contract.buy(five.id, 4, 2**96, MAX_UINT, sender=a)
    # at the bound the charge is what fails (nobody holds 2**96 wei)
    for m in (two, five):
        with pytest.raises(ContractReverted, match="above max_cost"):
            hub.contract.buy(m.id, 1, 2**96 - 1, 1, sender=a)
    assert two.math.quote_buy([0, 0], 0, 2**96 - 1).total == int(hub.contract.quote_buy(two.id, 0, 2**96 - 1))
