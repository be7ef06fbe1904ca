"""The singleton market hub (contracts/markets/MarketHub.vy): every market by id in one contract.

Creating a market there is a few storage writes (no deployment); its prices and costs are the
classic LMSR of `MarketMath(n, funding, 0, fee_bps)` bit for bit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..chain.abi import ABI
from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..contracts.compiler import compile_contract
from ..exceptions import MarketError
from .lmsr import MarketMath

__all__ = ["HubMarket", "MarketHub"]

HUB = "MarketHub"


@dataclass(frozen=True)
class HubMarket:
    """One market in the hub, as `market(id)` returns it."""

    id: int
    resolver: str
    n: int
    fee_bps: int
    close_time: int
    resolved: bool
    outcome: int
    b: int
    pool: int


class MarketHub:
    """A deployed hub: create markets by id, quote them with the exact mirror, trade them."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.address = contract.address
        self._funding: dict[int, int] = {}

    @classmethod
    def deploy(
        cls, chain: ChainBackend, collateral: str, cache_dir: Path | None = None, sender: str | None = None
    ) -> MarketHub:
        compiled = compile_contract(HUB, cache_dir)
        abi = ABI(compiled.abi)
        rc = chain.deploy(compiled.bytecode + abi.encode_constructor([collateral]), sender=sender)
        if rc.contract_address is None:
            raise MarketError("hub: deployment failed")
        return cls(Contract(chain, rc.contract_address, abi, HUB))

    def market(self, market_id: int) -> HubMarket:
        if not 0 <= market_id < int(self.contract.market_count()):
            raise MarketError(f"hub: no market {market_id}")
        r = self.contract.market(market_id)
        return HubMarket(
            market_id, str(r[0]), int(r[1]), int(r[2]), int(r[3]), bool(r[4]), int(r[5]), int(r[6]), int(r[7])
        )

    def math(self, market_id: int, funding: int) -> MarketMath:
        """The exact mirror of market `market_id` (created with `funding`)."""
        m = self.market(market_id)
        mm = MarketMath(m.n, funding, 0, m.fee_bps)
        if mm.b0 != m.b:
            raise MarketError("hub: funding does not match the market's b")
        return mm
