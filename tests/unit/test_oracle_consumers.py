"""Consumers of the feed: parametric insurance, price adapter; the optimistic oracle and committee."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nexus.chain.embedded import EmbeddedChain
from nexus.exceptions import ContractReverted
from nexus.oracle import Feed, OracleReport, deploy_contract, deploy_feed, dev_node_key
from nexus.oracle.disputes import DisputeDesk, assess_claim
from nexus.oracle.scoring import Assessment

ETH = 10**18
KEYS = [dev_node_key(i, "consumers") for i in range(7)]
A = b"A".ljust(32, b"\0")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmbeddedChain, Path]]:
    root = tmp_path_factory.mktemp("consumers")
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    yield chain, root / "cache"
    chain.close()


@pytest.fixture
def chain(env: tuple[EmbeddedChain, Path]) -> Iterator[EmbeddedChain]:
    snap = env[0].snapshot()
    yield env[0]
    env[0].revert(snap)


def _post(feed: Feed, answer: int, low: int, high: int) -> None:
    chain = feed.contract.backend
    # n=7, f=2: seven observations with median x_4 = `answer` and band [x_3, x_5] = [low, high]
    rep = OracleReport(1, feed.latest_round() + 1, chain.timestamp(), (low,) * 3 + (answer,) + (high,) * 3, 2)
    d = rep.digest(feed.domain)
    feed.transmit(rep, [(i, KEYS[i].sign(d)) for i in range(3)])


def _feed(chain: EmbeddedChain, cache: Path, decimals: int = 2) -> Feed:
    return deploy_feed(chain, "sev", [k.address for k in KEYS], 2, decimals=decimals, history=8, cache_dir=cache)


def test_insurance_pays_only_with_an_agreed_fresh_band_above_threshold(
    chain: EmbeddedChain, env: tuple[EmbeddedChain, Path]
) -> None:
    cache = env[1]
    feed = _feed(chain, cache)
    ins = deploy_contract(chain, "ParametricInsurance", 500, cache_dir=cache, value=5 * ETH)
    ins.set_region(A, feed.address, 1500, 3600)
    holder = chain.accounts[2]
    with pytest.raises(ContractReverted, match="premium too low"):
        ins.buy(A, 6000, ETH, 86_400, value=ETH // 100, sender=holder)
    with pytest.raises(ContractReverted, match="cannot cover"):
        ins.buy(A, 6000, 100 * ETH, 86_400, value=5 * ETH, sender=holder)
    ins.buy(A, 6000, ETH, 86_400, value=ETH // 20, sender=holder)

    def paid() -> list[str]:
        return [e.name for e in ins.decode(ins.trigger(A))]

    _post(feed, 7000, 5900, 7100)  # answer above, but the band dips below the threshold
    assert "PolicyPaid" not in paid()
    _post(feed, 7000, 6000, 9000)  # nodes disagree: band wider than 15 points
    assert paid() == ["TriggerSkipped"]
    _post(feed, 7000, 6500, 7500)
    chain.mine(1, seconds=4000)  # stale round
    assert paid() == ["TriggerSkipped"]
    _post(feed, 7000, 6500, 7500)
    before = chain.balance(holder)
    assert paid() == ["PolicyPaid"] and chain.balance(holder) - before == ETH
    assert paid() == []  # never twice
    assert ins.reserved() == 0


def test_price_adapter_serves_the_sandbox_price_feed_shape(
    chain: EmbeddedChain, env: tuple[EmbeddedChain, Path]
) -> None:
    feed = _feed(chain, env[1], decimals=8)
    ad = deploy_contract(chain, "PriceFeedAdapter", feed.address, 600, 100, cache_dir=env[1])
    with pytest.raises(ContractReverted, match="no data"):
        ad.latest_price()
    _post(feed, 2000 * 10**8, 1999 * 10**8, 2001 * 10**8)
    assert ad.latest_price() == 2000 * 10**18
    _post(feed, 2000 * 10**8, 1900 * 10**8, 2100 * 10**8)
    with pytest.raises(ContractReverted, match="disagree"):
        ad.latest_price()
    _post(feed, 2000 * 10**8, 1999 * 10**8, 2001 * 10**8)
    chain.mine(1, seconds=700)
    with pytest.raises(ContractReverted, match="stale"):
        ad.latest_price()


def test_optimistic_assertion_settles_undisputed_and_arbiter_decides_disputes(
    chain: EmbeddedChain, env: tuple[EmbeddedChain, Path]
) -> None:
    acc = chain.accounts
    oo = deploy_contract(chain, "OptimisticOracle", acc[8], acc[9], 3600, ETH // 10, cache_dir=env[1])
    desk = DisputeDesk(oo)
    a1 = desk.assert_claim("rain A >= 60", 6000, ETH, sender=acc[1])
    with pytest.raises(ContractReverted, match="still live"):
        oo.settle(a1)
    chain.mine(1, seconds=3601)
    with pytest.raises(ContractReverted, match="liveness over"):
        oo.dispute(a1, value=ETH, sender=acc[2])
    before = chain.balance(acc[1])
    oo.settle(a1)
    assert chain.balance(acc[1]) - before == ETH and oo.result(a1) == (True, True)

    a2 = desk.assert_claim("rain B >= 60", 6000, ETH, sender=acc[1])
    with pytest.raises(ContractReverted, match="bond must match"):
        oo.dispute(a2, value=ETH // 2, sender=acc[2])
    desk.dispute(a2, sender=acc[2])
    verdict = assess_claim(60.0, Assessment(7.0, 0.9, ("s1", "s2"), ()))
    assert not verdict.supports_claim and verdict.confidence_bps > 5000
    with pytest.raises(ContractReverted, match="not assessor"):
        desk.attach(a2, verdict, sender=acc[3])
    desk.attach(a2, verdict, sender=acc[9])
    assert desk.state(a2)["assessment"] == {"supports_claim": False, "confidence_bps": verdict.confidence_bps}
    with pytest.raises(ContractReverted, match="not arbiter"):
        oo.resolve(a2, False, sender=acc[3])
    before = chain.balance(acc[2])
    oo.resolve(a2, False, sender=acc[8])
    assert chain.balance(acc[2]) - before == 2 * ETH and desk.state(a2)["state"] == "false"


def test_committee_arbiter_resolves_by_majority(chain: EmbeddedChain, env: tuple[EmbeddedChain, Path]) -> None:
    acc = chain.accounts
    oo = deploy_contract(chain, "OptimisticOracle", acc[0], acc[9], 3600, 1, cache_dir=env[1])
    com = deploy_contract(chain, "ArbiterCommittee", oo.address, acc[5:8], 2, cache_dir=env[1])
    oo.set_roles(com.address, acc[9])
    desk = DisputeDesk(oo)
    aid = desk.assert_claim("x", 1, ETH, sender=acc[1])
    desk.dispute(aid, sender=acc[2])
    com.vote(aid, True, sender=acc[5])
    with pytest.raises(ContractReverted, match="already voted"):
        com.vote(aid, True, sender=acc[5])
    with pytest.raises(ContractReverted, match="not member"):
        com.vote(aid, True, sender=acc[1])
    com.vote(aid, True, sender=acc[6])
    assert oo.result(aid) == (True, True)


def test_twap_consult(chain: EmbeddedChain, env: tuple[EmbeddedChain, Path]) -> None:
    tw = deploy_contract(chain, "TwapFeed", 100, cache_dir=env[1])
    chain.mine(1, seconds=100)
    tw.update(200)
    chain.mine(1, seconds=100)
    tw.update(400)
    chain.mine(1, seconds=100)
    assert tw.consult(300) in (233, 234)  # (100*100 + 200*100 + 400*100) / 300, within a block second
    with pytest.raises(ContractReverted, match="window too long"):
        tw.consult(10_000)
