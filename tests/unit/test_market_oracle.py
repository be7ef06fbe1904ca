"""Markets resolved by the oracle network: OracleResolver over an optimistic oracle and over a feed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nexus.chain.embedded import EmbeddedChain
from nexus.contracts import Deployer
from nexus.exceptions import ContractReverted, MarketError
from nexus.markets import INVALID, Market, Markets
from nexus.markets.oracle import claim_for, parse_resolver
from nexus.oracle import OracleNetwork, OracleNode, Reading, Source, deploy_contract, deploy_feed, dev_node_key

W = 10**18
DAY, LIVENESS = 86_400, 3_600
KEYS = [dev_node_key(i, "market-oracle") for i in range(4)]


class Level(Source):
    """A source whose value the test sets (every node reads the same world)."""

    kind = "test"
    value = 0.0

    def _read(self, now: float) -> Reading:
        return Reading(self.id, Level.value, now)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Iterator[dict]:  # type: ignore[type-arg]
    d: Path = tmp_path_factory.mktemp("market-oracle")
    chain = EmbeddedChain(d / "chain", flush_interval=3600)
    cache = pytestconfig.cache.mkdir("nexus-build") if getattr(pytestconfig, "cache", None) else d / "cache"
    markets = Markets(chain, Deployer(chain, d / "deployments", cache))
    markets.setup()
    markets.oracle_resolver()
    for a in chain.accounts[:5]:
        markets.faucet(a, 10**6 * W)
    arbiter = chain.accounts[8]
    oo = deploy_contract(
        chain, "OptimisticOracle", arbiter, chain.accounts[9], LIVENESS, W // 10, cache_dir=cache / "contracts"
    )
    feed = deploy_feed(
        chain, "pool exploits", [k.address for k in KEYS], 1, decimals=2, history=16, cache_dir=cache / "contracts"
    )
    nodes = [OracleNode(i, k, [Level(f"s{j}") for j in range(3)]) for i, k in enumerate(KEYS)]
    yield {
        "chain": chain,
        "markets": markets,
        "oo": oo,
        "feed": feed,
        "arbiter": arbiter,
        "net": OracleNetwork(feed, nodes),
    }
    chain.close()


@pytest.fixture(autouse=True)
def _isolate(env: dict) -> Iterator[None]:  # type: ignore[type-arg]
    snap = env["chain"].snapshot()
    yield
    env["chain"].revert(snap)


def _market(env: dict, oracle: str, n: int = 2, **kw: object) -> Market:  # type: ignore[type-arg]
    chain = env["chain"]
    kw.setdefault("close_time", chain.timestamp() + DAY)
    names = ["Yes", "No"] if n == 2 else [f"o{i}" for i in range(n)]
    return env["markets"].create(
        "Will the sandbox lending pool be exploited this week?",
        names,
        100 * W,  # type: ignore[no-any-return]
        resolver=f"oracle:{oracle}",
        dispute_window=600,
        **kw,
    )


def _report(env: dict, value: float) -> None:  # type: ignore[type-arg]
    Level.value = value
    out = env["net"].run_round(force=True)
    assert out.accepted is not None, out.attempts


# --- optimistic oracle --------------------------------------------------------------------------
def test_optimistic_assertion_resolves_the_market_and_winners_redeem(env: dict) -> None:  # type: ignore[type-arg]
    chain, oo = env["chain"], env["oo"]
    m = _market(env, oo.address)
    assert m.state()["oracle"] == {"oracle": oo.address, "kind": "optimistic", "threshold": None, "resolved": False}
    holder = chain.accounts[2]
    m.buy("No", 30 * W, sender=holder)
    chain.time_travel(seconds=DAY)
    aid = m.oracle.assert_outcome("No", W // 10, sender=chain.accounts[3])  # type: ignore[union-attr]
    chain.time_travel(seconds=LIVENESS)
    out = m.oracle.resolve()  # type: ignore[union-attr]  # settles the expired claim, then resolves
    assert (out["outcome"], out["evidence"], out["status"]) == ("No", aid, "proposed")
    assert m.contract.proposed_outcome() == 1 and m.oracle.binding.resolved  # type: ignore[union-attr]
    chain.time_travel(seconds=600)
    assert m.finalize() == "final" and m.contract.outcome() == 1
    assert m.redeem(sender=holder) == 30 * W


def test_refuses_before_close_unsettled_disputed_and_false_assertions(env: dict) -> None:  # type: ignore[type-arg]
    chain, oo, markets = env["chain"], env["oo"], env["markets"]
    m = _market(env, oo.address)
    resolver = markets.oracle_resolver()
    claim = claim_for(m.address)
    early = int(oo.decode(oo.assert_claim(claim, 0, value=W // 10, sender=chain.accounts[3]))[0].args["assertion_id"])
    with pytest.raises(MarketError, match="not closed yet"):
        m.oracle.resolve()  # type: ignore[union-attr]
    with pytest.raises(ContractReverted, match="resolver: market not closed yet"):
        resolver.resolve(m.address, early)
    with pytest.raises(MarketError, match="once the market has closed"):
        m.oracle.assert_outcome("Yes", W // 10)  # type: ignore[union-attr]
    chain.time_travel(seconds=DAY + LIVENESS)
    oo.settle(early)
    with pytest.raises(ContractReverted, match="asserted before the close time"):
        resolver.resolve(m.address, early)

    pending = m.oracle.assert_outcome("Yes", W // 10, sender=chain.accounts[3])  # type: ignore[union-attr]
    with pytest.raises(ContractReverted, match="assertion not settled yet"):
        resolver.resolve(m.address, pending)
    oo.dispute(pending, value=W // 10, sender=chain.accounts[4])
    with pytest.raises(ContractReverted, match="disputed, awaiting the arbiter"):
        resolver.resolve(m.address, pending)
    oo.resolve(pending, False, sender=env["arbiter"])
    with pytest.raises(ContractReverted, match="settled false"):
        resolver.resolve(m.address, pending)
    with pytest.raises(ContractReverted, match="no such assertion"):
        resolver.resolve(m.address, 999)
    with pytest.raises(MarketError, match="no assertion has settled true yet"):
        m.oracle.resolve()  # type: ignore[union-attr]

    other = _market(env, oo.address, close_time=chain.timestamp() + 10)
    chain.time_travel(seconds=11)
    foreign = other.oracle.assert_outcome("Yes", W // 10)  # type: ignore[union-attr]
    chain.time_travel(seconds=LIVENESS)
    oo.settle(foreign)
    with pytest.raises(ContractReverted, match="about another market"):
        resolver.resolve(m.address, foreign)
    assert m.status() == "open"


def test_cannot_be_resolved_twice_and_the_market_dispute_window_still_applies(env: dict) -> None:  # type: ignore[type-arg]
    chain, oo = env["chain"], env["oo"]
    m = _market(env, oo.address)
    chain.time_travel(seconds=DAY)
    aid = m.oracle.assert_outcome("invalid", W // 10)  # type: ignore[union-attr]
    chain.time_travel(seconds=LIVENESS)
    assert m.oracle.resolve()["outcome"] == "invalid"  # type: ignore[union-attr]
    with pytest.raises(MarketError, match="already resolved"):
        m.oracle.resolve(aid)  # type: ignore[union-attr]
    with pytest.raises(ContractReverted, match="resolver: already resolved"):
        env["markets"].oracle_resolver().resolve(m.address, aid)
    with pytest.raises(MarketError, match="resolved by its oracle"):
        m.resolve("Yes")
    m.dispute(sender=chain.accounts[4])  # the market's own dispute path overrides a wrong oracle answer
    m.arbitrate("Yes")
    assert m.status() == "final" and m.contract.outcome() == 0 != INVALID


def test_bind_is_creator_only_once_and_checked(env: dict) -> None:  # type: ignore[type-arg]
    chain, oo, feed, markets = env["chain"], env["oo"], env["feed"], env["markets"]
    resolver = markets.oracle_resolver()
    plain = markets.create("q?", ["a", "b", "c"], 100 * W, resolver=resolver.address)  # named, never bound
    assert plain.oracle is not None and plain.oracle.binding is None and plain.state()["oracle"] is None
    with pytest.raises(MarketError, match="not bound"):
        plain.oracle.resolve()
    with pytest.raises(ContractReverted, match="not the market's creator"):
        resolver.bind(plain.address, oo.address, 3, 0, sender=chain.accounts[1])
    with pytest.raises(ContractReverted, match="a threshold needs a binary market"):
        resolver.bind(plain.address, feed.address, 1, 5)
    with pytest.raises(ContractReverted, match="kind must be 1, 2 or 3"):
        resolver.bind(plain.address, oo.address, 4, 0)
    with pytest.raises(ContractReverted, match="oracle has no code"):
        resolver.bind(plain.address, chain.accounts[3], 3, 0)
    resolver.bind(plain.address, oo.address, 3, 0)
    with pytest.raises(ContractReverted, match="already bound"):
        resolver.bind(plain.address, oo.address, 3, 0)
    by_account = markets.create("q?", ["a", "b"], 100 * W)
    assert by_account.oracle is None and by_account.state()["oracle"] is None
    with pytest.raises(ContractReverted, match="names another resolver"):
        resolver.bind(by_account.address, oo.address, 3, 0)


# --- feeds --------------------------------------------------------------------------------------
def test_feed_threshold_uses_the_first_round_after_the_close(env: dict) -> None:  # type: ignore[type-arg]
    chain, feed = env["chain"], env["feed"]
    m = _market(env, feed.address, oracle_threshold="1.5")  # Yes when the answer at the close >= 1.50
    assert m.state()["oracle"]["kind"] == "feed-threshold" and m.state()["oracle"]["threshold"] == "150"
    _report(env, 4.0)  # before the close: above, but it does not count
    chain.time_travel(seconds=DAY)
    with pytest.raises(MarketError, match="no round at or after the close"):
        m.oracle.resolve()  # type: ignore[union-attr]
    before = feed.latest_round()
    _report(env, 1.0)
    _report(env, 9.0)  # a later, more convenient round cannot be picked
    resolver = env["markets"].oracle_resolver()
    with pytest.raises(ContractReverted, match="round is from before the close time"):
        resolver.resolve(m.address, before)
    with pytest.raises(ContractReverted, match="not the first round after the close time"):
        resolver.resolve(m.address, before + 2)
    out = m.oracle.resolve()  # type: ignore[union-attr]
    assert (out["outcome"], out["evidence"], out["kind"]) == ("No", before + 1, "feed-threshold")


def test_feed_index_maps_the_answer_to_an_outcome_or_invalid(env: dict) -> None:  # type: ignore[type-arg]
    chain, feed = env["chain"], env["feed"]
    a, b = _market(env, feed.address, n=3), _market(env, feed.address, n=3)
    chain.time_travel(seconds=DAY)
    _report(env, 0.02)  # decimals 2: answer 2
    assert a.oracle.resolve()["outcome"] == "o2"  # type: ignore[union-attr]
    _report(env, 0.07)
    with pytest.raises(ContractReverted, match="not the first round"):
        b.oracle.resolve(feed.latest_round())  # type: ignore[union-attr]
    assert b.oracle.resolve()["outcome"] == "o2"  # type: ignore[union-attr]
    c = _market(env, feed.address, n=3)
    chain.time_travel(seconds=DAY)
    _report(env, 0.07)
    assert c.oracle.resolve()["outcome"] == "invalid"  # type: ignore[union-attr]


# --- bad input ----------------------------------------------------------------------------------
def test_bad_resolver_specs_give_clear_errors(env: dict) -> None:  # type: ignore[type-arg]
    chain, oo, feed = env["chain"], env["oo"], env["feed"]
    assert parse_resolver(None) == ("account", None)
    with pytest.raises(MarketError, match="expected oracle:<0x address"):
        parse_resolver("oracle:0x1234")
    with pytest.raises(MarketError, match="neither an address nor oracle"):
        parse_resolver("feed:pool")
    with pytest.raises(MarketError, match="has no code"):
        _market(env, chain.accounts[3])
    with pytest.raises(MarketError, match="neither an AggregatorV3 feed nor an optimistic oracle"):
        _market(env, env["markets"].factory.address)
    with pytest.raises(MarketError, match="applies to feeds"):
        _market(env, oo.address, oracle_threshold=1)
    with pytest.raises(MarketError, match="needs a binary market"):
        _market(env, feed.address, n=3, oracle_threshold=1)
    with pytest.raises(MarketError, match="more than the feed's 2 decimals"):
        _market(env, feed.address, oracle_threshold="1.234")
    with pytest.raises(MarketError, match="needs an oracle feed resolver"):
        env["markets"].create("q?", ["a", "b"], 100 * W, oracle_threshold=1)
