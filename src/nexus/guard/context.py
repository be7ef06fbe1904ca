"""What detectors may know about the chain: protocol roles, cached views, a balance book."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eth_utils import keccak

from ..chain.base import ChainBackend
from .decoders import AbiEvents, abi_events
from .targets import WatchTargets
from .txview import ETH, TxView

__all__ = ["BoundedDict", "GuardContext"]

_BALANCE_OF = keccak(text="balanceOf(address)")[:4]
_TOTAL_SUPPLY = keccak(text="totalSupply()")[:4]
_TOKEN0 = keccak(text="token0()")[:4]
_TOKEN1 = keccak(text="token1()")[:4]
_TOKEN = keccak(text="token()")[:4]


class BoundedDict(OrderedDict[Any, Any]):
    """A dict that forgets its least recently written entries beyond `cap` (bounded memory)."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap

    def __setitem__(self, key: Any, value: Any) -> None:
        if key in self:
            self.move_to_end(key)
        super().__setitem__(key, value)
        if len(self) > self.cap:
            self.popitem(last=False)


@dataclass
class GuardContext:
    """Shared, bounded state the detectors read. `protocols` maps watched contracts to their role
    (e.g. "lending"); `protected` is the subset a guardian can pause."""

    backend: ChainBackend | None = None
    protocols: dict[str, str] = field(default_factory=dict)
    protected: set[str] = field(default_factory=set)
    cap: int = 200_000
    head: int = 0
    block_features: dict[str, float] = field(default_factory=dict)  # of the block being analysed
    targets: WatchTargets = field(default_factory=WatchTargets)
    abis: AbiEvents = field(default_factory=dict)
    last_activity: dict[str, int] = field(default_factory=dict)  # watched address -> last block touching it

    def set_targets(self, targets: WatchTargets) -> None:
        """Watch exactly `targets` from the next transaction on (roles, pausable set, ABI decoders)."""
        self.targets = targets
        self.protocols = targets.roles()
        self.protected = set(targets.pausable())
        self.abis = abi_events((a, t.abi) for a, t in targets.targets.items() if t.abi)

    def touch(self, view: TxView) -> None:
        """Record the block of the last transaction that called, logged from or moved value of a target."""
        if not self.protocols:
            return
        seen = {view.tx.to, *(lg.address for lg in view.receipt.logs), *(d for _, d, _ in view.eth_moves)}
        for a in seen:
            if a in self.protocols:
                self.last_activity[a] = view.block.number

    def __post_init__(self) -> None:
        self._views: dict[tuple[str, bytes], int | None] = {}
        self._balances: BoundedDict = BoundedDict(self.cap)
        self._supplies: dict[tuple[str, int], int | None] = {}

    # --- cached views ------------------------------------------------------------------------
    def _view_int(self, to: str, data: bytes, cache: bool = True) -> int | None:
        key = (to, data)
        if cache and key in self._views:
            return self._views[key]
        val: int | None = None
        if self.backend is not None:
            try:
                out = self.backend.call(to, data)
                val = int.from_bytes(out[:32], "big") if len(out) >= 32 else None
            except Exception:  # not a token, reverted, RPC trouble: unknown
                val = None
        if cache:
            self._views[key] = val
        return val

    def total_supply(self, token: str) -> int | None:
        """Read once per block (supplies change with mints and burns)."""
        key = (token, self.head)
        if key not in self._supplies:
            if len(self._supplies) > 1024:
                self._supplies.clear()
            self._supplies[key] = self._view_int(token, _TOTAL_SUPPLY, cache=False)
        return self._supplies[key]

    def address_view(self, contract: str, which: str) -> str | None:
        sel = {"token0": _TOKEN0, "token1": _TOKEN1, "token": _TOKEN}[which]
        v = self._view_int(contract, sel)
        return None if v is None else "0x" + v.to_bytes(32, "big")[12:].hex()

    # --- balance book ------------------------------------------------------------------------
    def balance_before(self, view: TxView, holder: str, asset: str) -> int | None:
        """`holder`'s balance of `asset` before `view`'s transaction: kept from events once known,
        first read from the chain (now) minus this transaction's own change."""
        key = (holder, asset)
        if key not in self._balances:
            if self.backend is None:
                return None
            if asset == ETH:
                try:
                    now: int | None = self.backend.balance(holder)
                except Exception:
                    now = None
            else:
                now = self._view_int(asset, _BALANCE_OF + bytes(12) + bytes.fromhex(holder[2:]), cache=False)
            if now is None:
                return None
            self._balances[key] = now - view.net_flows().get(holder, {}).get(asset, 0)
        return int(self._balances[key])

    def apply(self, view: TxView) -> None:
        """Move the balance book past `view` (only balances already known are kept)."""
        for holder, assets in view.net_flows().items():
            for asset, delta in assets.items():
                key = (holder, asset)
                if key in self._balances:
                    self._balances[key] = max(0, self._balances[key] + delta)

    def role(self, address: str, default: str = "contract") -> str:
        return self.protocols.get(address, default)


Clock = Callable[[], float]


def price_impacts(view: TxView, ctx: GuardContext) -> dict[str, float]:
    """Pool -> largest relative move of its spot price caused by one swap in this transaction."""
    out: dict[str, float] = {}
    for s in view.swaps:
        if s.zero_in is not None:
            zero_in = s.zero_in
        else:
            t0 = ctx.address_view(s.amm, "token0")
            zero_in = t0 is not None and t0.lower() == s.token_in.lower()
        r0_pre = s.reserve0 - s.amount_in if zero_in else s.reserve0 + s.amount_out
        r1_pre = s.reserve1 + s.amount_out if zero_in else s.reserve1 - s.amount_in
        if r0_pre <= 0 or r1_pre <= 0 or s.reserve0 <= 0:
            continue
        move = abs((s.reserve1 / s.reserve0) / (r1_pre / r0_pre) - 1.0)
        out[s.amm] = max(out.get(s.amm, 0.0), move)
    return out
