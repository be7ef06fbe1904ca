"""`nexus demo`: the guided tour on the chain the settings name (default: embedded, in the home)."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from ._common import console, get_settings

__all__ = ["app"]

app = typer.Typer()


@app.command()
def demo(
    ctx: typer.Context,
    chapter: Annotated[list[int] | None, typer.Option("--chapter", "-c", help="Run only these chapters.")] = None,
) -> None:
    """A guided tour: each chapter shows one capability working on a real chain."""
    from ..demo import run_tour

    settings = get_settings(ctx)
    if logging.getLogger().getEffectiveLevel() >= logging.WARNING:
        # the tour narrates what the services log (a breaker pausing a pool is the story, not a
        # warning); a lower --log-level still shows everything
        logging.getLogger("nexus").setLevel(logging.ERROR)
    out = console()
    ran = run_tour(settings, out, chapter or ())
    out.print(f"\n[bold green]Tour done[/]: {len(ran)} chapter(s). State is kept in {settings.home}.")
