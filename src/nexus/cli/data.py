"""`nexus data list|buy|compute|jobs`: the data marketplace with compute-to-data."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer

from ..exceptions import DataMarketInputError
from ._idcommon import FromOpt, JsonOpt, account, chain, out

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)


def _wei(text: str) -> int:
    try:
        value = Decimal(text.replace("_", "")) * 10**18
    except InvalidOperation:
        raise DataMarketInputError(f"price {text!r} is not a number of ether") from None
    if value < 0 or value != value.to_integral_value():
        raise DataMarketInputError("the price is a non-negative amount of ether (at most 18 decimals)")
    return int(value)


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    data: Annotated[Path | None, typer.Argument(help="A .parquet file to list; none: show datasets.")] = None,
    price: Annotated[str, typer.Option(help="Price per job, in ether.")] = "0.01",
    lineage: Annotated[str | None, typer.Option(help="The dataset's lineage root (sha256:…).")] = None,
    allow: Annotated[list[Path] | None, typer.Option(help="An algorithm file to allow; repeat.")] = None,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List a dataset for sale (an ERC-721 with its fingerprint), or show the listed datasets."""
    from ..datamarket.service import list_datasets, publish

    with chain(ctx) as (nexus, _):
        if data is None:
            rows = list_datasets(nexus)
            out(
                rows,
                as_json,
                "\n".join(
                    f"{d['id']:>4}  {d['owner']}  {int(d['price']) / 1e18:g} ETH  "
                    f"{d['fingerprint'][:18]}…  jobs {d['jobs']}"
                    for d in rows
                )
                or "no datasets",
            )
            return
        res = publish(nexus, data, price=_wei(price), sender=account(nexus, sender), lineage=lineage, allow=allow)
    out(res, as_json, f"dataset {res['id']} listed ({res['fingerprint'][:18]}…), {len(res['allowed'])} algorithm(s)")


@app.command()
def buy(
    ctx: typer.Context,
    dataset: Annotated[int, typer.Argument(help="Dataset id.")],
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Buy one compute job on a dataset (the price is escrowed until the job's receipt)."""
    from ..datamarket.service import buy as buy_op

    with chain(ctx) as (nexus, _):
        res = buy_op(nexus, dataset, sender=account(nexus, sender))
    out(res, as_json, f"order {res['id']} on dataset {dataset}: {int(res['amount']) / 1e18:g} ETH escrowed")


@app.command()
def compute(
    ctx: typer.Context,
    order: Annotated[int, typer.Argument(help="The paid order.")],
    algorithm: Annotated[Path, typer.Option(help="The buyer's algorithm (a Python file with run(data)).")],
    data: Annotated[Path, typer.Option(help="The dataset's .parquet file (the provider's copy).")],
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """As the provider: run the order's allowed algorithm sandboxed; print the result and signed receipt."""
    from ..datamarket.service import compute as compute_op
    from ..ledger.ledger import open_ledger
    from ._common import get_settings

    with chain(ctx) as (nexus, _), open_ledger(get_settings(ctx)) as ledger:
        res = compute_op(nexus, order, algorithm, data, sender=account(nexus, sender), ledger=ledger)
    out(res, as_json, f"result {res['result']}\nreceipt {res['receipt']['result']} (ledger #{res['ledger_record']})")


@app.command()
def jobs(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Completed compute jobs (receipts on chain)."""
    from ..datamarket.service import list_jobs

    with chain(ctx) as (nexus, _):
        rows = list_jobs(nexus)
    out(
        rows,
        as_json,
        "\n".join(
            f"order {j['order']:>4}  dataset {j['dataset']}  rows {j['rows']}  result {j['result'][:18]}…" for j in rows
        )
        or "no jobs",
    )
