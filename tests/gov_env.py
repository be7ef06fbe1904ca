"""Shared set-up for the governance tests: compile once per process, deploy on an embedded chain."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eth_account import Account

from nexus.chain.embedded import EmbeddedChain
from nexus.contracts.compiler import compile_contract
from nexus.contracts.deploy import Deployer
from nexus.governance import CONTRACTS, GovConfig, Governance
from nexus.governance.ballots import dev_key

WAD = 10**18
# dev accounts 1..6 hold these (whole tokens) and delegate to themselves; 7 and 8 hold nothing
WEIGHTS = [400, 250, 150, 100, 60, 40]
KEYS = [dev_key(i) for i in range(10)]
ADDR = [Account.from_key(k).address for k in KEYS]


@lru_cache(maxsize=1)
def build_cache() -> Path:
    """A compile cache filled once per test process (Governor takes seconds to compile)."""
    root = Path(tempfile.mkdtemp(prefix="nexus-gov-build-"))
    for name in ["Registry", *CONTRACTS]:
        compile_contract(name, root / "contracts")
    return root


@dataclass
class Env:
    chain: EmbeddedChain
    gov: Governance
    owner: str
    guardian: str


def make_env(root: Path, config: GovConfig) -> Env:
    """Governance deployed with no initial supply, then WEIGHTS minted to dev accounts 1..6."""
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    deployer = Deployer(chain, root / "deployments", build_cache())
    owner, guardian = ADDR[0], ADDR[9]
    gov = Governance(chain, deployer).setup(config, sender=owner, guardian=guardian)
    for addr, w in zip(ADDR[1:], WEIGHTS):
        gov.token.mint(addr, w * WAD, sender=owner)
        gov.token.delegate(addr, sender=addr)
    return Env(chain, gov, owner, guardian)
