"""The governance contracts on one chain: their names, the deployment parameters (`GovConfig`),
and `GovContracts`, which deploys what is missing or attaches through the deployment manifest.
`Governance` (in `client.py`) builds on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..contracts.deploy import Deployer
from ..exceptions import GovernanceError
from .registry import ModelRegistry

__all__ = ["CONTRACTS", "GOVERNOR", "REGISTRY", "TIMELOCK", "TOKEN", "GovConfig", "GovContracts"]

TOKEN, TIMELOCK, GOVERNOR, REGISTRY = "GovToken", "Timelock", "Governor", "ModelRegistry"
CONTRACTS = [TOKEN, TIMELOCK, GOVERNOR, REGISTRY]


@dataclass(frozen=True)
class GovConfig:
    """Deployment parameters: blocks for voting, basis points for quorum, seconds for the timelock."""

    voting_delay: int = 1
    voting_period: int = 30
    quorum_bps: int = 400
    proposal_threshold: int = 0
    min_delay: int = 3600
    max_fairness_gap: int = 100_000  # 0.1 in millionths
    supply: int = 1_000_000 * 10**18
    token_name: str = "Nexus Governance"
    token_symbol: str = "NXG"


class GovContracts:
    """The governance contracts on one chain, found through the deployment manifest."""

    def __init__(self, backend: ChainBackend, deployer: Deployer) -> None:
        self.backend = backend
        self.deployer = deployer
        self._contracts: dict[str, Contract] | None = None

    # --- deployment -------------------------------------------------------------------------
    def setup(self, config: GovConfig | None = None, *, sender: str | None = None, guardian: str | None = None) -> Self:
        """Deploy what is missing (token minted to the sender, timelock, governor, registry owned
        by the timelock) and wire them; re-attaches when the manifest has them all."""
        cfg = config or GovConfig()
        sender = sender or self.backend.default_account
        have = self.deployer.attach()
        if all(n in have for n in CONTRACTS):
            self._contracts = have
            return self
        d = self.deployer
        token = d.deploy([TOKEN], sender=sender, args={TOKEN: (cfg.token_name, cfg.token_symbol)})[TOKEN]
        if int(token.totalSupply()) == 0 and cfg.supply:
            token.mint(sender, cfg.supply, sender=sender)
            token.delegate(sender, sender=sender)
        timelock = d.deploy([TIMELOCK], sender=sender, args={TIMELOCK: (cfg.min_delay, "0x" + "00" * 20)})[TIMELOCK]
        governor = d.deploy(
            [GOVERNOR],
            sender=sender,
            args={
                GOVERNOR: (
                    token.address,
                    timelock.address,
                    cfg.voting_delay,
                    cfg.voting_period,
                    cfg.quorum_bps,
                    cfg.proposal_threshold,
                )
            },
        )[GOVERNOR]
        if timelock.proposer() != governor.address:
            timelock.setProposer(governor.address, sender=sender)
        d.deploy(
            [REGISTRY], sender=sender, args={REGISTRY: (timelock.address, guardian or sender, cfg.max_fairness_gap)}
        )
        self._contracts = None
        return self

    def deployed(self) -> bool:
        """Whether this chain's manifest has every governance contract."""
        if self._contracts is None or not all(n in self._contracts for n in CONTRACTS):
            self._contracts = self.deployer.attach()
        return all(n in self._contracts for n in CONTRACTS)

    def _c(self, name: str) -> Contract:
        if self._contracts is None or name not in self._contracts:
            self._contracts = self.deployer.attach()
        c = self._contracts.get(name)
        if c is None:
            raise GovernanceError(f"gov: no {name} on chain {self.backend.chain_id} yet (`nexus gov setup`)")
        return c

    @property
    def token(self) -> Contract:
        return self._c(TOKEN)

    @property
    def governor(self) -> Contract:
        return self._c(GOVERNOR)

    @property
    def timelock(self) -> Contract:
        return self._c(TIMELOCK)

    @property
    def registry(self) -> ModelRegistry:
        return ModelRegistry(self._c(REGISTRY))
