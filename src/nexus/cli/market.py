"""`nexus market`: create, list, show, quote, buy, sell, resolve, claim, dispute, finalize, redeem, faucet,
simulate, migrate (per-market contracts onto the singleton hub).

The commands live by responsibility in `_market_setup` (create, list, show, migrate, faucet), `_market_trade`
(quote, buy, sell), `_market_resolve` (resolve, claim, dispute, finalize, redeem) and `_market_simulate`;
this module mounts them on one typer app, in the order `nexus market --help` lists them.
"""

from __future__ import annotations

import typer

from ._market_resolve import claim, dispute, finalize, redeem, resolve
from ._market_setup import create, faucet, list_, migrate, show
from ._market_simulate import simulate
from ._market_trade import buy, quote, sell

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)

app.command()(create)
app.command("list")(list_)
for _command in (show, quote, buy, sell, resolve, claim, dispute, finalize, redeem, migrate, faucet, simulate):
    app.command()(_command)
