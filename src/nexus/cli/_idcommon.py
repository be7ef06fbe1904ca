"""Shared pieces of the identity, consent and data CLIs: the open chain, accounts, durations, output."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ..exceptions import IdentityInputError
from ._common import duration, get_settings, open_nexus, print_json, resolve_account

__all__ = ["FromOpt", "JsonOpt", "account", "chain", "out", "seconds"]

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Sending account: an address or a dev account index.")]


@contextmanager
def chain(ctx: typer.Context) -> Iterator[tuple[Any, Path]]:
    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings)
    with nexus:
        yield nexus, settings.home


def account(nexus: Any, who: str | None) -> str:
    return resolve_account(nexus, who, IdentityInputError)


def seconds(text: str) -> int:
    return duration(text, IdentityInputError)


def out(data: Any, as_json: bool, line: str) -> None:
    if as_json:
        print_json(data)
    else:
        typer.echo(line)  # plain text: DIDs contain ':key:', which rich would turn into an emoji
