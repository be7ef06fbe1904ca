"""The sandbox lending pool switches from AMM spot to the oracle feed; nodes read the AMM on chain."""

from __future__ import annotations

from pathlib import Path

from nexus.chain.embedded import EmbeddedChain
from nexus.oracle import (
    OnChainSource,
    OracleNetwork,
    OracleNode,
    deploy_contract,
    deploy_feed,
    dev_node_key,
)
from nexus.oracle.network import NodeLike
from nexus.sandbox.deploy import deploy_sandbox

E18 = 10**18


def test_lending_pool_reads_the_oracle_feed_and_ignores_spot_manipulation(tmp_path: Path) -> None:
    chain = EmbeddedChain(tmp_path / "chain", flush_interval=3600)
    cache = tmp_path / "cache"
    try:
        sb = deploy_sandbox(chain, cache_dir=cache)
        amm, lending = sb["amm"], sb["lending"]
        sources = [
            OnChainSource("amm-twap", chain, amm.address, "twap_price()"),
            OnChainSource("amm-spot", chain, amm.address, "spot_price()"),
        ]
        keys = [dev_node_key(i, "sandbox") for i in range(4)]
        feed = deploy_feed(chain, "COL/USD", [k.address for k in keys], 1, decimals=8, history=8, cache_dir=cache)
        nodes: list[NodeLike] = [OracleNode(i, k, sources) for i, k in enumerate(keys)]
        out = OracleNetwork(feed, nodes).run_round(force=True)
        assert out.accepted is not None and out.accepted.answer == 10**8  # the pool starts at 1.0

        adapter = deploy_contract(chain, "PriceFeedAdapter", feed.address, 3600, 500, cache_dir=cache)
        assert lending.price() == E18  # AMM spot
        lending.set_oracle(2, adapter.address, sender=sb.admin)
        assert lending.price() == E18  # now through the oracle

        # a whale pumps the AMM spot price; the pool's price does not move with it
        usd, col = sb["usd"], sb["col"]
        whale = chain.accounts[5]
        usd.mint(whale, 500_000 * E18, sender=sb.admin)
        usd.approve(amm.address, 2**256 - 1, sender=whale)
        amm.swap(usd.address, 500_000 * E18, 0, sender=whale)
        assert amm.spot_price() > 2 * E18 and col.address
        assert lending.price() == E18
    finally:
        chain.close()
