"""`nexus fees advise --within BLOCKS --probability P`: EIP-1559 fee advice from eth_feeHistory."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import console, get_settings, open_nexus, print_json

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)


@app.command()
def advise(
    ctx: typer.Context,
    within: Annotated[int, typer.Option("--within", help="Deadline in blocks.")] = 3,
    probability: Annotated[float, typer.Option("--probability", help="Target inclusion probability.")] = 0.9,
    blocks: Annotated[int, typer.Option(help="Blocks of fee history to read.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """maxFeePerGas and maxPriorityFeePerGas for inclusion within BLOCKS with probability P."""
    from ..fees.service import advise_fees

    nexus, _ = open_nexus(get_settings(ctx), allow_readonly=True)
    with nexus:
        out = advise_fees(nexus.chain, within=within, probability=probability, blocks=blocks)
    if as_json:
        print_json(out)
        return
    c = console()
    c.print(f"maxFeePerGas: {out['max_fee_per_gas']} wei  maxPriorityFeePerGas: {out['max_priority_fee_per_gas']} wei")
    c.print(
        f"next base fee {out['next_base_fee']}, predicted {out['predicted_base_fee']} within {within} blocks;"
        f" tip from {out['tip_source']} ({out['busy_blocks']} busy blocks); predicted load"
        f" {out['predicted_load']:.0%}"
    )
