"""Market operations as plain data for the HTTP API and the CLI (amounts as decimal strings of whole units)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..exceptions import MarketError
from .client import Markets
from .units import fmt_units, parse_amount

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["list_markets", "market_state", "open_markets", "quote", "trade"]


def open_markets(nexus: Nexus) -> Markets:
    """The markets of an open SDK handle (`nexus.connect()`)."""
    return Markets(nexus.chain, nexus.deployer)


def list_markets(nexus: Nexus) -> list[dict[str, Any]]:
    """Every market with its parameters, prices and status."""
    return nexus.per_head("markets:*", lambda: [m.state() for m in open_markets(nexus).list()])


def market_state(nexus: Nexus, ref: str) -> dict[str, Any]:
    return nexus.per_head(f"markets:{ref}", lambda: open_markets(nexus).get(ref).state())


def quote(nexus: Nexus, ref: str, outcome: str, shares: str, side: str = "buy") -> dict[str, Any]:
    """Exact price of a trade now: `cost` before fee, `fee`, and `total` paid (or received)."""
    if side not in ("buy", "sell"):
        raise MarketError(f"side must be buy or sell, not {side!r}")
    m = open_markets(nexus).get(ref)
    n = parse_amount(shares, "shares")
    q = m.quote_buy(outcome, n) if side == "buy" else m.quote_sell(outcome, n)
    return {
        "market": m.address,
        "side": side,
        "outcome": m.info.outcomes[q.outcome],
        "shares": fmt_units(n),
        "cost": fmt_units(q.cost),
        "fee": fmt_units(q.fee),
        "total": fmt_units(q.total),
        "average_price": float(Decimal(q.total) / n),
    }


def trade(
    nexus: Nexus,
    ref: str,
    *,
    side: str,
    outcome: str,
    shares: str | None = None,
    spend: str | None = None,
    limit: str | None = None,
    sender: str | None = None,
) -> dict[str, Any]:
    """Buy (`shares` or `spend`) or sell (`shares`) from `sender` (default: the node's account);
    `limit` is the max cost of a buy or the min proceeds of a sale."""
    m = open_markets(nexus).get(ref)
    bound = parse_amount(limit, "limit", allow_zero=True) if limit is not None else None
    if side == "buy":
        if (shares is None) == (spend is None):
            raise MarketError("give exactly one of shares or spend")
        res = (
            m.buy_with(outcome, parse_amount(spend, "spend"), sender=sender)
            if spend is not None
            else m.buy(outcome, parse_amount(shares or "", "shares"), max_cost=bound, sender=sender)
        )
    elif side == "sell":
        if shares is None or spend is not None:
            raise MarketError("a sale takes shares (and no spend)")
        res = m.sell(outcome, parse_amount(shares, "shares"), min_proceeds=bound, sender=sender)
    else:
        raise MarketError(f"side must be buy or sell, not {side!r}")
    nexus.chain.make_durable()  # acknowledged only once a crash cannot undo the trade
    return {**res, "shares": fmt_units(res["shares"]), "amount": fmt_units(res["amount"]), "fee": fmt_units(res["fee"])}
