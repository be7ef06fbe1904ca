"""One per-market LMSR contract (`Market`): reads its state, quotes with the exact Python mirror,
trades and settles; plus the per-process compile cache the market client shares. `Markets` (in
`client.py`) creates and finds these through the factory."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..contracts.compiler import compile_contract
from ..exceptions import ContractReverted, MarketError
from .fixedpoint import INVALID, WAD
from .handle import MarketHandle
from .info import MarketInfo
from .lmsr import MarketMath
from .oracle import RESOLVER, OracleLink

__all__ = ["MARKET", "OO", "STATUS", "Market", "compiled"]

MARKET, OO = "LMSRMarket", "OptimisticOracle"
STATUS = ("open", "proposed", "disputed", "final")


@lru_cache(maxsize=16)
def compiled(name: str, cache_dir: Path | None) -> Any:
    """Compile once per process (and once per source hash on disk, under the home's cache)."""
    return compile_contract(name, cache_dir / "contracts" if cache_dir else None)


class Market(MarketHandle):
    """One market: reads its state, quotes with the exact Python mirror, trades and settles."""

    def __init__(
        self,
        backend: ChainBackend,
        info: MarketInfo,
        abi: list[dict[str, Any]],
        token_abi: list[dict[str, Any]],
        cache_dir: Path | None = None,
    ) -> None:
        self.backend = backend
        self.info = info
        self.contract = Contract(backend, info.address, abi, f"market#{info.index}")
        self.math = MarketMath(len(info.outcomes), info.funding, info.alpha, info.fee_bps)
        self.token = Contract(backend, info.collateral, token_abi, "collateral")
        self._cache_dir = cache_dir
        self._oracle: OracleLink | None | bool = False

    @property
    def oracle(self) -> OracleLink | None:
        """The oracle binding when this market's resolver is an OracleResolver contract, else None."""
        if self._oracle is False:
            self._oracle = None
            if self.backend.code(self.info.resolver):
                resolver = Contract(self.backend, self.info.resolver, compiled(RESOLVER, self._cache_dir).abi, RESOLVER)
                try:
                    self._oracle = OracleLink(self, resolver, compiled(OO, self._cache_dir).abi)
                except (ContractReverted, MarketError):
                    self._oracle = None
        return self._oracle if isinstance(self._oracle, OracleLink) else None

    @property
    def address(self) -> str:
        return self.info.address

    @property
    def label(self) -> str:
        return f"#{self.info.index}"

    def held(self, holder: str, outcome: int) -> int:
        return int(self.contract.balanceOf(holder, outcome))

    def _send_buy(self, outcome: int, shares: int, limit: int, sender: str) -> Any:
        return self.contract.buy(outcome, shares, limit, sender=sender)

    def _send_sell(self, outcome: int, shares: int, floor: int, sender: str) -> Any:
        return self.contract.sell(outcome, shares, floor, sender=sender)

    # --- reading ---------------------------------------------------------------------------
    def quantities(self) -> list[int]:
        return list(self.contract.quantities())

    def prices(self) -> list[int]:
        """Prices in WAD from the contract."""
        return list(self.contract.prices())

    def status(self) -> str:
        return STATUS[self.contract.status()]

    def state(self) -> dict[str, Any]:
        """Status, resolution, prices and quantities as plain data (amounts as decimal strings)."""
        st = self.status()
        out = self.contract.outcome() if st == "final" else None
        q = self.quantities()
        # the exact fixed-point mirror gives the contract's own prices (tested equal) without
        # running exp/ln in the EVM: most of the cost of a state read
        return {
            **self.info.to_json(),
            "kind": "contract",
            "ref": self.info.address,
            "status": st,
            "outcome": None if out is None else ("invalid" if out == INVALID else self.info.outcomes[out]),
            "prices": self._settled(out) if out is not None else [p / WAD for p in self.math.prices(q)],
            "quantities": [str(x) for x in q],
            "liquidity": str(self.contract.liquidity()),
            "closed": self.backend.timestamp() >= self.info.close_time,
            "oracle": link.binding.to_json() if (link := self.oracle) and link.binding else None,
        }

    # --- settlement ------------------------------------------------------------------------
    def resolve(self, outcome: str | int, *, sender: str | None = None) -> str:
        """As the resolver: propose the outcome (final at once when the dispute window is 0)."""
        if self.oracle is not None:
            raise MarketError(
                f"market: {self.address} is resolved by its oracle, not by an account"
                " (`nexus market resolve MARKET` without --outcome)"
            )
        i = self.outcome_index(outcome)
        self.contract.propose(i, sender=sender or self.info.resolver)
        return self.status()

    def dispute(self, *, sender: str | None = None) -> None:
        sender = sender or self.backend.default_account
        bond = self.contract.DISPUTE_BOND()
        if bond:
            self._pay(sender, bond, bond)
        self.contract.dispute(sender=sender)

    def arbitrate(self, outcome: str | int, *, sender: str | None = None) -> None:
        self.contract.arbitrate(self.outcome_index(outcome), sender=sender or self.contract.ARBITER())

    def finalize(self, *, sender: str | None = None) -> str:
        self.contract.finalize(sender=sender or self.backend.default_account)
        return self.status()

    def redeem(self, *, sender: str | None = None) -> int:
        """Redeem the holder's shares; returns the collateral paid."""
        sender = sender or self.backend.default_account
        if self.status() != "final":
            raise MarketError(f"market: {self.address} is not resolved yet (status {self.status()})")
        try:
            rc = self.contract.redeem(sender=sender)
        except ContractReverted as exc:
            if exc.reason == "market: nothing to redeem":
                raise MarketError(f"market: {sender} holds no redeemable shares") from None
            raise
        return int(self.contract.decode(rc)[-1].args["payout"])

    def withdraw_surplus(self, *, sender: str | None = None) -> int:
        rc = self.contract.withdraw_surplus(sender=sender or self.info.creator)
        return int(self.contract.decode(rc)[-1].args["amount"])
