"""`nexus api token`: print (or rotate) the API token that writes to the node's HTTP API need."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import get_settings

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True, help="The node's HTTP API.")


@app.command()
def token(
    ctx: typer.Context,
    rotate: Annotated[bool, typer.Option(help="Replace the token; old clients get 403.")] = False,
    url: Annotated[
        str | None,
        typer.Option(
            help="Print a dashboard link carrying the token in its #fragment (never sent to a "
            "server), e.g. --url http://127.0.0.1:8700"
        ),
    ] = None,
) -> None:
    """Print the API token (made on first use, stored owner-only in the data directory).

    Send it as `Authorization: Bearer <token>` on POST/PUT/PATCH/DELETE requests.
    """
    from ..api.security import AUTH_HEADER, TokenStore

    settings = get_settings(ctx)
    store = TokenStore(settings.api_token_path)
    secret = store.rotate() if rotate else store.get()
    if url:
        typer.echo(f"{url.rstrip('/')}/#token={secret}")
    else:
        typer.echo(secret)
    if rotate:
        typer.echo(f"rotated; send it as '{AUTH_HEADER}'", err=True)
