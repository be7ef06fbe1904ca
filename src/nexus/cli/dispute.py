"""`nexus dispute`: the shared dispute group (AI-service receipts: open, status; oracle disputes add theirs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ._common import console, get_settings, open_nexus, print_json

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)


@app.command("open")
def open_(
    ctx: typer.Context,
    receipt: Annotated[Path, typer.Argument(help="A receipt file saved by `nexus call` (receipt + input).")],
    sender: Annotated[str | None, typer.Option("--from", help="Client account (address or dev index).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Dispute an AI-service answer on chain (posting the bond); verifiers re-run the model on its input."""
    from ..aiaas import ResultReceipt
    from ..aiaas.service import service_registry
    from ..exceptions import AIServiceInputError
    from ._aiaas_common import account

    try:
        saved = json.loads(receipt.read_text())
        r = ResultReceipt.from_json(saved["receipt"])
    except (OSError, ValueError, KeyError):
        raise AIServiceInputError(f"{receipt}: not a receipt file saved by `nexus call`") from None
    nexus, _ = open_nexus(get_settings(ctx))
    with nexus:
        reg = service_registry(nexus, deploy=False)
        if reg is None:
            raise AIServiceInputError("no AIServices contract on this chain")
        did = reg.open_dispute(r, sender=account(nexus, sender))
    if as_json:
        print_json({"id": did, "request": r.request})
    else:
        console().print(f"dispute {did} opened on service {r.service}; verifiers re-run the model on its input")


@app.command()
def status(
    ctx: typer.Context,
    dispute: Annotated[int | None, typer.Argument(help="Dispute id (all if none).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show AI-service disputes: votes, whether resolved, and whether the provider was slashed."""
    from ..aiaas.service import dispute_list, service_registry

    nexus, _ = open_nexus(get_settings(ctx), allow_readonly=True)
    with nexus:
        if dispute is None:
            data = dispute_list(nexus)
        else:
            reg = service_registry(nexus, deploy=False)
            from ..exceptions import AIServiceNotFound

            if reg is None:
                raise AIServiceNotFound(f"no dispute {dispute}")
            data = [reg.dispute(dispute).to_json()]
    if as_json:
        print_json(data if dispute is None else data[0])
        return
    for d in data:
        state = (
            ("upheld: provider slashed" if d["upheld"] else "rejected")
            if d["resolved"]
            else f"open ({len(d['voters'])} votes)"
        )
        console().print(f"dispute {d['id']}  service {d['service']}  {state}")
