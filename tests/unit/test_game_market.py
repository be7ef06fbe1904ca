"""GameMarket: no item and no ether is created or lost under random trade sequences (escrow equals the open
offers, the market's ether equals what it owes, every account's ether moves only by prices and gas), private
offers bind their buyer, and only sellers cancel."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from game_env import make_world
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nexus.chain.embedded import GAS_PRICE, EmbeddedChain
from nexus.exceptions import GameError
from nexus.game.rules import ORE, TOOL, WOOD
from nexus.game.world import GameWorld

IDS = [WOOD, ORE, TOOL]
PRICES = [10**15, 3 * 10**15, 7 * 10**15]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmbeddedChain, GameWorld]]:
    chain, world = make_world(tmp_path_factory.mktemp("gamemarket"))
    for a in chain.accounts[1:5]:
        world.mint(a, {WOOD: 6, ORE: 6, TOOL: 3})
    yield chain, world
    chain.close()


def test_private_offers_bind_the_buyer_and_only_sellers_cancel(env: tuple[EmbeddedChain, GameWorld]) -> None:
    chain, w = env
    snap = chain.snapshot()
    try:
        seller, buyer, other = chain.accounts[1:4]
        oid, _ = w.offer(seller, TOOL, 2, PRICES[0], buyer=buyer)
        assert w.get_offer(oid).buyer == buyer and w.market.escrow(TOOL) == 2
        with pytest.raises(GameError, match="for another buyer"):
            w.buy(other, oid)
        with pytest.raises(GameError, match="pay exactly"):
            w._send(w.market, "buy", oid, 1, sender=buyer, value=PRICES[0] - 1)
        with pytest.raises(GameError, match="only the seller"):
            w.cancel(other, oid)
        with pytest.raises(GameError, match="for another buyer"):  # a private offer: not even its seller
            w._send(w.market, "buy", oid, 1, sender=seller, value=PRICES[0])
        w.buy(buyer, oid, 1)
        assert w.market.credit(seller) == PRICES[0]
        w.cancel(seller, oid)
        assert w.balances(seller)[TOOL] == 2 and w.balances(buyer)[TOOL] == 4 and w.market.escrow(TOOL) == 0
        with pytest.raises(GameError, match="no such open offer"):
            w.buy(buyer, oid)
        pub, _ = w.offer(seller, WOOD, 1, PRICES[1])
        with pytest.raises(GameError, match="cannot buy your own"):
            w._send(w.market, "buy", pub, 1, sender=seller, value=PRICES[1])
        w.buy(other, pub)
        assert w.market.credit(seller) == PRICES[0] + PRICES[1]
        with pytest.raises(GameError, match="unsolicited"):  # items sent straight to the market are refused
            w._send(w.items, "safeTransferFrom", seller, w.market.address, TOOL, 1, b"", sender=seller)
    finally:
        chain.revert(snap)


op = st.one_of(
    st.tuples(
        st.just("list"),
        st.integers(0, 3),
        st.sampled_from(IDS),
        st.integers(1, 4),
        st.sampled_from(PRICES),
        st.integers(-1, 3),
    ),
    st.tuples(st.just("buy"), st.integers(-1, 3), st.integers(0, 6), st.integers(1, 3)),  # -1: the offer's buyer
    st.tuples(st.just("cancel"), st.integers(0, 3), st.integers(0, 6)),
    st.tuples(st.just("withdraw"), st.integers(0, 3)),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, min_size=1, max_size=12))
@example(  # every kind of trade succeeds at least once in every run
    ops=[
        ("list", 0, TOOL, 3, PRICES[1], -1),
        ("buy", 1, 0, 2),
        ("list", 2, WOOD, 2, PRICES[0], 3),
        ("buy", -1, 1, 1),
        ("cancel", 2, 1),
        ("withdraw", 0),
        ("buy", 3, 0, 1),
        ("withdraw", 2),
    ]
)
def test_random_trades_create_and_lose_nothing(env: tuple[EmbeddedChain, GameWorld], ops: list) -> None:  # type: ignore[type-arg]
    chain, w = env
    snap = chain.snapshot()
    try:
        who = chain.accounts[1:5]
        everyone = [*who, w.market.address]
        items0 = {(a, i): n for a in everyone for i, n in w.balances(a).items()}
        eth0 = {a: chain.balance(a) for a in everyone}
        start = chain.block_number()
        paid = dict.fromkeys(everyone, 0)  # ether each account paid for items (negative: received)
        owed = dict.fromkeys(who, 0)
        offers: list[tuple[int, str, str | None, int, int]] = []  # oid, seller, buyer, item, price
        for o in ops:
            try:
                if o[0] == "list":
                    seller, buyer = who[o[1]], (None if o[5] < 0 else who[o[5]])
                    oid, _ = w.offer(seller, o[2], o[3], o[4], buyer=buyer)
                    offers.append((oid, seller, buyer, o[2], o[4]))
                elif o[0] == "buy":
                    if not offers:
                        continue
                    oid, seller, buyer, item, price = offers[o[2] % len(offers)]
                    b = who[o[1]] if o[1] >= 0 else buyer or who[(who.index(seller) + 1) % len(who)]
                    w._send(w.market, "buy", oid, o[3], sender=b, value=o[3] * price)
                    paid[b] += o[3] * price
                    owed[seller] += o[3] * price
                elif o[0] == "cancel":
                    if not offers:
                        continue
                    oid = offers[o[2] % len(offers)][0]
                    w.cancel(who[o[1]], oid)
                else:
                    a = who[o[1]]
                    got, wrc = w.withdraw(a)
                    assert got == owed[a]
                    if wrc is not None:
                        paid[a] -= got
                        owed[a] = 0
            except GameError:
                pass  # a refused trade changes nothing (checked below)
        # items: every id's holdings sum to what they were; the market holds exactly its open offers
        for i in IDS:
            assert sum(w.balances(a)[i] for a in everyone) == sum(items0[a, i] for a in everyone)
            open_amount = sum(w.get_offer(oid).amount for oid, *_ in offers if _[2] == i)
            assert w.balances(w.market.address)[i] == w.market.escrow(i) == open_amount
        # ether: the market holds what it owes; each account moved only by its trades and its gas
        assert chain.balance(w.market.address) == sum(w.market.credit(a) for a in who) == sum(owed.values())
        gas = dict.fromkeys(who, 0)  # every transaction since the start, refused ones too, cost its sender gas
        for n in range(start + 1, chain.block_number() + 1):
            for r in chain.get_block(n).receipts:
                gas[r.sender] += r.gas_used
        for a in who:
            assert chain.balance(a) == eth0[a] - paid[a] - gas[a] * GAS_PRICE
    finally:
        chain.revert(snap)
