"""`nexus market create | list | show | migrate | faucet`: making markets (per-market contracts or hub
markets), listing and showing them, copying them onto the hub, and minting dev collateral."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ..exceptions import MarketError
from ..markets.units import fmt_units, parse_amount, parse_duration
from ._common import console, print_json
from ._market_common import FromOpt, JsonOpt, MarketArg, done, markets_of, sender_of, summary

if TYPE_CHECKING:  # the market client (vyper, mpmath) loads when a command needs it
    from ..markets import Market
    from ..markets.hub import HubMarket

__all__ = ["create", "faucet", "list_", "migrate", "show"]


def create(
    ctx: typer.Context,
    question: Annotated[str, typer.Option(help="The question, up to 256 bytes.")],
    outcomes: Annotated[str, typer.Option(help="Comma-separated outcome names, 2-16 (e.g. Yes,No).")],
    funding: Annotated[str, typer.Option(help="Collateral the maker puts in: its worst-case loss.")],
    fee_bps: Annotated[int, typer.Option(help="Trading fee in basis points (max 1000).")] = 0,
    alpha: Annotated[str, typer.Option(help="LS-LMSR spread (e.g. 0.05); 0 = classic LMSR.")] = "0",
    closes_in: Annotated[str, typer.Option(help="Trading closes after this long (7d, 12h, ...).")] = "7d",
    resolver: Annotated[
        str | None,
        typer.Option(
            help="Who reports the outcome: an address or dev account index (default: the sender), or"
            " oracle:<address> of an oracle feed or optimistic oracle (resolved on chain after the close)."
        ),
    ] = None,
    oracle_threshold: Annotated[
        str | None,
        typer.Option(
            help="With an oracle feed and 2 outcomes: the first outcome wins when the feed's answer at the"
            " close is at or above this (feed units); without it the answer is the outcome index."
        ),
    ] = None,
    dispute_window: Annotated[str, typer.Option(help="Time to dispute a proposed outcome (0 = final at once).")] = "1h",
    dispute_bond: Annotated[str, typer.Option(help="Collateral a disputer posts.")] = "0",
    collateral: Annotated[str | None, typer.Option(help="ERC-20 collateral (default: the dev token NXD).")] = None,
    hub: Annotated[
        bool,
        typer.Option(
            "--hub", help="Create it in the singleton MarketHub (~140k gas, no deployment; classic LMSR, no dispute)."
        ),
    ] = False,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Create and fund a market (deploys the market factory, or with --hub the hub, on first use)."""
    names = [o.strip() for o in outcomes.split(",")]
    fund = parse_amount(funding, "funding")
    a = parse_amount(alpha, "alpha", allow_zero=True)
    window, bond, close_in = (
        parse_duration(dispute_window),
        parse_amount(dispute_bond, "bond", allow_zero=True),
        parse_duration(closes_in),
    )
    if hub and (a or oracle_threshold is not None or collateral):
        raise MarketError("market: a hub market is classic LMSR on the dev collateral (no --alpha/--collateral/oracle)")
    with markets_of(ctx) as (markets, nexus):
        who = sender_of(nexus, sender)
        by = resolver if resolver and resolver.strip().lower().startswith("oracle:") else sender_of(nexus, resolver)
        m: Market | HubMarket
        if hub:
            m = markets.create_on_hub(
                question,
                names,
                fund,
                fee_bps=fee_bps,
                close_time=nexus.chain.timestamp() + close_in,
                resolver=by,
                sender=who,
            )
        else:
            m = markets.create(
                question,
                names,
                fund,
                alpha=a,
                fee_bps=fee_bps,
                close_time=nexus.chain.timestamp() + close_in,
                resolver=by,
                dispute_window=window,
                dispute_bond=bond,
                collateral=collateral,
                oracle_threshold=oracle_threshold,
                sender=who,
            )
        out = summary(m)
    if as_json:
        print_json(out)
        return
    oracle = f"; resolved by the {out['oracle']['kind']} oracle {out['oracle']['oracle']}" if out["oracle"] else ""
    console().print(
        f"market [bold]{out['ref'] if out['kind'] == 'hub' else '#' + str(out['index'])}[/] at {out['address']}:"
        f" {out['question']}"
        f" ({', '.join(out['outcomes'])}), funding {fmt_units(fund)}{oracle}"
    )


def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every market the factory has made, with its prices and status."""
    with markets_of(ctx, readonly=True) as (markets, _):
        rows = [summary(m) for m in markets.list()]
    if as_json:
        print_json(rows)
        return
    table = Table("#", "question", "prices", "status", "address")
    for r in rows:
        prices = "  ".join(f"{o} {p:.3f}" for o, p in zip(r["outcomes"], r["prices"]))
        status = r["status"] + (f" → {r['outcome']}" if r["outcome"] else "")
        table.add_row(r["ref"] if r["kind"] == "hub" else str(r["index"]), r["question"], prices, status, r["address"])
    console().print(table if rows else "no markets yet (`nexus market create`)")


def show(ctx: typer.Context, market: MarketArg, as_json: JsonOpt = False) -> None:
    """One market's parameters, prices, quantities and status."""
    with markets_of(ctx, readonly=True) as (markets, _):
        st = markets.get(market).state()
    if as_json:
        print_json(st)
        return
    for k, v in st.items():
        console().print(f"[bold]{k}[/]: {v}")


def migrate(
    ctx: typer.Context,
    markets_: Annotated[
        list[str] | None, typer.Argument(metavar="[MARKET]...", help="Markets to copy (default: all of yours).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would move; send nothing.")] = False,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Copy your open per-market-contract markets onto the singleton hub (same question, outcomes,
    funding, fee, resolver, close); old contracts keep working until they resolve."""
    from ..markets.migrate import migrate_to_hub

    with markets_of(ctx) as (markets, nexus):
        rows = migrate_to_hub(markets, markets_ or (), sender=sender_of(nexus, sender), dry_run=dry_run)
    if as_json:
        print_json(rows)
        return
    for r in rows:
        to = f" -> {r['to']}" if r["to"] else ""
        why = f" ({r['reason']})" if r["reason"] else ""
        console().print(f"{r['from']}{to}: {r['status']}{why}")
    if not rows:
        console().print("no per-market-contract markets to migrate")


def faucet(
    ctx: typer.Context,
    amount: Annotated[str, typer.Option(help="Dev collateral (NXD) to mint.")] = "1000",
    to: Annotated[str | None, typer.Option(help="Receiver: address or dev account index.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Mint dev collateral (NXD) on a dev chain."""
    with markets_of(ctx) as (markets, nexus):
        who = sender_of(nexus, to) or nexus.chain.default_account
        balance = markets.faucet(who, parse_amount(amount))
    done(f"{who} now holds {fmt_units(balance)} NXD", {"account": who, "balance": fmt_units(balance)}, as_json)
