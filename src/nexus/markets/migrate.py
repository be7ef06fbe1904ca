"""`nexus market migrate`: copy open per-market-contract markets onto the singleton MarketHub.

A per-market contract has no admin: nobody can move its holders' shares or its collateral. What
moves is the market itself: the same question, outcomes, funding, fee, resolver and close time
become a hub market, funded by the migrating account, which must be the market's creator. New
trading goes to the hub market; the old contract keeps working until it resolves, and its holders
redeem there. Running the command twice creates nothing new (a market already copied is found
by its definition among the hub's markets)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..exceptions import MarketError
from .client import Market, Markets
from .hub import MAX_FUNDING, HubMarket
from .units import fmt_units

__all__ = ["migrate_to_hub"]


def _key(m: Market | HubMarket) -> tuple[Any, ...]:
    i = m.info
    return (i.question, tuple(i.outcomes), i.creator.lower(), i.close_time, i.resolver.lower(), i.fee_bps)


def migrate_to_hub(
    markets: Markets, refs: Sequence[str] = (), *, sender: str | None = None, dry_run: bool = False
) -> list[dict[str, Any]]:
    """Copy the sender's open classic-LMSR markets (or those named in `refs`) onto the hub.
    One row per market looked at: `{from, to, status, reason}` (status migrated, would migrate,
    already or skipped)."""
    sender = sender or markets.backend.default_account
    chosen = [markets.get(r) for r in refs] if refs else [m for m in markets.list() if isinstance(m, Market)]
    hub = markets.attached_hub()
    done = {_key(h): h.ref for h in (hub.markets() if hub else [])}
    now = markets.backend.timestamp()
    rows: list[dict[str, Any]] = []
    for m in chosen:
        if isinstance(m, HubMarket):
            raise MarketError(f"market: {m.ref} is already a hub market")
        row: dict[str, Any] = {"from": m.address, "to": None, "funding": fmt_units(m.info.funding)}
        why = None
        if m.info.creator.lower() != sender.lower():
            why = f"created by {m.info.creator}, not by {sender}"
        elif m.status() != "open" or now >= m.info.close_time:
            why = f"not open for trading (status {m.status()})"
        elif m.info.alpha:
            why = "an LS-LMSR market (the hub is classic LMSR)"
        elif m.oracle is not None:
            why = "resolved by an oracle (hub markets are resolved by an account)"
        elif m.info.funding > MAX_FUNDING:
            why = f"funded above the hub's cap ({MAX_FUNDING} base units)"
        if why is not None:
            rows.append({**row, "status": "skipped", "reason": why})
            continue
        if _key(m) in done:
            rows.append({**row, "to": done[_key(m)], "status": "already", "reason": None})
            continue
        if dry_run:
            rows.append({**row, "status": "would migrate", "reason": None})
            continue
        made = markets.create_on_hub(
            m.info.question,
            m.info.outcomes,
            m.info.funding,
            fee_bps=m.info.fee_bps,
            close_time=m.info.close_time,
            resolver=m.info.resolver,
            sender=sender,
        )
        done[_key(made)] = made.ref
        rows.append({**row, "to": made.ref, "status": "migrated", "reason": None})
    return rows
