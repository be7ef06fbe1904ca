"""A throwaway embedded chain with the collateral token and a MarketHub, for the hub's tests:
accounts funded and the hub approved to spend for them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from nexus.chain.embedded import EmbeddedChain
from nexus.contracts import Deployer
from nexus.markets import Markets
from nexus.markets.client import MAX_UINT
from nexus.markets.hub import MarketHub


@contextmanager
def hub_env(
    d: Path, config: pytest.Config, *, accounts: int, each: int, via_sdk: bool = False
) -> Iterator[tuple[EmbeddedChain, Markets, MarketHub]]:
    """`accounts` accounts holding `each` collateral; the hub deployed directly, or through the
    SDK's `Markets.hub()` (deployed on first use, with the collateral's ABI) when `via_sdk`."""
    chain = EmbeddedChain(d / "chain")
    cache = config.cache.mkdir("nexus-build") if getattr(config, "cache", None) else d / "cache"
    markets = Markets(chain, Deployer(chain, d / "deployments", cache))
    token = markets.token()
    hub = markets.hub() if via_sdk else MarketHub.deploy(chain, token.address, cache)
    for a in chain.accounts[:accounts]:
        markets.faucet(a, each)
        token.approve(hub.address, MAX_UINT, sender=a)
    try:
        yield chain, markets, hub
    finally:
        chain.close()
