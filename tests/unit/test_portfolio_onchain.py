"""The portfolio agent trading on-chain V2 pairs (SandboxAMM): the same decisions as the Python mirror,
the strategy's book equal to its token balances on chain, arbitrage into the fee band, paused pairs
untouched, and the CLI running on the node's embedded chain."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nexus.chain.embedded import EmbeddedChain
from nexus.cli._app import app
from nexus.portfolio.backtest import run_backtest
from nexus.portfolio.onchain import ChainPools


def gbm(n: int, vol: float, seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    return list(100 * np.exp(np.cumsum(rng.normal(0, vol / np.sqrt(252), n))))


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    c = EmbeddedChain(tmp_path_factory.mktemp("pf") / "chain", flush_interval=3600)
    yield c
    c.close()


def _venue(chain: EmbeddedChain) -> ChainPools:
    a = chain.accounts
    return ChainPools(chain, trader=a[1], arbitrageur=a[2], admin=a[0], cache_dir=Path("/tmp/nexus-test-pf-cache"))


def test_onchain_agent_matches_the_mirror_and_its_book_matches_the_chain(chain: EmbeddedChain) -> None:
    prices = {"X": gbm(90, 0.6, seed=11)}
    venue = _venue(chain)
    on = run_backtest(prices, "agent", venue=venue)
    off = run_backtest(prices, "agent")
    assert on["onchain"] and on["swaps"] == off["swaps"] > 0 and on["chain_swaps"] == on["swaps"]
    assert on["final_value"] == pytest.approx(off["final_value"], rel=1e-4)
    assert on["chain_gas_used"] > 20_000 * on["swaps"]  # real swap transactions
    amm = next(iter(on["pools"].values()))
    assert chain.code(amm)
    # the book the backtest kept is what the trader holds on chain (gas is paid in ETH, its cash
    # cost is only deducted in the book)
    assert venue.created["X"].holding() == pytest.approx(on["book"]["holdings"]["X"], rel=1e-12)
    cash_on_chain = venue.cash_balance()
    assert cash_on_chain == pytest.approx(on["book"]["cash"] + on["gas_spent"], rel=1e-9, abs=1e-6)


def test_arbitrage_lands_in_the_fee_band_and_trades_move_reserves(chain: EmbeddedChain) -> None:
    venue = _venue(chain)
    venue.fund(10_000)
    p = venue.pool("Y", 50.0, 1_000_000)
    assert p.price == pytest.approx(50.0, rel=1e-12)
    for market in (61.0, 40.0, 40.1, 75.5):
        p.arbitrage_to(market)
        assert market * 0.997 * (1 - 1e-6) <= p.price <= market * 1.003 * (1 + 1e-6)
    q = p.quote_buy(1_000)
    got = p.buy(1_000)
    assert got == pytest.approx(q, rel=1e-12) and p.holding() == pytest.approx(got)
    assert venue.cash_balance() == pytest.approx(9_000)


def test_a_paused_pair_is_never_traded(chain: EmbeddedChain) -> None:
    venue = _venue(chain)
    prices = {"Z": gbm(60, 0.6, seed=3)}
    orig = venue.pool

    def paused_pool(name: str, price: float, depth: float):  # type: ignore[no-untyped-def]
        pool = orig(name, price, depth)
        pool.amm.pause(sender=venue.admin)  # the guardian (the admin here) stops the pair
        pool.arbitrage_to = lambda market: None  # type: ignore[method-assign]  (swaps revert while paused)
        return pool

    venue.pool = paused_pool  # type: ignore[method-assign]
    r = run_backtest(prices, "calendar", venue=venue)
    assert r["swaps"] == 0 and r["chain_swaps"] == 0 and r["final_value"] == 100_000.0


def test_cli_portfolio_run_trades_on_the_nodes_chain(nexus_home: Path) -> None:
    import importlib.util

    if importlib.util.find_spec("backtesting") is None:
        pytest.skip("needs backtesting.py (the [defi] extra)")
    r = CliRunner().invoke(app, ["portfolio", "run", "--series", "GOOG", "--steps", "40", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["onchain"] is True and out["steps"] == 40 and out["swaps"] == out["chain_swaps"]
    bad = CliRunner().invoke(app, ["portfolio", "run", "--steps", "5"])
    assert bad.exit_code == 115 and bad.output.count("\n") == 1
