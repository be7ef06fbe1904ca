"""The `nexus` command line: a typer app, one module per command group."""

from ._app import app, main

__all__ = ["app", "main"]
