"""The singleton market hub (contracts/markets/MarketHub.vy): every market by id in one contract.

Creating a market there is a few storage writes (no deployment); its prices and costs are the
classic LMSR of `MarketMath(n, funding, 0, fee_bps)` bit for bit. `HubMarket` offers the same
reading, quoting and trading calls as a per-market `Market`, so the service, API, CLI and
dashboard treat both kinds alike; a hub market's reference is `hub:<id>`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..chain.abi import ABI
from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..contracts.compiler import compile_contract
from ..exceptions import ContractReverted, MarketError, MarketNotFound
from .fixedpoint import INVALID, WAD
from .handle import MarketHandle
from .info import MarketInfo
from .lmsr import MarketMath

__all__ = [
    "HUB",
    "INCOME_UNIT",
    "MAX_FUNDING",
    "MAX_Q_HUB",
    "HubMarket",
    "MarketHub",
    "book_income",
    "hub_ref",
    "income_cap",
    "parse_hub_ref",
]

HUB = "MarketHub"
MAX_FUNDING = 2**95  # the hub keeps b (< 2 * funding) in 96 bits of the word every trade reads
MAX_Q_HUB = 2**96 - 1  # a quantity field: 96 bits, so a word the trade writes anyway holds the income...
INCOME_UNIT = 2**32  # ...recorded in units of 2**32 wei (each trade's remainder stays in the hub)
MAX_CLOSE = 2**40  # a close time has 40 bits of the word every trade reads


def income_cap(n: int) -> int:
    """The most fee income (wei) a hub market of `n` outcomes records: its field saturates there
    (62 bits of units between a two-outcome market's quantities, 64 bits of a larger one's _st)."""
    return ((2**62 - 1) if n == 2 else (2**64 - 1)) * INCOME_UNIT


def book_income(recorded: int, kept: int, n: int) -> int:
    """The hub's income record after a trade that kept `kept` wei beyond the cost function's
    change (margin + fee): its whole units of `INCOME_UNIT` added, saturating at `income_cap(n)`.
    What is not recorded (the remainder, and anything past the cap) stays in the hub, paid to no one."""
    return min(recorded + kept - kept % INCOME_UNIT, income_cap(n))


def hub_ref(market_id: int) -> str:
    return f"hub:{market_id}"


def parse_hub_ref(ref: str | int) -> int | None:
    """The id of a `hub:<id>` reference, None for any other reference."""
    s = str(ref)
    if not s.lower().startswith("hub:"):
        return None
    digits = s[4:]
    if not digits.isdigit() or len(digits) > 30:
        raise MarketNotFound(f"no hub market {s[:40]!r} (hub markets are hub:0, hub:1, ...)")
    return int(digits)


class MarketHub:
    """A deployed hub: create markets by id, find them from their MarketCreated events."""

    def __init__(self, contract: Contract, token_abi: Sequence[dict[str, Any]] = (), from_block: int = 0) -> None:
        self.contract = contract
        self.address = contract.address
        self.backend = contract.backend
        self.from_block = from_block
        self._token_abi = list(token_abi)

    @classmethod
    def deploy(
        cls, chain: ChainBackend, collateral: str, cache_dir: Path | None = None, sender: str | None = None
    ) -> MarketHub:
        compiled = compile_contract(HUB, cache_dir)
        abi = ABI(compiled.abi)
        rc = chain.deploy(compiled.bytecode + abi.encode_constructor([collateral]), sender=sender)
        if rc.contract_address is None:
            raise MarketError("hub: deployment failed")
        return cls(Contract(chain, rc.contract_address, abi, HUB), from_block=rc.block_number)

    def count(self) -> int:
        return int(self.contract.market_count())

    def create(
        self,
        question: str,
        outcomes: Sequence[str],
        funding: int,
        *,
        fee_bps: int = 0,
        resolver: str | None = None,
        close_time: int | None = None,
        sender: str | None = None,
    ) -> HubMarket:
        """Create and fund a market (the sender must have approved the hub for `funding`)."""
        sender = sender or self.backend.default_account
        MarketMath(len(outcomes), funding, 0, fee_bps)  # validates like the contract
        if funding > MAX_FUNDING:
            raise MarketError(f"hub: bad funding (a hub market takes at most {MAX_FUNDING} base units)")
        close = close_time if close_time is not None else self.backend.timestamp() + 7 * 86400
        if close <= self.backend.timestamp():
            raise MarketError("market: close time is in the past")
        if close >= MAX_CLOSE:
            raise MarketError(f"hub: bad close time (a hub market closes before {MAX_CLOSE}, Unix seconds)")
        rc = self.contract.create(question, list(outcomes), funding, fee_bps, resolver or sender, close, sender=sender)
        ev = next(e for e in self.contract.decode(rc) if e.name == "MarketCreated")
        return self._market(ev.args, rc.block_number)

    def infos(self) -> list[tuple[int, dict[str, Any], int]]:
        """(id, MarketCreated args, block) of every market, in creation order."""
        events = self.contract.events("MarketCreated", from_block=self.from_block)
        return [(int(e.args["id"]), dict(e.args), e.block_number) for e in events]

    def _market(self, args: dict[str, Any], block: int) -> HubMarket:
        return HubMarket(self, args, block)

    def markets(self) -> list[HubMarket]:
        return [self._market(args, block) for _, args, block in self.infos()]

    def get(self, market_id: int) -> HubMarket:
        if not 0 <= market_id < self.count():
            raise MarketNotFound(f"no hub market {market_id} (there are {self.count()})")
        for i, args, block in self.infos():
            if i == market_id:
                return self._market(args, block)
        raise MarketNotFound(f"no MarketCreated event for hub market {market_id}")


class HubMarket(MarketHandle):
    """One market in the hub: the calls of a per-market `Market` (state, quotes, trades, settlement)."""

    kind = "hub"

    def __init__(self, hub: MarketHub, args: dict[str, Any], block: int) -> None:
        self.hub = hub
        self.backend = hub.backend
        self.contract = hub.contract
        self.id = int(args["id"])
        self.ref = hub_ref(self.id)
        outs = tuple(args["outcomes"])
        self.info = MarketInfo(
            hub.address,
            self.id,
            args["question"],
            outs,
            hub.contract.COLLATERAL(),
            args["creator"],
            int(args["funding"]),
            0,
            int(args["fee_bps"]),
            int(args["close_time"]),
            args["resolver"],
            block,
        )
        self.math = MarketMath(len(outs), self.info.funding, 0, self.info.fee_bps, MAX_Q_HUB)
        self.token = Contract(self.backend, self.info.collateral, hub._token_abi, "collateral")

    @property
    def address(self) -> str:
        return self.hub.address

    @property
    def label(self) -> str:
        return self.ref

    def held(self, holder: str, outcome: int) -> int:
        return int(self.contract.balanceOf(holder, self.id, outcome))

    def _send_buy(self, outcome: int, shares: int, limit: int, sender: str) -> Any:
        return self.contract.buy(self.id, outcome, shares, limit, sender=sender)

    def _send_sell(self, outcome: int, shares: int, floor: int, sender: str) -> Any:
        return self.contract.sell(self.id, outcome, shares, floor, sender=sender)

    @property
    def oracle(self) -> None:
        """Hub markets are resolved by an account (no oracle binding yet)."""
        return None

    # --- reading ---------------------------------------------------------------------------
    def _raw(self) -> tuple[Any, ...]:
        return tuple(self.contract.market(self.id))

    def income(self) -> int:
        """Fees and margins this market has recorded so far, in whole units of `INCOME_UNIT` wei
        (paid to its creator with the surplus; each trade's remainder stays in the hub)."""
        return int(self.contract.income(self.id))

    def quantities(self) -> list[int]:
        return [int(v) for v in self.contract.quantities(self.id)]

    def prices(self) -> list[int]:
        return self.math.prices(self.quantities())

    def status(self) -> str:
        return "final" if self._raw()[4] else "open"

    def state(self) -> dict[str, Any]:
        raw = self._raw()
        out = int(raw[5]) if raw[4] else None
        q = self.quantities()
        return {
            **self.info.to_json(),
            "kind": "hub",
            "ref": self.ref,
            "status": "final" if out is not None else "open",
            "outcome": None if out is None else ("invalid" if out == INVALID else self.info.outcomes[out]),
            "prices": self._settled(out) if out is not None else [p / WAD for p in self.math.prices(q)],
            "quantities": [str(x) for x in q],
            "liquidity": str(raw[6]),
            "income": str(self.income()),
            "closed": self.backend.timestamp() >= self.info.close_time,
            "oracle": None,
        }

    # --- settlement ------------------------------------------------------------------------
    def resolve(self, outcome: str | int, *, sender: str | None = None) -> str:
        """As the resolver: name the winner (final at once: hub markets have no dispute window)."""
        self.contract.resolve(self.id, self.outcome_index(outcome), sender=sender or self.info.resolver)
        return self.status()

    def dispute(self, *, sender: str | None = None) -> None:
        raise MarketError(f"market: {self.ref} is a hub market: its resolution is final (no dispute window)")

    def finalize(self, *, sender: str | None = None) -> str:
        raise MarketError(f"market: {self.ref} is a hub market: its resolution is final at once")

    def redeem(self, *, sender: str | None = None) -> int:
        sender = sender or self.backend.default_account
        if self.status() != "final":
            raise MarketError(f"market: {self.ref} is not resolved yet")
        rc = self.contract.redeem(self.id, sender=sender)
        return int(self.contract.decode(rc)[-1].args["payout"])

    def withdraw_surplus(self, *, sender: str | None = None) -> int:
        """As the creator, once resolved: collect the surplus no holder can claim plus the fee
        income (fees and margins); returns the amount paid."""
        try:
            rc = self.contract.withdraw_surplus(self.id, sender=sender or self.info.creator)
        except ContractReverted as exc:
            raise MarketError(f"market: {exc.reason}") from None
        return int(self.contract.decode(rc)[-1].args["amount"])
