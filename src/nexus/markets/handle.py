"""What every market handle shares, per-market contract or hub market: outcome names, exact quotes
from the Python mirror, the buy / sell plumbing (open check, funds, approval, slippage limits) and
the trade result. Subclasses say how to read their contract and send a trade to it."""

from __future__ import annotations

from typing import Any

from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..exceptions import MarketError
from .fixedpoint import INVALID, WAD
from .info import MarketInfo
from .lmsr import MarketMath, Quote

__all__ = ["MAX_UINT", "MarketHandle"]

MAX_UINT = 2**256 - 1


class MarketHandle:
    """Base of `Market` and `HubMarket`; `label` names the market in error messages."""

    backend: ChainBackend
    info: MarketInfo
    math: MarketMath
    token: Contract
    contract: Contract

    @property
    def address(self) -> str:
        raise NotImplementedError

    @property
    def label(self) -> str:
        raise NotImplementedError

    # --- what a subclass provides ------------------------------------------------------------
    def quantities(self) -> list[int]:
        raise NotImplementedError

    def prices(self) -> list[int]:
        raise NotImplementedError

    def status(self) -> str:
        raise NotImplementedError

    def held(self, holder: str, outcome: int) -> int:
        """Shares of `outcome` that `holder` owns."""
        raise NotImplementedError

    def _send_buy(self, outcome: int, shares: int, limit: int, sender: str) -> Any:
        raise NotImplementedError

    def _send_sell(self, outcome: int, shares: int, floor: int, sender: str) -> Any:
        raise NotImplementedError

    # --- reading -----------------------------------------------------------------------------
    def outcome_index(self, name: str | int) -> int:
        """An outcome by index or (case-insensitive) name; "invalid" is the invalid code 255."""
        n = len(self.info.outcomes)
        if isinstance(name, int) or str(name).isdigit():
            i = name if isinstance(name, int) else int(name) if len(name) <= 30 else -1
            if 0 <= i < n:
                return i
            raise MarketError(f"market: no outcome {str(name)[:30]} (outcomes 0-{n - 1})")
        key = str(name).strip().lower()
        names = [o.lower() for o in self.info.outcomes]
        if key in names:
            return names.index(key)
        if key == "invalid":
            return INVALID
        raise MarketError(f"market: no outcome {name!r}; outcomes are {', '.join(self.info.outcomes)}")

    def _settled(self, outcome: int) -> list[float]:
        """What a share of each outcome pays once resolved: 1 for the winner, 1/n if invalid."""
        n = len(self.info.outcomes)
        return [1 / n] * n if outcome == INVALID else [float(i == outcome) for i in range(n)]

    def balances(self, holder: str) -> list[int]:
        return [self.held(holder, i) for i in range(len(self.info.outcomes))]

    def quote_buy(self, outcome: str | int, shares: int) -> Quote:
        """Exact price of a buy now (the contract would charge exactly this)."""
        return self.math.quote_buy(self.quantities(), self.outcome_index(outcome), shares)

    def quote_sell(self, outcome: str | int, shares: int) -> Quote:
        return self.math.quote_sell(self.quantities(), self.outcome_index(outcome), shares)

    # --- trading -----------------------------------------------------------------------------
    def _check_open(self) -> None:
        status = self.status()
        if status != "open" or self.backend.timestamp() >= self.info.close_time:
            raise MarketError(f"market: {self.label} is closed for trading (status {status})")

    def _pay(self, owner: str, need: int, limit: int) -> None:
        """`owner` holds `need` collateral, and the market may take up to `limit` of it."""
        have = int(self.token.balanceOf(owner))
        if have < need:
            raise MarketError(
                f"market: {owner} holds {have / WAD:g} collateral, needs {need / WAD:g}"
                " (dev chains: `nexus market faucet`)"
            )
        if int(self.token.allowance(owner, self.address)) < limit:
            self.token.approve(self.address, MAX_UINT, sender=owner)

    def buy(
        self,
        outcome: str | int,
        shares: int,
        *,
        max_cost: int | None = None,
        slippage: float = 0.01,
        sender: str | None = None,
    ) -> dict[str, Any]:
        """Buy `shares`; `max_cost` defaults to the quote plus `slippage`."""
        sender = sender or self.backend.default_account
        self._check_open()
        q = self.quote_buy(outcome, shares)
        limit = max_cost if max_cost is not None else int(q.total * (1 + slippage)) + 1
        self._pay(sender, min(limit, q.total), limit)
        return self._trade_result(self._send_buy(q.outcome, shares, limit, sender))

    def buy_with(self, outcome: str | int, budget: int, *, sender: str | None = None) -> dict[str, Any]:
        """Spend up to `budget` (fee included) on as many shares as it buys now."""
        i = self.outcome_index(outcome)
        shares = self.math.shares_for_budget(self.quantities(), i, budget)
        if shares <= 0:
            raise MarketError("market: budget buys no shares")
        return self.buy(i, shares, max_cost=budget, sender=sender)

    def sell(
        self,
        outcome: str | int,
        shares: int,
        *,
        min_proceeds: int | None = None,
        slippage: float = 0.01,
        sender: str | None = None,
    ) -> dict[str, Any]:
        sender = sender or self.backend.default_account
        self._check_open()
        i = self.outcome_index(outcome)
        held = self.held(sender, i)
        if held < shares:
            raise MarketError(
                f"market: {sender} holds {held / WAD:g} shares of"
                f" {self.info.outcomes[i]!r}, cannot sell {shares / WAD:g}"
            )
        q = self.quote_sell(i, shares)
        floor = min_proceeds if min_proceeds is not None else int(q.total * (1 - slippage))
        return self._trade_result(self._send_sell(i, shares, floor, sender))

    def _trade_result(self, rc: Any) -> dict[str, Any]:
        ev = self.contract.decode(rc)[-1]
        # buys: collateral paid (fee included); sells: collateral received (fee deducted)
        amount = ev.args["cost"] + ev.args["fee"] if ev.name == "Buy" else ev.args["proceeds"]
        return {
            "side": ev.name.lower(),
            "outcome": self.info.outcomes[ev.args["outcome"]],
            "shares": ev.args["shares"],
            "amount": amount,
            "fee": ev.args["fee"],
            "gas_used": rc.gas_used,
            "tx": rc.tx_hash,
            "prices": [p / WAD for p in self.prices()],
        }
