"""`nexus lend model status|register|handover|propose|execute`: governance chooses the pool's score model.

Voting and queueing are the ordinary `nexus gov vote|queue` (and `nexus gov advance` on dev chains);
`execute` here runs the queued proposal and records the switch in the ledger.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ._common import get_settings, open_nexus, print_json

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True, help="Governance chooses the pool's credit-score model.")
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Sending account: an address or a dev account index.")]


@contextmanager
def _world(ctx: typer.Context) -> Iterator[tuple[Any, Any, Any]]:
    from ..governance.client import Governance
    from ..models.credit_client import LendingClient

    nexus, _ = open_nexus(get_settings(ctx))
    with nexus:
        yield nexus, LendingClient(nexus), Governance(nexus.chain, nexus.deployer)


def _show(data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(data)
        return
    for k, v in data.items():
        typer.echo(f"{k}: {v}")


@app.command("status")
def status_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """The pool's score model, its owner, and governance's promoted credit-score version."""
    from ..models import credit

    with _world(ctx) as (_nexus, desk, gov):
        _show(credit.status(gov, desk.pool), as_json)


@app.command()
def register(
    ctx: typer.Context,
    data: Annotated[
        Path | None, typer.Option(help="german.data: register the scorer with the off-chain model.")
    ] = None,
    fairness_gap: Annotated[float, typer.Option(help="The scorer's reported fairness gap (0-1).")] = 0.0,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Register this node's scorer (on-chain history, plus the off-chain model with --data) as a version."""
    from ..lending import service
    from ..models import credit

    model = service.offchain_model(data) if data is not None else None
    with _world(ctx) as (_nexus, desk, gov):
        fp = service.scorer_fingerprint(model)
        version = credit.register_scorer(gov, fp, fairness_gap=fairness_gap, sender=desk.account(sender))
        _show({"model": credit.CREDIT_MODEL, "version": version, "fingerprint": "sha256:" + fp.hex()}, as_json)


@app.command()
def handover(ctx: typer.Context, sender: FromOpt = None, as_json: JsonOpt = False) -> None:
    """Give the pool to governance's timelock: from then on only a passed proposal changes its model."""
    from ..models import credit

    with _world(ctx) as (_nexus, desk, gov):
        _show(
            {"pool": desk.pool.address, "owner": credit.hand_over(desk.pool, gov, sender=desk.account(sender))}, as_json
        )


@app.command()
def propose(
    ctx: typer.Context,
    version: Annotated[str, typer.Argument(help="credit-score version number or fingerprint.")],
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Propose: activate the version in the registry and set it as the pool's model, together."""
    from ..models import credit

    with _world(ctx) as (_nexus, desk, gov):
        p = credit.propose_promotion(gov, desk.pool, version, sender=desk.account(sender))
        _show({"proposal": str(p.id), "deadline": p.deadline, "description": p.description}, as_json)


@app.command()
def execute(
    ctx: typer.Context,
    proposal: Annotated[str, typer.Argument(help="The queued promotion's id (or #index).")],
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Execute a queued promotion; the pool's model switches and the ledger records it."""
    from ..ledger import open_ledger
    from ..models import credit

    with _world(ctx) as (nexus, desk, gov), open_ledger(nexus.settings) as ledger:
        out = credit.execute_promotion(gov, desk.pool, gov.get(proposal), ledger=ledger, sender=desk.account(sender))
        _show(out, as_json)
