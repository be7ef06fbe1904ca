"""Issue 16: the singleton MarketHub (every market by id in one contract) on the embedded chain:
bit-exact with the Python mirror, per-market solvency, resolution, reverts."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from nexus.chain.embedded import EmbeddedChain
from nexus.contracts import Deployer
from nexus.exceptions import ContractReverted, MarketError
from nexus.markets import Markets
from nexus.markets.client import MAX_UINT
from nexus.markets.hub import MarketHub

W = 10**18


@pytest.fixture(scope="module")
def env(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[tuple[EmbeddedChain, Markets, MarketHub]]:
    d: Path = tmp_path_factory.mktemp("hub")
    chain = EmbeddedChain(d / "chain")
    cache = pytestconfig.cache.mkdir("nexus-build") if getattr(pytestconfig, "cache", None) else d / "cache"
    markets = Markets(chain, Deployer(chain, d / "deployments", cache))
    token = markets.token()
    hub = MarketHub.deploy(chain, token.address, cache)
    for a in chain.accounts[:5]:
        markets.faucet(a, 10**6 * W)
        token.approve(hub.address, MAX_UINT, sender=a)
    yield chain, markets, hub
    chain.close()


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
        for _ in range(12):
            t, i = rng.choice(traders), rng.randrange(n)
            held = int(hub.contract.balanceOf(t, mid, i))
            if held and rng.random() < 0.4:
                s = rng.randint(1, held)
                want = mm.quote_sell(q, i, s).total
                rc = hub.contract.sell(mid, i, s, want, sender=t)
                assert hub.contract.decode(rc)[-1].args["proceeds"] == want
                q[i] -= s
            else:
                s = rng.randint(1, 40) * W + rng.randint(0, W)
                want = mm.quote_buy(q, i, s).total
                assert int(hub.contract.quote_buy(mid, i, s)) == want
                before = int(token.balanceOf(t))
                hub.contract.buy(mid, i, s, want, sender=t)
                assert before - int(token.balanceOf(t)) == want
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
