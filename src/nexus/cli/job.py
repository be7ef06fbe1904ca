"""`nexus job submit|work|status|arbitrate`: verified compute jobs (k-of-n workers, sandboxed runs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ..exceptions import AIServiceInputError, AIServiceNotFound
from ._aiaas_common import FromOpt, JsonOpt, account, seconds, wei
from ._common import console, get_settings, open_nexus, print_json, say

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)


def _board(nexus: Any, deploy: bool = False) -> Any:
    from ..aiaas.service import job_board

    board = job_board(nexus, deploy=deploy)
    if board is None:
        raise AIServiceNotFound("no ComputeJobs contract on this chain yet (submit a job first)")
    return board


@app.command()
def submit(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="Python file defining the function.")],
    entry: Annotated[str, typer.Option(help="Function to call.")] = "main",
    args: Annotated[str, typer.Option(help="Arguments as a JSON list.")] = "[]",
    price: Annotated[str, typer.Option(help="Escrowed price in ether.")] = "0.01",
    k: Annotated[int, typer.Option(help="Matching results needed.")] = 2,
    n: Annotated[int, typer.Option(help="Most workers accepted.")] = 3,
    deadline: Annotated[str, typer.Option(help="Time for workers (90, 30m, 1h).")] = "1h",
    bond: Annotated[str, typer.Option(help="Worker bond in ether.")] = "0.001",
    window: Annotated[str, typer.Option(help="Spot-check window after agreement.")] = "10m",
    arbiter: Annotated[str, typer.Option(help="Re-executing arbiter (address or dev index).")] = "9",
    sender: FromOpt = "1",
    as_json: JsonOpt = False,
) -> None:
    """Escrow a job: the function by hash, its inputs by fingerprint (both kept in the data dir)."""
    from ..aiaas.jobs import JobSpec

    try:
        spec = JobSpec(source.read_text(), entry, list(json.loads(args)))
    except (OSError, ValueError, TypeError):
        raise AIServiceInputError(f"cannot read {source} or --args is not a JSON list") from None
    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings)
    with nexus:
        board = _board(nexus, deploy=True)
        spec.save(settings.home)
        jid = board.submit(
            spec,
            price=wei(price, "--price"),
            k=k,
            n=n,
            deadline=nexus.chain.timestamp() + seconds(deadline),
            bond=wei(bond, "--bond"),
            window=seconds(window),
            arbiter=account(nexus, arbiter),
            sender=account(nexus, sender),
        )
    say({"id": jid, "fn": spec.fn, "input": spec.input}, as_json, f"job {jid} submitted")


@app.command("work")
def work_(
    ctx: typer.Context,
    job: Annotated[int, typer.Argument(help="Job id.")],
    sender: FromOpt = "2",
    as_json: JsonOpt = False,
) -> None:
    """Run a job in the sandbox and post its result hash (with the bond)."""
    from ..aiaas.jobs import JobSpec, execute

    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings)
    with nexus:
        board = _board(nexus)
        info = board.info(job)
        result, digest = execute(JobSpec.load(settings.home, info.fn, info.input))
        board.post(job, digest, sender=account(nexus, sender))
        state = board.info(job).state
    say(
        {"id": job, "result": result, "hash": digest, "state": state},
        as_json,
        f"job {job}: posted {digest[:18]}… (job is {state})",
    )


@app.command()
def arbitrate(
    ctx: typer.Context,
    job: Annotated[int, typer.Argument(help="Job id.")],
    spot_rate: Annotated[float, typer.Option(help="Spot-check probability for an agreed job.")] = 0.0,
    sender: FromOpt = "9",
    as_json: JsonOpt = False,
) -> None:
    """The arbiter: decide a challenged job by re-execution, or spot-check an agreed one."""
    from ..aiaas.jobs import JobSpec

    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings)
    with nexus:
        board = _board(nexus)
        info = board.info(job)
        state = board.arbitrate(
            job, JobSpec.load(settings.home, info.fn, info.input), account(nexus, sender), spot_rate=spot_rate
        )
    say({"id": job, "state": state}, as_json, f"job {job} is {state}")


@app.command()
def status(
    ctx: typer.Context,
    job: Annotated[int | None, typer.Argument(help="Job id (all if none).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Jobs: state, workers, agreed result."""
    from ..aiaas.service import job_list

    nexus, _ = open_nexus(get_settings(ctx), allow_readonly=True)
    with nexus:
        data = job_list(nexus) if job is None else [_board(nexus).info(job).to_json()]
    if as_json:
        print_json(data if job is None else data[0])
        return
    for j in data:
        console().print(
            f"job {j['id']}  {j['state']:<10} {len(j['workers'])}/{j['n']} workers (k={j['k']})  price {j['price']} wei"
        )
