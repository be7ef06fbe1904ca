"""The hub side of `Markets`: deploy or attach the singleton MarketHub and create markets in it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..chain.contract import Contract
from ..contracts.deploy import Deployer
from ..exceptions import MarketError
from .fixedpoint import WAD
from .handle import MAX_UINT
from .hub import HUB, MAX_FUNDING, HubMarket, MarketHub
from .oracle import parse_resolver
from .units import fmt_units

__all__ = ["HubAccess", "check_definition"]

TOKEN = "DevCollateral"  # as client.TOKEN (client imports this module)


def check_definition(question: str, outs: Sequence[str]) -> None:
    """A market's question and outcome names, checked as both contracts check them (one-line errors)."""
    if not question.strip():
        raise MarketError("market: empty question")
    if len(question.encode()) > 256:
        raise MarketError("market: question longer than 256 bytes")
    if not 2 <= len(outs) <= 16 or any(not o or len(o.encode()) > 32 for o in outs):
        raise MarketError("market: need 2-16 outcome names of 1-32 bytes")
    if len({o.lower() for o in outs}) != len(outs) or "invalid" in {o.lower() for o in outs}:
        raise MarketError("market: outcome names must be distinct and not 'invalid'")


class HubAccess:
    """Mixed into `Markets` (which sets these attributes and `setup`)."""

    backend: Any
    deployer: Deployer
    _token_abi: list[dict[str, Any]]

    def setup(self, sender: str | None = None) -> Contract:  # pragma: no cover - Markets defines it
        raise NotImplementedError

    def hub(self, sender: str | None = None) -> MarketHub:
        """The singleton MarketHub on the dev collateral (deployed on first use)."""
        self.setup(sender)
        token = self.deployer.attach()[TOKEN]
        contract = self.deployer.deploy([HUB], sender=sender, args={HUB: [token.address]})[HUB]
        return self._hub_of(contract)

    def _hub_of(self, contract: Contract) -> MarketHub:
        manifest = self.deployer.manifest()
        dep = manifest.contracts.get(HUB) if manifest else None
        return MarketHub(contract, self._token_abi, dep.block if dep else 0)

    def attached_hub(self) -> MarketHub | None:
        """The hub when one is deployed on this chain, else None (nothing is deployed)."""
        found = self.deployer.attach().get(HUB)
        return self._hub_of(found) if found is not None else None

    def create_on_hub(
        self,
        question: str,
        outcomes: Sequence[str],
        funding: int,
        *,
        fee_bps: int = 0,
        close_time: int | None = None,
        resolver: str | None = None,
        sender: str | None = None,
    ) -> HubMarket:
        """Create and fund a market in the singleton hub (a few storage writes, no deployment)."""
        sender = sender or self.backend.default_account
        outs = [o.strip() for o in outcomes]
        check_definition(question, outs)
        kind_of, resolver_addr = parse_resolver(resolver)
        if kind_of == "oracle":
            raise MarketError("market: hub markets are resolved by an account, not an oracle (yet)")
        if funding > MAX_FUNDING:  # before the balance check: no balance would make it fit
            raise MarketError(
                f"hub: bad funding (a hub market takes at most {fmt_units(MAX_FUNDING)} collateral,"
                f" {MAX_FUNDING} base units)"
            )
        hub = self.hub(sender)
        token = self.deployer.attach()[TOKEN]
        have = int(token.balanceOf(sender))
        if have < funding:
            raise MarketError(
                f"market: {sender} holds {have / WAD:g} collateral, funding needs"
                f" {funding / WAD:g} (dev chains: `nexus market faucet`)"
            )
        if int(token.allowance(sender, hub.address)) < funding:
            token.approve(hub.address, MAX_UINT, sender=sender)
        return hub.create(
            question,
            outs,
            funding,
            fee_bps=fee_bps,
            resolver=resolver_addr or sender,
            close_time=close_time,
            sender=sender,
        )
