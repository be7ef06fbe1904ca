"""`nexus accounts list | new`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ..exceptions import KeystoreError
from ._common import READONLY_NOTE, console, get_settings, open_nexus, print_json

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Accounts the backend can send from, with balances and nonces."""
    settings = get_settings(ctx)
    nexus, readonly = open_nexus(settings, allow_readonly=True)
    with nexus:
        chain = nexus.chain
        rows: list[dict[str, Any]] = [
            {"address": a, "balance_wei": str(chain.balance(a)), "nonce": chain.nonce(a)} for a in chain.accounts
        ]
    if as_json:
        print_json(rows)
        return
    table = Table("address", "balance (ETH)", "nonce")
    for r in rows:
        table.add_row(r["address"], f"{int(r['balance_wei']) / 10**18:,.4f}", str(r["nonce"]))
    out = console()
    out.print(table)
    if readonly:
        out.print(f"[yellow]note:[/] {READONLY_NOTE}")


@app.command()
def new(
    ctx: typer.Context,
    keystore: Annotated[Path, typer.Option(help="Where to write the encrypted keyfile.")],
) -> None:
    """Create a new account in an encrypted keystore file (password: NEXUS_KEYSTORE_PASSWORD,
    or a hidden prompt in a terminal)."""
    settings = get_settings(ctx)
    if settings.keystore_password is not None:
        password = settings.keystore_password.get_secret_value()
    elif sys.stdin.isatty():
        password = typer.prompt("Keystore password", hide_input=True, confirmation_prompt=True)
    else:
        raise KeystoreError("no keystore password: set NEXUS_KEYSTORE_PASSWORD, or run in a terminal to be prompted")
    from ..chain.accounts import create_keystore

    address = create_keystore(keystore, password)
    typer.echo(f"created {keystore} for account {address}")
