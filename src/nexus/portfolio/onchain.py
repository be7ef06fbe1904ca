"""The agent's pools on chain: a Uniswap-V2-shaped pair (the sandbox's `SandboxAMM`, x·y = k with a
0.3% fee on input) of two `SandboxToken`s, traded with real transactions.

`ChainPool` has the interface of the Python `amm.Pool` (price, quotes, buy, sell, arbitrage_to), so the
agent and the backtest run unchanged; every buy, sell and arbitrage is a swap sent to the contract, and
quotes use the contract's own integer formula on its current reserves. token0 is the risky asset and
token1 the cash, so the pair's price (token1 per token0) is the asset's price in cash. Amounts cross
the boundary as 18-decimal integers. A pool the AMM's guardian has paused reports `paused`, and the
backtest treats it as flagged (no trade into it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..chain.base import ChainBackend, TxRequest
from ..chain.contract import Contract
from ..contracts.deploy import deploy_contract
from ..exceptions import ContractReverted, PortfolioChainError, PortfolioInputError

__all__ = ["ChainPool", "ChainPools", "WAD"]

WAD = 10**18
FEE_BPS = 30  # SandboxAMM's constant
_MAX = 2**256 - 1
_ARB_FLOAT = 10**15  # whole units the arbitrageur holds of each token


def _wad(x: float) -> int:
    return int(round(x * WAD))


def _swap_in(r_in: int, r_out: int, target_out_per_in: float) -> int:
    """Input that moves the pair so r_out'/r_in' = target, with the fee taken on input (solves
    (1-f)d² + (2-f)·r_in·d + r_in² - r_in·r_out/target = 0 for d)."""
    f = FEE_BPS / 10_000
    x, y = float(r_in), float(r_out)
    c = x * x - x * y / target_out_per_in
    if c >= 0:
        return 0
    d = (-(2 - f) * x + math.sqrt((2 - f) ** 2 * x * x - 4 * (1 - f) * c)) / (2 * (1 - f))
    return max(0, int(d))


@dataclass
class ChainPools:
    """Where the pairs live: the chain, the accounts that act, and the compile cache."""

    backend: ChainBackend
    trader: str
    arbitrageur: str
    admin: str
    cache_dir: Path | None = None
    gas_used: int = 0  # the trader's swaps only (arbitrage is the market's cost, not the agent's)
    swaps: int = 0
    created: dict[str, ChainPool] = field(default_factory=dict)
    _tokens: dict[str, Contract] = field(default_factory=dict)

    @property
    def cash_token(self) -> Contract:
        """The one cash token every pair quotes in (deployed on first use)."""
        if "cash" not in self._tokens:
            self._tokens["cash"] = self._deploy("SandboxToken", "Portfolio cash", "CASH")
        return self._tokens["cash"]

    def fund(self, cash: float) -> None:
        """Give the trader `cash` of the cash token (the portfolio's starting capital)."""
        self.cash_token.mint(self.trader, _wad(cash), sender=self.admin)

    def cash_balance(self, who: str | None = None) -> float:
        return int(self.cash_token.balanceOf(who or self.trader)) / WAD

    def pool(self, name: str, price: float, depth_cash: float) -> ChainPool:
        """Deploy a fresh pair of a new asset token against the cash token at `price`, `depth_cash` deep."""
        if price <= 0 or depth_cash <= 0 or not math.isfinite(price):
            raise PortfolioInputError("pool: price and depth must be positive")
        dep = self._deploy
        cash = self.cash_token
        asset = dep("SandboxToken", f"{name[:24]} asset", "ASSET")
        amm = dep("SandboxAMM", asset.address, cash.address, self.admin)
        reserve_cash = _wad(depth_cash)
        reserve_asset = _wad(depth_cash / price)
        big = _ARB_FLOAT * WAD
        calls: list[tuple[Contract, str, tuple[Any, ...], str]] = [
            (asset, "mint", (self.admin, reserve_asset), self.admin),
            (cash, "mint", (self.admin, reserve_cash), self.admin),
            (asset, "approve", (amm.address, _MAX), self.admin),
            (cash, "approve", (amm.address, _MAX), self.admin),
            (amm, "add_liquidity", (reserve_asset, reserve_cash), self.admin),
            (asset, "mint", (self.arbitrageur, big), self.admin),
            (cash, "mint", (self.arbitrageur, big), self.admin),
        ]
        for who in {self.trader, self.arbitrageur}:
            calls += [(asset, "approve", (amm.address, _MAX), who), (cash, "approve", (amm.address, _MAX), who)]
        self.backend.send_many([TxRequest(c.address, c.abi.encode_call(fn, a), 0, s) for c, fn, a, s in calls])
        self.created[name] = out = ChainPool(name, self, amm, asset, cash)
        return out

    def _deploy(self, contract: str, *args: Any) -> Contract:
        return deploy_contract(self.backend, contract, *args, sender=self.admin, cache_dir=self.cache_dir)


class ChainPool:
    """One on-chain pair with `amm.Pool`'s interface (floats in whole units)."""

    fee_bps = FEE_BPS

    def __init__(self, name: str, where: ChainPools, amm: Contract, asset: Contract, cash: Contract) -> None:
        self.name, self.where, self.amm, self.asset_token, self.cash_token = name, where, amm, asset, cash

    # --- reading ---------------------------------------------------------------------------
    def reserves(self) -> tuple[int, int]:
        return int(self.amm.reserve0()), int(self.amm.reserve1())

    @property
    def asset(self) -> float:
        return self.reserves()[0] / WAD

    @property
    def cash(self) -> float:
        return self.reserves()[1] / WAD

    @property
    def price(self) -> float:
        r0, r1 = self.reserves()
        return r1 / r0

    @property
    def paused(self) -> bool:
        return bool(self.amm.paused())

    def _quote(self, amount_in: int, r_in: int, r_out: int) -> int:
        fee_in = amount_in * (10_000 - FEE_BPS)
        return fee_in * r_out // (r_in * 10_000 + fee_in)

    def quote_buy(self, cash_in: float) -> float:
        r0, r1 = self.reserves()
        return self._quote(_wad(cash_in), r1, r0) / WAD

    def quote_sell(self, asset_in: float) -> float:
        r0, r1 = self.reserves()
        return self._quote(_wad(asset_in), r0, r1) / WAD

    def holding(self, who: str | None = None) -> float:
        """Asset tokens `who` (default: the trader) holds, whole units."""
        return int(self.asset_token.balanceOf(who or self.where.trader)) / WAD

    # --- trading ---------------------------------------------------------------------------
    def _swap(self, token: Contract, amount: int, sender: str) -> int:
        try:
            rc = self.amm.transact("swap", token.address, amount, 0, sender=sender)
        except ContractReverted as exc:
            raise PortfolioChainError(f"pool {self.name}: swap refused: {exc.reason or exc}") from None
        ev = next(e for e in self.amm.decode(rc) if e.name == "Swap")
        if sender == self.where.trader:
            self.where.gas_used += rc.gas_used
            self.where.swaps += 1
        return int(ev.args["amount_out"])

    def buy(self, cash_in: float) -> float:
        """The trader spends `cash_in` cash; returns the asset received."""
        return self._swap(self.cash_token, _wad(cash_in), self.where.trader) / WAD

    def sell(self, asset_in: float) -> float:
        return self._swap(self.asset_token, _wad(asset_in), self.where.trader) / WAD

    def arbitrage_to(self, market: float) -> None:
        """The arbitrageur swaps the pair to the edge of the fee band around `market` (it would lose
        money going further), as on a real V2 pair."""
        if market <= 0 or not math.isfinite(market):
            raise PortfolioInputError(f"pool {self.name}: bad market price {market!r}")
        band = FEE_BPS / 10_000
        lo, hi = market * (1 - band), market * (1 + band)
        r0, r1 = self.reserves()
        price = r1 / r0
        arb = self.where.arbitrageur
        if price < lo:  # asset cheap: pay cash in until cash/asset = lo
            d = _swap_in(r1, r0, 1 / lo)
            if d:
                self._swap(self.cash_token, d, arb)
        elif price > hi:  # asset dear: sell asset until cash/asset = hi
            d = _swap_in(r0, r1, hi)
            if d:
                self._swap(self.asset_token, d, arb)
