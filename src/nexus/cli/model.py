"""`nexus model`: register a version (fingerprint, ledger record), list models, the active version, pause."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ._common import console, print_json
from .governance import FromOpt, JsonOpt, open_chain, sender_of

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)


@app.command()
def register(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Model name (1-32 bytes).")],
    path: Annotated[Path, typer.Argument(help="The model file or directory to fingerprint.")],
    fairness_gap: Annotated[
        str | None, typer.Option(help="Reported fairness gap (e.g. 0.05) when no audit report is given.")
    ] = None,
    fairness_report: Annotated[
        Path | None,
        typer.Option(help="Audit report (`nexus fairness audit --out`): its fingerprint and gate metric are attached."),
    ] = None,
    ledger: Annotated[bool, typer.Option(help="Record the model in the provenance ledger too.")] = True,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Fingerprint a model and register it as a new version (governance activates it later)."""
    from ..governance import service
    from ..models.loader import check_report
    from ..models.loader import register as register_version

    if fairness_report is not None:
        check_report(fairness_report, path)  # a bad report is refused before anything is deployed
    with open_chain(ctx) as nexus:
        service.open_governance(nexus).setup(sender=sender_of(nexus, sender))
        out = register_version(
            nexus,
            name,
            path,
            fairness_report=fairness_report,
            fairness_gap=fairness_gap,
            ledger=ledger,
            sender=sender_of(nexus, sender),
        )
    if as_json:
        print_json(out)
        return
    rec = f", ledger record #{out['ledger_record']}" if out["ledger_record"] is not None else ""
    console().print(
        f"{name} v{out['version']} registered: {out['fingerprint']}{rec}"
        f" (activate it with `nexus gov propose --activate {name}@{out['version']}`)"
    )


@app.command("list")
def list_models(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every registered model with its active version."""
    from ..governance import service

    with open_chain(ctx, readonly=True) as nexus:
        rows = service.list_models(nexus)
    if as_json:
        print_json(rows)
        return
    table = Table("model", "versions", "active", "serving")
    for r in rows:
        table.add_row(
            r["name"],
            str(r["versions"]),
            str(r["active_version"] or "-"),
            "paused" if r["paused"] else (r["serving"] or "-"),
        )
    console().print(table if rows else "no models registered yet (`nexus model register NAME PATH`)")


@app.command()
def active(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="Model name.")], as_json: JsonOpt = False
) -> None:
    """The version model NAME serves now (and whether it is paused)."""
    from ..governance import service

    with open_chain(ctx, readonly=True) as nexus:
        st = service.model_state(nexus, name)
    if as_json:
        print_json(st)
        return
    a = st["active"]
    console().print(
        f"{name}: "
        + (f"v{a['version']} {a['fingerprint']} (fairness gap {a['fairness_gap']})" if a else "no active version")
        + (" [bold]paused[/]" if st["paused"] else "")
    )


@app.command()
def pause(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Model name.")], sender: FromOpt = None) -> None:
    """Stop serving model NAME (the registry's guardian; governance resumes it)."""
    from ..governance import service
    from ..governance.registry import name_bytes

    with open_chain(ctx) as nexus:
        reg = service.open_governance(nexus).registry
        reg.model(name)
        reg.contract.pause(name_bytes(name), sender=sender_of(nexus, sender) or reg.contract.guardian())
    console().print(f"{name} paused")
