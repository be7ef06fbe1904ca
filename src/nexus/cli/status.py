"""`nexus status`: backend, chain id, head block and deployed contracts."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ._common import READONLY_NOTE, console, get_settings, open_nexus, print_json

__all__ = ["app"]

app = typer.Typer()


@app.command()
def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show the chain and the project's contracts on it (read-only while a node runs)."""
    settings = get_settings(ctx)
    nexus, readonly = open_nexus(settings, allow_readonly=True)
    with nexus:
        st = nexus.status()
    st["readonly"] = readonly
    if as_json:
        if readonly:
            typer.echo(f"note: {READONLY_NOTE}", err=True)
        print_json(st)
        return
    out = console()
    table = Table(show_header=False, box=None)
    table.add_row("backend", f"{st['backend']} ({st['endpoint']})")
    table.add_row("chain id", str(st["chain_id"]))
    table.add_row("block", str(st["block_number"]))
    for name, addr in st["contracts"].items():
        table.add_row(name, addr)
    if not st["contracts"]:
        table.add_row("contracts", "none deployed (run `nexus contracts deploy`)")
    out.print(table)
    if readonly:
        out.print(f"[yellow]note:[/] {READONLY_NOTE}")
