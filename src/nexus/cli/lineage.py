"""`nexus lineage MODEL` (upstream graph, in-toto export) and `nexus verify model PATH`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..exceptions import LineageError
from ._common import console, get_settings, print_json
from ._ledger_verify import VERIFY_SUBJECTS, _deployed_anchor, _reach_chain

__all__ = ["app"]

app = typer.Typer()


@app.command("lineage")
def lineage_cmd(
    ctx: typer.Context,
    model: Annotated[str, typer.Argument(help="A model file or directory, a record id, or a fingerprint (sha256:…).")],
    in_toto: Annotated[
        Path | None,
        typer.Option("--in-toto", help="Write an in-toto Statement v1 (SLSA provenance predicate) for the model here."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """The upstream graph of a model (or dataset or decision): run, data, transforms, anchors."""
    from ..ledger import open_ledger
    from ..ledger.lineage import (
        ARTIFACT,
        MODEL,
        Lineage,
        in_toto_statement,
        lineage_graph,
        render_tree,
    )

    settings = get_settings(ctx)
    with open_ledger(settings) as ledger:
        lin = Lineage(ledger)
        rec = lin.find(model)
        graph = lineage_graph(lin, rec)
        if in_toto is not None:
            target = lin.model_of(rec.id) if rec.kind in (MODEL, ARTIFACT) else None
            if target is None:
                raise LineageError(f"record {rec.id} is a {rec.kind}; --in-toto needs a model")
            statement = in_toto_statement(lin, target, lineage_graph(lin, target))
            in_toto.write_text(json.dumps(statement, indent=2, sort_keys=True) + "\n")
    if as_json:
        print_json({**graph.to_json(), "in_toto": str(in_toto) if in_toto else None})
        return
    out = console()
    out.print(render_tree(graph))
    if in_toto is not None:
        out.print(f"in-toto statement written to {in_toto}")


def verify_model_cmd(ctx: typer.Context, path: str, as_json: bool) -> None:
    """`nexus verify model PATH`: registered, and every upstream record's receipt checks out."""
    from ..ledger import open_ledger
    from ..ledger.lineage import Lineage, render_tree, verify_model

    settings = get_settings(ctx, rpc_url=ctx.params.get("rpc"))
    nexus, note = (
        (None, "on-chain check skipped (--offline)") if ctx.params.get("offline") else (_reach_chain(settings))
    )
    try:
        with open_ledger(settings) as ledger:
            anchor = (
                None if nexus is None else (nexus.contracts.get("Anchor") if _deployed_anchor(nexus) else nexus.chain)
            )
            result = verify_model(Lineage(ledger), path, anchor)
    finally:
        if nexus is not None:
            nexus.close()
    if as_json:
        print_json({**result.to_json(), "note": note})
    else:
        out = console()
        out.print(
            f"[bold]{path}[/] is registered: record #{result.record.id}"
            f" ({result.record.kind}), fingerprint {result.fingerprint}"
        )
        out.print(render_tree(result.graph))
        if note:
            out.print(f"note: {note}")
    result.raise_for_failure()
    if not as_json:
        where = "anchored on chain and checked there" if result.onchain else "anchored (offline check)"
        console().print(f"[green]model verified[/]: {len(result.graph.nodes)} record(s), all {where}")


VERIFY_SUBJECTS["model"] = verify_model_cmd
