"""`nexus up`: run the node (chain, contracts, services, HTTP API) until SIGINT/SIGTERM."""

from __future__ import annotations

from typing import Annotated

import typer

from . import api
from ._common import get_settings

__all__ = ["app"]

app = typer.Typer()
app.add_typer(api.app, name="api")  # `nexus api token`, next to `nexus up` which serves the API


@app.command()
def up(
    ctx: typer.Context,
    rpc: Annotated[str | None, typer.Option(help="JSON-RPC URL; default: the embedded chain.")] = None,
    host: Annotated[str | None, typer.Option(help="API host.")] = None,
    port: Annotated[int | None, typer.Option(help="API port; 0 picks a free one.")] = None,
    chain: Annotated[
        list[str] | None,
        typer.Option(
            "--chain",
            help="Another chain (JSON-RPC URL, or 'embedded chain_id=N'; repeatable): the ledger anchors"
            " on it too and cross-chain messages are relayed. Adds to the `chains` setting.",
        ),
    ] = None,
) -> None:
    """Start the node and serve its API; Ctrl-C (or SIGTERM) stops it cleanly."""
    import os

    from ..api import serve
    from ..services import build_node

    os.umask(0o077)  # a server process: whatever it creates is owner-only (see nexus._fs)
    settings = get_settings(ctx, rpc_url=rpc, host=host, port=port)
    if chain:
        settings = get_settings(ctx, rpc_url=rpc, host=host, port=port, chains=[*settings.chains, *chain])
    node = build_node(settings)

    def ready(url: str) -> None:
        assert node.nexus is not None
        st = node.nexus.status()
        contracts = ", ".join(f"{n}={a}" for n, a in st["contracts"].items()) or "none"
        typer.echo(f"chain: {st['endpoint']} (chain id {st['chain_id']}, block {st['block_number']})")
        if settings.chains:
            from ..xchain.service import XChainService

            xs = node.find(XChainService)
            for m in (xs.require().describe() if xs else [])[1:]:
                typer.echo(f"also on: {m['endpoint']} (chain id {m['chain_id']}, {m['role']})")
        typer.echo(f"contracts: {contracts}")
        from ..api.app import reads_need_token

        what = "reads and writes" if reads_need_token(settings.api_public_reads, url) else "writes"
        typer.echo(f"dashboard: {url}/  ({what} need the token: `nexus api token --url {url}`)")
        typer.echo(f"nexus node listening on {url}  (Ctrl-C to stop)")

    serve(node, on_ready=ready)
    typer.echo("nexus node stopped")
