"""A market's price history, replayed from its on-chain trade events with the contract's exact maths.

Every `Buy` and `Sell` the market emitted moves the outstanding quantities; the prices after each
trade are `MarketMath.prices(quantities)`, bit for bit what the contract's `prices()` returned at
that block. A `Resolved` event ends the series at the settled payouts. Replays are kept per chain
and market and extended from the last block seen, so a later call reads only the new blocks; a
chain that was rewound (snapshot revert, reorg) is noticed by the block hash and replayed afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..exceptions import MarketError
from .fixedpoint import INVALID, WAD
from .hub import HubMarket
from .service import open_markets
from .units import fmt_units

if TYPE_CHECKING:
    from .._client import Nexus
    from ..chain.base import ChainBackend
    from .client import Market

__all__ = ["MAX_POINTS", "market_history", "price_history"]

MAX_POINTS = 5000  # most points one call returns
_KEPT = 64  # markets whose replay is kept
_TRADES = ("Buy", "Sell")


@dataclass
class _Replay:
    """Where a market's replay stands: quantities after block `through`, the points so far."""

    quantities: list[int]
    points: list[dict[str, Any]] = field(default_factory=list)
    through: int = -1  # last block read
    through_hash: str = ""
    resolved: bool = False


_replays: OrderedDict[tuple[str, str], _Replay] = OrderedDict()
_lock = threading.Lock()


def price_history(nexus: Nexus, ref: str, limit: int = 1000) -> dict[str, Any]:
    """The price history of market `ref` (address or index) on an open SDK handle (computed at
    most once per chain head)."""
    return nexus.per_head(f"history:{ref}:{limit}", lambda: market_history(open_markets(nexus).get(ref), limit))


def market_history(market: Market | HubMarket, limit: int = 1000) -> dict[str, Any]:
    """`{market, question, outcomes, status, head, count, points}`: the latest `limit` points
    (oldest first), each `{block, time, kind, prices}` plus the trade that moved the prices
    (`side`, `outcome`, `shares`, `amount`, `trader`, `tx`). The first point is the market's
    creation; `kind` is "open", "buy", "sell" or "resolved"."""
    if not 1 <= limit <= MAX_POINTS:
        raise MarketError(f"limit must be 1-{MAX_POINTS}, not {limit}")
    chain = market.backend
    key = (chain.genesis_hash, _ref(market).lower())
    with _lock:
        replay = _replays.get(key)
        head = chain.block_number()
        if replay is None or not _still_valid(chain, replay, head):
            replay = _start(market)
        _extend(market, replay, head)
        _replays[key] = replay
        _replays.move_to_end(key)
        while len(_replays) > _KEPT:
            _replays.popitem(last=False)
        points = replay.points[-limit:]
        count = len(replay.points)
    info = market.info
    return {
        "market": _ref(market),
        "index": info.index,
        "question": info.question,
        "outcomes": list(info.outcomes),
        "status": market.status(),
        "head": head,
        "count": count,
        "points": points,
    }


def _ref(market: Market | HubMarket) -> str:
    """How the market is named: its address, or `hub:<id>` for a hub market."""
    return market.ref if isinstance(market, HubMarket) else market.address


def _still_valid(chain: ChainBackend, replay: _Replay, head: int) -> bool:
    """The blocks the replay read are still the chain's (not rewound or reorganised)."""
    if replay.through > head:
        return False
    return replay.through < 0 or chain.get_block(replay.through).hash == replay.through_hash


def _start(market: Market | HubMarket) -> _Replay:
    n = len(market.info.outcomes)
    replay = _Replay(quantities=[0] * n)
    block = market.backend.get_block(market.info.block)
    replay.points.append(
        {"block": block.number, "time": block.timestamp, "kind": "open", "prices": _prices(market, replay.quantities)}
    )
    return replay


def _extend(market: Market | HubMarket, replay: _Replay, head: int) -> None:
    """Read the market's events after the replay's last block up to `head`, in bounded ranges."""
    chain = market.backend
    start = max(replay.through + 1, market.info.block)
    step = max(1, chain.max_log_range)
    times: dict[int, int] = {}
    for lo in range(start, head + 1, step):
        hi = min(head, lo + step - 1)
        for ev in market.contract.events(None, lo, hi):
            if replay.resolved:
                break
            if isinstance(market, HubMarket) and int(ev.args.get("id", -1)) != market.id:
                continue  # another market in the same hub
            if ev.name in _TRADES:
                _trade(market, replay, ev, times)
            elif ev.name == "Resolved":
                _resolved(market, replay, ev, times)
    if head >= start:
        replay.through = head
        replay.through_hash = chain.get_block(head).hash


def _time(market: Market | HubMarket, number: int, times: dict[int, int]) -> int:
    if number not in times:
        times[number] = market.backend.get_block(number).timestamp
    return times[number]


def _trade(market: Market | HubMarket, replay: _Replay, ev: Any, times: dict[int, int]) -> None:
    a = ev.args
    i, shares = int(a["outcome"]), int(a["shares"])
    if ev.name == "Buy":
        replay.quantities[i] += shares
        amount = a["cost"] + a["fee"]
    else:
        replay.quantities[i] -= shares
        amount = a["proceeds"]
    replay.points.append(
        {
            "block": ev.block_number,
            "time": _time(market, ev.block_number, times),
            "kind": ev.name.lower(),
            "prices": _prices(market, replay.quantities),
            "side": ev.name.lower(),
            "outcome": market.info.outcomes[i],
            "shares": fmt_units(shares),
            "amount": fmt_units(amount),
            "trader": a["trader"],
            "tx": ev.tx_hash,
        }
    )


def _resolved(market: Market | HubMarket, replay: _Replay, ev: Any, times: dict[int, int]) -> None:
    n, won = len(market.info.outcomes), int(ev.args["outcome"])
    prices = [1 / n] * n if won == INVALID else [float(i == won) for i in range(n)]
    replay.points.append(
        {
            "block": ev.block_number,
            "time": _time(market, ev.block_number, times),
            "kind": "resolved",
            "prices": prices,
            "outcome": "invalid" if won == INVALID else market.info.outcomes[won],
            "tx": ev.tx_hash,
        }
    )
    replay.resolved = True


def _prices(market: Market | HubMarket, quantities: list[int]) -> list[float]:
    return [p / WAD for p in market.math.prices(quantities)]
