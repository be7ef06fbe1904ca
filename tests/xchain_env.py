"""Shared set-up for the cross-chain tests: compile once per process, endpoints on any backends."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nexus.chain.base import ChainBackend
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts.compiler import compile_contract
from nexus.contracts.deploy import Deployer
from nexus.xchain.endpoint import Endpoint, Limits, deploy_endpoint, link
from nexus.xchain.journal import Journal
from nexus.xchain.message import SignerKey, dev_signer_keys
from nexus.xchain.relayer import Relayer
from nexus.xchain.witness import Witness

KEYS = dev_signer_keys(4)  # n = 4, f = 1, quorum 2f+1 = 3
QUORUM = 3


@lru_cache(maxsize=1)
def build_cache() -> Path:
    root = Path(tempfile.mkdtemp(prefix="nexus-xchain-build-"))
    for name in ["Registry", "Anchor", "XOutbox", "XInbox"]:
        compile_contract(name, root / "contracts")
    return root


@dataclass
class Net:
    chains: list[ChainBackend]
    eps: list[Endpoint]
    root: Path
    finality: int

    def witnesses(self, keys: Sequence[SignerKey] = KEYS, cls: type[Witness] = Witness) -> list[Witness]:
        sources = {e.chain_id: (e.chain, e.outbox.address) for e in self.eps}
        return [cls(k, sources, min_finality=self.finality) for k in keys]

    def relayer(self, witnesses: Sequence[Witness] | None = None, name: str = "relayer.db") -> Relayer:
        ws = self.witnesses() if witnesses is None else witnesses
        return Relayer(self.eps, ws, Journal(self.root / name), finality=self.finality)


def make_net(root: Path, chains: Sequence[ChainBackend], *, finality: int = 2, limits: Limits | None = None) -> Net:
    eps = [
        deploy_endpoint(c, Deployer(c, root / "deployments", build_cache()), limits=limits or Limits(3600, 50, 500))
        for c in chains
    ]
    link(eps, [k.address for k in KEYS], QUORUM, finality)
    return Net(list(chains), eps, root, finality)


def embedded(root: Path, chain_ids: Sequence[int]) -> list[ChainBackend]:
    return [EmbeddedChain(root / f"chain-{cid}", chain_id=cid, flush_interval=3600) for cid in chain_ids]
