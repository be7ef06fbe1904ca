"""Issue 16: the MarketHub's fee-income field driven to its limit on the embedded chain.

A hub market records what each trade kept beyond the cost function's change (margin + fee) in
whole units of 2**32 wei, in a word the trade writes anyway: 62 bits of units between a
two-outcome market's quantities (split 31 + 31 around the first quantity), 64 bits of a larger
market's cached-sum word. The documented behaviour at the limit is saturation: the record stops
at the cap, what it would not record stays in the hub, paid to no one, and nothing spills into
the quantities, the cached sum or the sentinel bits. Checked here trade by trade against the
Python mirror (`book_income`), then through resolution: the creator's withdrawal is exactly
surplus + recorded income, and every wei the market took in is accounted for."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hubkit import hub_env

from nexus.chain.embedded import EmbeddedChain
from nexus.exceptions import MarketError
from nexus.markets import Markets
from nexus.markets.client import MAX_UINT
from nexus.markets.hub import INCOME_UNIT, MAX_FUNDING, MAX_Q_HUB, HubMarket, MarketHub, book_income, income_cap
from nexus.markets.migrate import migrate_to_hub

W = 10**18
INVALID = 255


@pytest.fixture(scope="module")
def env(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[tuple[EmbeddedChain, Markets, MarketHub]]:
    with hub_env(tmp_path_factory.mktemp("hubincome"), pytestconfig, accounts=4, each=2**100, via_sdk=True) as env:
        yield env


class Book:
    """One hub market traded through its raw contract calls, with the mirror's expectations:
    quantities, what it took in, and the income recorded and left unrecorded."""

    def __init__(self, hub: MarketHub, m: HubMarket) -> None:
        self.hub, self.m, self.n = hub, m, len(m.info.outcomes)
        self.q = [0] * self.n
        self.taken = m.info.funding
        self.recorded = self.unrecorded = 0

    def _book(self, kept: int) -> None:
        after = book_income(self.recorded, kept, self.n)
        self.unrecorded += kept - (after - self.recorded)
        self.recorded = after
        assert self.m.income() == self.recorded  # the chain records exactly what the mirror says

    def buy(self, trader: str, i: int, s: int) -> None:
        mm, after = self.m.math, [x + s * (j == i) for j, x in enumerate(self.q)]
        want = mm.quote_buy(self.q, i, s).total
        assert int(self.hub.contract.quote_buy(self.m.id, i, s)) == want
        rc = self.hub.contract.buy(self.m.id, i, s, want, sender=trader)
        ev = self.hub.contract.decode(rc)[-1].args
        assert ev["cost"] + ev["fee"] == want
        kept, self.q, self.taken = want - (mm.cost(after) - mm.cost(self.q)), after, self.taken + want
        self._book(kept)

    def sell(self, trader: str, i: int, s: int) -> None:
        mm, after = self.m.math, [x - s * (j == i) for j, x in enumerate(self.q)]
        want = mm.quote_sell(self.q, i, s).total
        rc = self.hub.contract.sell(self.m.id, i, s, want, sender=trader)
        assert self.hub.contract.decode(rc)[-1].args["proceeds"] == want
        kept, self.q, self.taken = mm.cost(self.q) - mm.cost(after) - want, after, self.taken - want
        self._book(kept)

    def check_state(self) -> None:
        """Quantities, prices and the floor are untouched by the income beside them."""
        mm = self.m.math
        assert self.m.quantities() == self.q
        floor = int(self.hub.contract.collateral_floor(self.m.id))
        assert floor == self.m.info.funding - mm.cost([0] * self.n) + mm.cost(self.q) >= max(self.q)
        for i in range(self.n):
            if self.q[i] < MAX_Q_HUB:
                assert int(self.hub.contract.quote_buy(self.m.id, i, W)) == mm.quote_buy(self.q, i, W).total


@pytest.mark.parametrize(("n", "win"), [(2, 1), (3, INVALID)])
def test_income_saturates_at_its_cap_and_the_creator_is_paid_exactly(
    env: tuple[EmbeddedChain, Markets, MarketHub], n: int, win: int
) -> None:
    """Round trips of the largest trades a market allows (funding at the cap, 10 % fee) drive
    the income field to its cap: it saturates there (no wrap, no spill into the quantities or
    the cached sum), later trades record nothing more, and after resolution (a winner, or
    invalid: 1/n per share) the creator gets exactly surplus + recorded income while taken in ==
    redemptions + withdrawal + unrecorded + the pro-rata dust left in the reserve."""
    chain, markets, hub = env
    creator, trader, holder = chain.accounts[0], chain.accounts[1], chain.accounts[2]
    token = markets.token()
    hub_before = int(token.balanceOf(hub.address))
    m = hub.create("cap?", [f"o{i}" for i in range(n)], MAX_FUNDING, fee_bps=1000, sender=creator)
    book, cap = Book(hub, m), income_cap(n)
    book.buy(holder, n - 1, 1000 * W)  # a position that outlives the round trips
    trips = 0
    while book.recorded < cap:
        trips += 1
        assert trips <= 12, "the income field never reached its cap"
        big = MAX_Q_HUB - book.q[0]
        book.buy(trader, 0, big)
        assert book.q[0] == MAX_Q_HUB  # the quantity field is full beside the income
        book.check_state()
        book.sell(trader, 0, big)
    assert book.recorded == cap == m.income() and book.unrecorded > 0
    # saturated: a further trade keeps its fee and margin but records nothing
    unrecorded = book.unrecorded
    book.buy(trader, 1, 50 * W)
    book.sell(trader, 1, 20 * W)
    assert m.income() == cap and book.unrecorded > unrecorded
    book.check_state()

    m.resolve("invalid" if win == INVALID else win, sender=creator)
    liab = book.q[win] if win != INVALID else sum(x // n for x in book.q)
    floor = int(hub.contract.collateral_floor(m.id))
    held = {t: m.balances(t) for t in (holder, trader)}
    paid = m.redeem(sender=holder) + m.redeem(sender=trader)
    owed = sum(b[win] if win != INVALID else sum(x // n for x in b) for b in held.values())
    assert paid == owed and liab - paid == int(hub.contract.reserve(m.id)) < 2 * n  # < 1 per holder and outcome
    before = int(token.balanceOf(creator))
    amount = m.withdraw_surplus(sender=creator)
    assert amount == floor + cap - liab == int(token.balanceOf(creator)) - before
    dust = liab - paid
    assert book.taken == paid + amount + book.unrecorded + dust  # every wei accounted for
    # the hub keeps exactly what was never recorded (and the dust): no other market's collateral
    assert int(token.balanceOf(hub.address)) == hub_before + book.unrecorded + dust


def test_two_outcome_income_carries_across_its_split_field(env: tuple[EmbeddedChain, Markets, MarketHub]) -> None:
    """A two-outcome market keeps 31 low bits of income units at bits 96-126 of its quantity word
    and 31 high bits at 224-254: income growing past 2**31 units (2**63 wei) carries into the
    high half unit for unit, with both quantities and prices untouched."""
    chain, markets, hub = env
    creator, a, b = chain.accounts[0], chain.accounts[1], chain.accounts[2]
    m = hub.create("carry?", ["y", "n"], 100 * W, fee_bps=1000, sender=creator)
    book, crossed = Book(hub, m), False
    for k in range(40):
        before = book.recorded
        book.buy(a if k % 2 else b, k % 2, 20 * W + k)
        crossed |= before < 2**31 * INCOME_UNIT <= book.recorded
        if crossed and k % 2:
            break
    assert crossed, "the income never crossed 2**31 units"
    book.sell(a, 1, W)
    book.check_state()


def test_sdk_turns_the_quantity_and_funding_bounds_into_one_market_error(
    env: tuple[EmbeddedChain, Markets, MarketHub],
) -> None:
    """Through the SDK (`HubMarket`, `Markets.create_on_hub`), a buy past the 96-bit quantity
    field, funding past 2**95 or a close time past 40 bits is a `MarketError` naming the bound,
    raised before anything is sent (no raw revert, no block mined), whatever the sender holds;
    a budget buy stops at the bound instead of failing."""
    chain, markets, hub = env
    creator, a, poor = chain.accounts[0], chain.accounts[1], chain.accounts[5]
    m = hub.create("bound?", ["y", "n", "x"], 10 * W, sender=creator)
    m.buy(0, MAX_Q_HUB - 5, max_cost=MAX_UINT, sender=a)
    head = chain.block_number()
    for shares in (6, 2**96, 2**200):
        with pytest.raises(MarketError, match="too many shares"):
            m.buy(0, shares, sender=a)
        with pytest.raises(MarketError, match="too many shares"):
            m.quote_buy("y", shares)
    assert chain.block_number() == head and m.quantities()[0] == MAX_Q_HUB - 5
    m.buy_with(0, 2**99, sender=a)  # as many as fit
    assert m.quantities()[0] == MAX_Q_HUB
    count = hub.count()
    for sender in (creator, poor):  # `poor` holds nothing: the cap, not the balance, is the error
        with pytest.raises(MarketError, match=f"at most .*{MAX_FUNDING} base units"):
            markets.create_on_hub("big?", ["y", "n"], MAX_FUNDING + 1, sender=sender)
    with pytest.raises(MarketError, match="bad close time"):
        hub.create("late?", ["y", "n"], 10 * W, close_time=2**40, sender=creator)
    assert hub.count() == count
    made = hub.create("edge?", ["y", "n"], MAX_FUNDING, close_time=2**40 - 1, sender=creator)
    assert made.info.funding == MAX_FUNDING and made.info.close_time == 2**40 - 1


def test_migrate_skips_a_market_funded_above_the_hub_cap(env: tuple[EmbeddedChain, Markets, MarketHub]) -> None:
    """`nexus market migrate` copies a per-market contract onto the hub only when the hub can hold
    it: one funded past 2**95 is reported as skipped (with the cap), nothing is created, and a
    market within the cap beside it is migrated in the same run."""
    chain, markets, hub = env
    creator = chain.accounts[0]
    big = markets.create("huge?", ["y", "n"], MAX_FUNDING + 1, dispute_window=0, sender=creator)
    fits = markets.create("fits?", ["y", "n"], MAX_FUNDING, dispute_window=0, sender=creator)
    count = hub.count()
    rows = migrate_to_hub(markets, [big.address, fits.address], sender=creator)
    assert [(r["from"], r["status"]) for r in rows] == [(big.address, "skipped"), (fits.address, "migrated")]
    assert "above the hub's cap" in rows[0]["reason"] and rows[0]["to"] is None
    assert hub.count() == count + 1 and hub.get(count).info.funding == MAX_FUNDING
