"""`nexus market resolve | claim | dispute | finalize | redeem`: reporting a market's outcome (by its
resolver account or its oracle), contesting it, making it final and paying out winning shares."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..exceptions import MarketError
from ..markets.units import fmt_units, parse_amount
from ._market_common import FromOpt, JsonOpt, MarketArg, OutcomeOpt, done, markets_of, sender_of

__all__ = ["claim", "dispute", "finalize", "redeem", "resolve"]


def resolve(
    ctx: typer.Context,
    market: MarketArg,
    outcome: Annotated[
        str | None, typer.Option(help="Winning outcome name/index, or 'invalid' (markets with an account resolver).")
    ] = None,
    evidence: Annotated[
        int | None,
        typer.Option(help="Oracle markets: the assertion id or feed round to use (default: found on chain)."),
    ] = None,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Report the outcome: as the resolver account (--outcome), or, for an oracle market, from its
    oracle once the market has closed (anyone may send it). Trading stops; final after the dispute window."""
    with markets_of(ctx) as (markets, nexus):
        m = markets.get(market)
        link = m.oracle
        if link is None:
            if outcome is None:
                raise MarketError("market: give --outcome (this market's resolver is an account, not an oracle)")
            if evidence is not None:
                raise MarketError("market: --evidence applies to oracle markets only")
            status = m.resolve(outcome, sender=sender_of(nexus, sender))
            out: dict[str, Any] = {"status": status, "outcome": outcome}
        else:
            if outcome is not None:
                raise MarketError("market: this market is resolved by its oracle; drop --outcome")
            out = link.resolve(evidence, sender=sender_of(nexus, sender))
            status = out["status"]
    note = "" if status == "final" else " (run `nexus market finalize` once the dispute window has passed)"
    via = f" from the {out['kind']} oracle (evidence #{out['evidence']})" if link is not None else ""
    done(f"proposed {out['outcome']!r}{via}: market is {status}{note}", out, as_json)


def claim(
    ctx: typer.Context,
    market: MarketArg,
    outcome: OutcomeOpt,
    bond: Annotated[str, typer.Option(help="Ether bonded on the optimistic oracle (at least its minimum).")],
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Assert a closed market's outcome on its optimistic oracle, bonding ether; unless disputed within
    the oracle's liveness it settles true, and `nexus market resolve` then uses it."""
    with markets_of(ctx) as (markets, nexus):
        m = markets.get(market)
        link = m.oracle
        if link is None:
            raise MarketError("market: this market is not resolved by an oracle")
        aid = link.assert_outcome(outcome, parse_amount(bond, "bond"), sender=sender_of(nexus, sender))
        name = (
            m.info.outcomes[m.outcome_index(outcome)] if m.outcome_index(outcome) < len(m.info.outcomes) else "invalid"
        )
    done(
        f"asserted {name!r} as assertion #{aid}; it settles after the oracle's liveness unless disputed",
        {"assertion": aid, "outcome": name},
        as_json,
    )


def dispute(ctx: typer.Context, market: MarketArg, sender: FromOpt = None, as_json: JsonOpt = False) -> None:
    """Dispute the proposed outcome (posting the bond); the arbiter decides."""
    with markets_of(ctx) as (markets, nexus):
        m = markets.get(market)
        m.dispute(sender=sender_of(nexus, sender))
    done("disputed: the arbiter will settle it", {"status": "disputed"}, as_json)


def finalize(ctx: typer.Context, market: MarketArg, sender: FromOpt = None, as_json: JsonOpt = False) -> None:
    """Make an undisputed proposal final after its window (or a silent resolver's market invalid)."""
    with markets_of(ctx) as (markets, nexus):
        status = markets.get(market).finalize(sender=sender_of(nexus, sender))
    done(f"market is {status}", {"status": status}, as_json)


def redeem(ctx: typer.Context, market: MarketArg, sender: FromOpt = None, as_json: JsonOpt = False) -> None:
    """Turn winning shares (or, if invalid, all shares at 1/n) into collateral."""
    with markets_of(ctx) as (markets, nexus):
        paid = markets.get(market).redeem(sender=sender_of(nexus, sender))
    done(f"redeemed: received {fmt_units(paid)}", {"payout": fmt_units(paid)}, as_json)
