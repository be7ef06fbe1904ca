"""Where agents trade: an in-memory market on the exact maths, or a deployed market contract."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ...exceptions import MarketError
from ..client import MAX_UINT, Market
from ..hub import HubMarket
from ..lmsr import MarketMath

if TYPE_CHECKING:
    from .simulate import SimConfig

__all__ = ["ChainBackend", "ChainVenue", "HubVenue", "SimVenue"]

WAD = 10**18


class SimVenue:
    """An LMSR market held in Python, priced by the bit-exact mirror of the contract: a
    simulation on it trades exactly as the same simulation would on chain, only faster."""

    def __init__(self, math: MarketMath, cash: dict[str, int]) -> None:
        self.math = math
        self.q = [0] * math.n
        self.held: dict[str, list[int]] = defaultdict(lambda: [0] * math.n)
        self.wallet = cash  # shared across markets: agents keep their bankroll
        self.collected = 0

    def prices(self) -> list[int]:
        return self.math.prices(self.q)

    def quantities(self) -> list[int]:
        return list(self.q)

    def balance(self, trader: str, outcome: int) -> int:
        return self.held[trader][outcome]

    def cash(self, trader: str) -> int:
        return self.wallet.get(trader, 0)

    def buy(self, outcome: int, shares: int, max_cost: int, trader: str) -> int:
        quote = self.math.quote_buy(self.q, outcome, shares)
        if quote.total > max_cost:
            raise MarketError("market: cost above max_cost")
        if quote.total > self.cash(trader):
            raise MarketError("market: transfer failed")
        self.wallet[trader] = self.cash(trader) - quote.total
        self.q[outcome] += shares
        self.held[trader][outcome] += shares
        self.collected += quote.total
        return quote.total

    def sell(self, outcome: int, shares: int, min_proceeds: int, trader: str) -> int:
        if self.held[trader][outcome] < shares:
            raise MarketError("market: not enough shares")
        quote = self.math.quote_sell(self.q, outcome, shares)
        if quote.total < min_proceeds:
            raise MarketError("market: proceeds below min_proceeds")
        self.q[outcome] -= shares
        self.held[trader][outcome] -= shares
        self.wallet[trader] = self.cash(trader) + quote.total
        self.collected -= quote.total
        return quote.total

    def settle(self, outcome: int) -> None:
        """Pay winners 1 per share of `outcome`."""
        for trader, held in self.held.items():
            self.wallet[trader] = self.cash(trader) + held[outcome]


class ChainVenue:
    """The same interface over a deployed market; agent names map to chain accounts."""

    def __init__(self, market: Market | HubMarket, accounts: dict[str, str]) -> None:
        self.market = market
        self.math = market.math
        self.accounts = accounts
        for addr in accounts.values():
            if market.token.allowance(addr, market.address) < MAX_UINT // 2:
                market.token.approve(market.address, MAX_UINT, sender=addr)

    def prices(self) -> list[int]:
        return self.market.prices()

    def quantities(self) -> list[int]:
        return self.market.quantities()

    def balance(self, trader: str, outcome: int) -> int:
        return int(self.market.contract.balanceOf(self.accounts[trader], outcome))

    def cash(self, trader: str) -> int:
        return int(self.market.token.balanceOf(self.accounts[trader]))

    def buy(self, outcome: int, shares: int, max_cost: int, trader: str) -> int:
        rc = self.market.contract.buy(outcome, shares, max_cost, sender=self.accounts[trader])
        ev = self.market.contract.decode(rc)[-1].args
        return int(ev["cost"] + ev["fee"])

    def sell(self, outcome: int, shares: int, min_proceeds: int, trader: str) -> int:
        rc = self.market.contract.sell(outcome, shares, min_proceeds, sender=self.accounts[trader])
        return int(self.market.contract.decode(rc)[-1].args["proceeds"])

    def settle(self, outcome: int) -> None:
        """Resolve (as the resolver) and redeem every agent's winning shares."""
        self.market.contract.propose(outcome, sender=self.market.info.resolver)
        for addr in self.accounts.values():
            if self.market.contract.balanceOf(addr, outcome):
                self.market.contract.redeem(sender=addr)


class HubVenue(ChainVenue):
    """The same interface over a market in the MarketHub (its calls carry the market id)."""

    def __init__(self, market: HubMarket, accounts: dict[str, str]) -> None:
        super().__init__(market, accounts)
        self.hub_market = market
        self.gas: list[int] = []  # gas of every trade sent

    def balance(self, trader: str, outcome: int) -> int:
        return int(self.market.contract.balanceOf(self.accounts[trader], self.hub_market.id, outcome))

    def buy(self, outcome: int, shares: int, max_cost: int, trader: str) -> int:
        rc = self.market.contract.buy(self.hub_market.id, outcome, shares, max_cost, sender=self.accounts[trader])
        self.gas.append(rc.gas_used)
        ev = self.market.contract.decode(rc)[-1].args
        return int(ev["cost"] + ev["fee"])

    def sell(self, outcome: int, shares: int, min_proceeds: int, trader: str) -> int:
        rc = self.market.contract.sell(self.hub_market.id, outcome, shares, min_proceeds, sender=self.accounts[trader])
        self.gas.append(rc.gas_used)
        return int(self.market.contract.decode(rc)[-1].args["proceeds"])

    def settle(self, outcome: int) -> None:
        """Resolve (as the resolver) and redeem every agent's winning shares."""
        self.hub_market.resolve(outcome)
        for addr in self.accounts.values():
            if self.balance_of(addr, outcome):
                self.market.contract.redeem(self.hub_market.id, sender=addr)

    def balance_of(self, addr: str, outcome: int) -> int:
        return int(self.market.contract.balanceOf(addr, self.hub_market.id, outcome))


class ChainBackend:
    """Markets for the simulation on a throwaway embedded chain."""

    def __init__(self, cfg: SimConfig, names: list[str], directory: Path, cache_dir: Path | None) -> None:
        from ...chain.embedded import EmbeddedChain
        from ...contracts.deploy import Deployer
        from ..client import Markets

        self.chain = EmbeddedChain(directory / "chain")
        self.markets = Markets(
            self.chain, Deployer(self.chain, directory / "deployments", cache_dir or directory / "cache")
        )
        self.creator = self.chain.accounts[0]
        self.accounts = dict(zip(names, self.chain.accounts[1:]))
        self.markets.faucet(self.creator, int(cfg.funding * WAD) * cfg.events)
        for addr in self.accounts.values():
            self.markets.faucet(addr, int(cfg.bankroll * WAD))

    def venue(self, cfg: SimConfig, index: int, funding: int) -> ChainVenue:
        m = self.markets.create(
            f"simulated event {index}",
            [f"outcome {i}" for i in range(cfg.outcomes)],
            funding,
            alpha=int(cfg.alpha * WAD),
            fee_bps=cfg.fee_bps,
            dispute_window=0,
            sender=self.creator,
        )
        return ChainVenue(m, self.accounts)
