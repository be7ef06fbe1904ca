"""What every `nexus market` command shares: the option types, opening the markets client, reading
`--from`, a market's one-line summary and the plain "done" message."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..exceptions import MarketError
from ._common import console, get_settings, open_nexus, print_json, sender_option

if TYPE_CHECKING:  # the market client (vyper, mpmath) loads when a command needs it
    from ..markets import Market, Markets
    from ..markets.hub import HubMarket

__all__ = ["FromOpt", "JsonOpt", "MarketArg", "OutcomeOpt", "done", "markets_of", "sender_of", "summary"]

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Sending account: an address or a dev account index.")]
MarketArg = Annotated[
    str, typer.Argument(help="Market address, index or hub:<id> (a hub market; see `nexus market list`).")
]
OutcomeOpt = Annotated[str, typer.Option(help="Outcome name or index.")]


@contextmanager
def markets_of(ctx: typer.Context, readonly: bool = False) -> Iterator[tuple[Markets, Any]]:
    from ..markets import Markets

    nexus, _ = open_nexus(get_settings(ctx), allow_readonly=readonly)
    with nexus:
        yield Markets(nexus.chain, nexus.deployer), nexus


def sender_of(nexus: Any, who: str | None) -> str | None:
    return sender_option(nexus, who, MarketError)


def summary(m: Market | HubMarket) -> dict[str, Any]:
    st = m.state()
    return {
        k: st[k]
        for k in (
            "kind",
            "ref",
            "index",
            "address",
            "question",
            "outcomes",
            "prices",
            "status",
            "outcome",
            "funding",
            "fee_bps",
            "alpha",
            "close_time",
            "oracle",
        )
    }


def done(message: str, data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(data)
    else:
        console().print(message)
