"""`nexus market quote | buy | sell`: pricing and trading shares through the same service calls the
API makes."""

from __future__ import annotations

from typing import Annotated

import typer

from ..exceptions import MarketError
from ._common import console, print_json
from ._market_common import FromOpt, JsonOpt, MarketArg, OutcomeOpt, markets_of, sender_of

__all__ = ["buy", "quote", "sell"]


def quote(
    ctx: typer.Context,
    market: MarketArg,
    outcome: OutcomeOpt,
    shares: Annotated[str, typer.Option(help="Number of shares.")],
    sell: Annotated[bool, typer.Option("--sell", help="Quote a sale instead of a purchase.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """What buying (or selling) shares costs (returns) right now, fee included."""
    from ..markets import service

    with markets_of(ctx, readonly=True) as (_, nexus):
        out = service.quote(nexus, market, outcome, shares, "sell" if sell else "buy")
    if as_json:
        print_json(out)
        return
    verb = "returns" if sell else "costs"
    console().print(
        f"{out['side']} {out['shares']} {out['outcome']} {verb} {out['total']} (fee {out['fee']},"
        f" average price {out['average_price']:.4f})"
    )


def _trade(
    ctx: typer.Context,
    market: str,
    side: str,
    as_json: bool,
    sender: str | None,
    *,
    outcome: str,
    shares: str | None,
    limit: str | None,
    spend: str | None = None,
) -> None:
    """One buy or sell through the same service call the API makes; prints the result."""
    from ..markets import service

    with markets_of(ctx) as (_, nexus):
        res = service.trade(
            nexus,
            market,
            side=side,
            outcome=outcome,
            shares=shares,
            spend=spend,
            limit=limit,
            sender=sender_of(nexus, sender),
        )
    if as_json:
        print_json(res)
        return
    verb = "paid" if res["side"] == "buy" else "received"
    console().print(
        f"{res['side']} {res['shares']} {res['outcome']}: {verb} {res['amount']}"
        f" (fee {res['fee']}, gas {res['gas_used']:,}); prices now"
        f" {', '.join(f'{p:.3f}' for p in res['prices'])}"
    )


def buy(
    ctx: typer.Context,
    market: MarketArg,
    outcome: OutcomeOpt,
    shares: Annotated[str | None, typer.Option(help="Shares to buy.")] = None,
    spend: Annotated[str | None, typer.Option(help="Or: collateral to spend (fee included).")] = None,
    max_cost: Annotated[str | None, typer.Option(help="Revert above this cost (default: quote + 1%).")] = None,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Buy shares of an outcome (the collateral approval is sent when needed)."""
    if (shares is None) == (spend is None):
        raise MarketError("give exactly one of --shares or --spend")
    _trade(ctx, market, "buy", as_json, sender, outcome=outcome, shares=shares, spend=spend, limit=max_cost)


def sell(
    ctx: typer.Context,
    market: MarketArg,
    outcome: OutcomeOpt,
    shares: Annotated[str, typer.Option(help="Shares to sell.")],
    min_proceeds: Annotated[str | None, typer.Option(help="Revert below this (default: quote - 1%).")] = None,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Sell shares of an outcome back to the market maker."""
    _trade(ctx, market, "sell", as_json, sender, outcome=outcome, shares=shares, limit=min_proceeds)
