"""LMSRMarket and MarketFactory on the embedded chain: trading, bit-exactness, resolution, reverts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nexus.chain.embedded import EmbeddedChain
from nexus.contracts import Deployer
from nexus.exceptions import ContractReverted, MarketError, MarketNotFound
from nexus.markets import INVALID, Market, Markets

W = 10**18


@pytest.fixture(scope="module")
def env(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[tuple[EmbeddedChain, Markets]]:
    d: Path = tmp_path_factory.mktemp("markets")
    chain = EmbeddedChain(d / "chain")
    cache = pytestconfig.cache.mkdir("nexus-build") if getattr(pytestconfig, "cache", None) else d / "cache"
    markets = Markets(chain, Deployer(chain, d / "deployments", cache))
    markets.setup()
    for a in chain.accounts[:5]:
        markets.faucet(a, 10**6 * W)
    yield chain, markets
    chain.close()


@pytest.fixture(autouse=True)
def _isolate(env: tuple[EmbeddedChain, Markets]) -> Iterator[None]:
    snap = env[0].snapshot()
    yield
    env[0].revert(snap)


def _make(markets: Markets, n: int = 2, **kw: object) -> Market:
    kw.setdefault("dispute_window", 0)
    return markets.create("Will it rain?", [f"o{i}" for i in range(n)], 100 * W, **kw)  # type: ignore[arg-type]


def test_create_list_and_discover_by_address(env: tuple[EmbeddedChain, Markets]) -> None:
    chain, markets = env
    m = _make(markets, 3, fee_bps=50)
    assert markets.count() == 1 and markets.get(0).address == m.address
    again = markets.get(m.address)
    assert again.info.question == "Will it rain?" and again.info.outcomes == ("o0", "o1", "o2")
    assert m.token.balanceOf(m.address) == 100 * W
    assert m.contract.FUNDING() == 100 * W and m.contract.N() == 3
    assert m.contract.B0() == m.math.b0 and m.contract.C0() == m.math.c0 <= 100 * W
    assert sum(m.prices()) <= W and W - sum(m.prices()) <= 3
    with pytest.raises(MarketNotFound):
        markets.get(5)
    with pytest.raises(MarketNotFound):
        markets.get(chain.accounts[3])


@pytest.mark.parametrize("alpha", [0, 3 * 10**16])
def test_trades_are_bit_exact_with_the_python_mirror(env: tuple[EmbeddedChain, Markets], alpha: int) -> None:
    chain, markets = env
    m = _make(markets, 3, alpha=alpha, fee_bps=25)
    a, b = chain.accounts[1], chain.accounts[2]
    for outcome, shares, who in ((0, 7 * W, a), (2, 30 * W, b), (0, 1, a), (1, 123 * W, b)):
        quote = m.quote_buy(outcome, shares)
        res = m.buy(outcome, shares, max_cost=quote.total, sender=who)
        assert (res["amount"], res["fee"]) == (quote.total, quote.fee)  # buys report the total paid
        q = m.quantities()
        assert m.contract.cost_function() == m.math.cost(q)
        assert m.prices() == m.math.prices(q)
        assert m.contract.quote_buy(1, 5 * W) == m.math.quote_buy(q, 1, 5 * W).total
    quote = m.quote_sell(1, 100 * W)
    res = m.sell(1, 100 * W, min_proceeds=quote.total, sender=b)
    assert res["amount"] == quote.total and m.contract.quote_sell(0, 7 * W) == m.quote_sell(0, 7 * W).total


def test_slippage_limits_and_trade_reverts(env: tuple[EmbeddedChain, Markets]) -> None:
    chain, markets = env
    m = _make(markets)
    a = chain.accounts[1]
    quote = m.quote_buy(0, 10 * W)
    with pytest.raises(ContractReverted, match="market: cost above max_cost"):
        m.buy(0, 10 * W, max_cost=quote.total - 1, sender=a)
    m.buy(0, 10 * W, sender=a)
    with pytest.raises(ContractReverted, match="market: proceeds below min_proceeds"):
        m.sell(0, 10 * W, min_proceeds=10 * W, sender=a)
    for args, reason in (
        ((2, W, 2**200), "bad outcome"),
        ((0, 0, 2**200), "zero shares"),
        ((0, 2**121, 2**255), "too many shares"),
    ):
        with pytest.raises(ContractReverted, match=f"market: {reason}"):
            m.contract.buy(*args, sender=a)
    with pytest.raises(ContractReverted, match="market: not enough shares"):
        m.contract.sell(1, W, 0, sender=a)
    with pytest.raises(MarketError, match="cannot sell"):
        m.sell(0, 11 * W, sender=a)
    with pytest.raises(ContractReverted, match="market: transfer failed|token:"):
        m.contract.buy(0, W, 2**200, sender=chain.accounts[9])  # no collateral, no allowance


def test_resolution_redemption_and_surplus(env: tuple[EmbeddedChain, Markets]) -> None:
    chain, markets = env
    creator, a, b = chain.accounts[0], chain.accounts[1], chain.accounts[2]
    m = _make(markets, fee_bps=100)
    m.buy(0, 40 * W, sender=a)
    m.buy(1, 25 * W, sender=b)
    with pytest.raises(ContractReverted, match="market: not resolver"):
        m.contract.propose(0, sender=a)
    with pytest.raises(ContractReverted, match="market: not resolved"):
        m.contract.redeem(sender=a)
    assert m.resolve("o0") == "final"  # the dispute window is 0: final at once
    with pytest.raises(ContractReverted, match="market: closed"):
        m.contract.buy(0, W, 2**200, sender=a)  # proposing stops trading, even before close
    before = m.token.balanceOf(a)
    assert m.redeem(sender=a) == 40 * W and m.token.balanceOf(a) == before + 40 * W
    with pytest.raises(MarketError, match="no redeemable shares"):
        m.redeem(sender=b)  # only losing shares
    held = m.token.balanceOf(m.address)
    assert m.contract.obligations() == 0
    surplus = m.withdraw_surplus()
    assert surplus == held and m.token.balanceOf(m.address) == 0
    with pytest.raises(ContractReverted, match="market: not creator"):
        m.contract.withdraw_surplus(sender=a)
    assert creator == m.info.creator


def test_invalid_market_pays_one_nth_per_share(env: tuple[EmbeddedChain, Markets]) -> None:
    chain, markets = env
    a, b = chain.accounts[1], chain.accounts[2]
    m = _make(markets, 4)
    m.buy(0, 9 * W, sender=a)
    m.buy(3, 3 * W, sender=a)
    m.buy(2, 5 * W, sender=b)
    m.resolve("invalid")
    assert m.contract.outcome() == INVALID
    assert m.contract.obligations() == (9 + 3 + 5) * W // 4
    assert m.redeem(sender=a) == 12 * W // 4 and m.redeem(sender=b) == 5 * W // 4
    held = m.token.balanceOf(m.address)
    assert m.contract.obligations() == 0 and m.withdraw_surplus() == held > 0


def test_dispute_window_and_arbiter(env: tuple[EmbeddedChain, Markets]) -> None:
    chain, markets = env
    owner, a, b = chain.accounts[0], chain.accounts[1], chain.accounts[2]
    m = _make(markets, dispute_window=3600, dispute_bond=5 * W, resolver=a)
    m.buy(1, 10 * W, sender=b)
    m.resolve("o0")  # by the resolver a
    assert m.status() == "proposed"
    with pytest.raises(ContractReverted, match="market: dispute window open"):
        m.finalize()
    before = m.token.balanceOf(b)
    m.dispute(sender=b)
    assert m.status() == "disputed" and m.token.balanceOf(b) == before - 5 * W
    with pytest.raises(ContractReverted, match="market: not arbiter"):
        m.contract.arbitrate(1, sender=a)
    m.arbitrate("o1", sender=owner)  # the factory owner is the default arbiter; bond returned
    assert m.status() == "final" and m.token.balanceOf(b) == before
    assert m.redeem(sender=b) == 10 * W


def test_undisputed_proposal_finalizes_after_the_window(env: tuple[EmbeddedChain, Markets]) -> None:
    chain, markets = env
    m = _make(markets, dispute_window=3600)
    m.resolve("o1")
    chain.time_travel(seconds=3601)
    with pytest.raises(ContractReverted, match="market: dispute window over"):
        m.contract.dispute(sender=chain.accounts[1])
    assert m.finalize() == "final" and m.contract.outcome() == 1


def test_close_time_and_resolver_timeout(env: tuple[EmbeddedChain, Markets]) -> None:
    chain, markets = env
    m = _make(markets, close_time=chain.timestamp() + 1000)
    chain.time_travel(seconds=1001)
    with pytest.raises(ContractReverted, match="market: closed"):
        m.contract.buy(0, W, 2**200, sender=chain.accounts[1])
    with pytest.raises(ContractReverted, match="market: resolver still has time"):
        m.finalize()
    chain.time_travel(seconds=30 * 86400)
    assert m.finalize() == "final" and m.contract.outcome() == INVALID


def test_create_rejects_bad_input(env: tuple[EmbeddedChain, Markets]) -> None:
    chain, markets = env
    for kwargs, match in (
        ({"outcomes": ["A"]}, "2-16"),
        ({"outcomes": ["A", "a"]}, "distinct"),
        ({"question": " "}, "empty question"),
        ({"funding": 10}, "bad funding"),
        ({"fee_bps": 2000}, "fee too high"),
        ({"close_time": 1}, "in the past"),
    ):
        args = {"question": "Q?", "outcomes": ["A", "B"], "funding": 10 * W, **kwargs}
        with pytest.raises(MarketError, match=match):
            markets.create(args.pop("question"), args.pop("outcomes"), args.pop("funding"), **args)
    poor = chain.accounts[8]
    with pytest.raises(MarketError, match="faucet"):
        markets.create("Q?", ["A", "B"], 10 * W, sender=poor)
    factory = markets.factory
    with pytest.raises(ContractReverted, match="market: not owner"):
        factory.set_blueprint(factory.address, sender=poor)


def test_the_maths_module_is_not_a_deployable_contract() -> None:
    from nexus.contracts import compile_contract, contract_names
    from nexus.exceptions import UnknownContract

    names = contract_names()
    assert {"LMSRMarket", "MarketFactory", "OracleResolver"} <= set(names) and "lmsr_math" not in names
    with pytest.raises(UnknownContract, match="module imported by contracts"):
        compile_contract("lmsr_math")


def test_list_reads_only_new_blocks_and_survives_a_revert(env: tuple[EmbeddedChain, Markets]) -> None:
    chain, markets = env
    for i in range(3):
        _make(markets, 2 + i)
    first = [m.info for m in markets.list()]
    assert [i.index for i in first] == [0, 1, 2] and markets.index.path.is_file()
    scans = len(markets.index.scans)
    assert [m.info for m in markets.list()] == first and len(markets.index.scans) == scans  # no events read
    fresh = Markets(chain, markets.deployer)  # another process: same cache file
    assert [m.info for m in fresh.list()] == first and fresh.index.scans == []
    head = chain.block_number()
    snap = chain.snapshot()
    _make(markets, 5)
    assert len(markets.list()) == 4 and markets.index.scans[-1][0] == head + 1  # only the new blocks
    chain.revert(snap)
    other = markets.create("Other question?", ["x", "y"], 100 * W, dispute_window=0)  # same address, new block
    listed = markets.list()
    assert len(listed) == 4 and listed[3].info.question == "Other question?" and listed[3].address == other.address
    markets.index.path.write_text("{not json")
    assert [m.info.index for m in markets.list()] == [0, 1, 2, 3]
