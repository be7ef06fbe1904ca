"""`nexus ledger append | anchor | receipt | erase | show | status | audit` and `nexus verify`.

The `nexus verify` command lives in `_ledger_verify`; `register` mounts both.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .._jsonsafe import MAX_FILE_BYTES, loads_json, read_bytes
from ..exceptions import LedgerInputError, StateLocked, VerificationFailed
from ..settings import Settings
from ._common import get_settings, open_nexus, print_json
from ._ledger_verify import VERIFY_SUBJECTS, verify_app

__all__ = ["VERIFY_SUBJECTS", "app", "register", "verify_app"]

app = typer.Typer(no_args_is_help=True)

PAYLOAD_DEPTH = 63  # what the API takes inside its 64-deep body limit (NEXUS_API_MAX_DEPTH)
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def _ledger(settings: Settings):  # type: ignore[no-untyped-def]
    from ..ledger import open_ledger

    return open_ledger(settings)


@app.command()
def append(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option(help="Record kind, e.g. dataset, model, decision.")],
    payload: Annotated[str | None, typer.Option("--json", help="The payload as JSON text.")] = None,
    file: Annotated[Path | None, typer.Option(help="Read the JSON payload from a file ('-': stdin).")] = None,
    key: Annotated[str | None, typer.Option(help="Idempotency key: a retry returns the same id.")] = None,
) -> None:
    """Append one record and print its id (a JSON number) once it is durable."""
    if (payload is None) == (file is None):
        raise LedgerInputError("give the payload with exactly one of --json or --file")
    text = (
        payload
        if payload is not None
        else (
            getattr(sys.stdin, "buffer", sys.stdin).read(MAX_FILE_BYTES + 1)
            if str(file) == "-"
            else read_bytes(file, what="payload file", error=LedgerInputError)  # type: ignore[arg-type]
        )
    )
    data = loads_json(text, what="payload", error=LedgerInputError, max_depth=PAYLOAD_DEPTH)
    settings = get_settings(ctx)
    with _ledger(settings) as ledger:
        typer.echo(ledger.append(kind, data, key=key))


@app.command()
def anchor(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Anchor the whole log on chain now (through the running node's API if it holds the chain)."""
    from ..ledger.anchor import Anchorer, anchor_contract

    settings = get_settings(ctx)
    try:
        nexus, _ = open_nexus(settings)
    except StateLocked as exc:
        from ._nodeclient import NodeClient

        out = NodeClient(settings).call(
            "POST",
            "/ledger/anchor",
            unreachable=(
                f"{exc}; its batcher anchors new records on its own; `nexus ledger receipt ID` works meanwhile"
            ),
        )
    else:
        with nexus, _ledger(settings) as ledger:
            a = Anchorer(ledger, anchor_contract(nexus, deploy=True)).anchor()
            out = {"size": ledger.size(), "anchor": a.to_json() if a else None}
    if as_json:
        print_json(out)
    elif out["anchor"] is None:
        typer.echo("nothing to anchor: the log is empty")
    else:
        a = out["anchor"]
        typer.echo(
            f"anchored {a['size']} records: root {a['root']} in tx {a['tx_hash']}"
            f" (block {a['block']}, chain {a['chain_id']})"
        )


@app.command()
def receipt(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(metavar="ID", help="Record id.")],
    out: Annotated[Path | None, typer.Option(help="Write the receipt here (default: stdout).")] = None,
    redact: Annotated[bool, typer.Option(help="Leave payload and salt out of the receipt.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """The record's receipt: leaf, inclusion proof, checkpoint and anchor transaction."""
    settings = get_settings(ctx)
    with _ledger(settings) as ledger:
        r = ledger.receipt(record_id, redact=redact)
    if out is None:
        typer.echo(r.dumps(), nl=False)
        return
    try:
        out.write_text(r.dumps())
    except OSError as exc:
        raise LedgerInputError(f"cannot write {out}: {exc.strerror or exc}") from None
    if as_json:
        print_json({"id": record_id, "file": str(out), "tree_size": r.tree_size})
    else:
        typer.echo(f"receipt of record {record_id} (checkpoint size {r.tree_size}) written to {out}")


@app.command()
def erase(
    ctx: typer.Context, record_id: Annotated[int, typer.Argument(metavar="ID")], as_json: JsonOpt = False
) -> None:
    """Delete a record's content and salt for good; its leaf and every proof stay valid."""
    settings = get_settings(ctx)
    with _ledger(settings) as ledger:
        rec = ledger.erase(record_id)
    if as_json:
        print_json({"id": rec.id, "erased": True, "erased_ms": rec.erased_ms})
    else:
        typer.echo(f"record {rec.id}: content and salt erased (its leaf stays in the log)")


@app.command()
def show(ctx: typer.Context, record_id: Annotated[int, typer.Argument(metavar="ID")], as_json: JsonOpt = False) -> None:
    """One record: kind, time, leaf, payload (unless erased)."""
    settings = get_settings(ctx)
    with _ledger(settings) as ledger:
        data = ledger.record(record_id).to_json()
    if as_json:
        print_json(data)
        return
    for k, v in data.items():
        typer.echo(f"{k:>16}: {v}")


@app.command()
def status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Size, root and last anchored checkpoint of the home's ledger."""
    settings = get_settings(ctx)
    with _ledger(settings) as ledger:
        anchors = ledger.anchors()
        from ..ledger._pg import redact

        where = redact(settings.ledger_url) if settings.ledger_url else str(settings.ledger_path)
        data = {
            "log_id": ledger.log_id,
            "path": where,
            "size": ledger.size(),
            "root": ledger.root().hex(),
            "anchored": anchors[-1].to_json() if anchors else None,
        }
    if as_json:
        print_json(data)
        return
    for k, v in data.items():
        typer.echo(f"{k:>8}: {v}")


@app.command()
def audit(
    ctx: typer.Context,
    log_id: Annotated[str | None, typer.Option(help="Pin the log id (64 hex) the store must have.")] = None,
    receipt_file: Annotated[
        Path | None, typer.Option("--receipt", help="Pin the log id to this receipt's checkpoint origin.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Recompute every leaf, subtree and root, check every anchor on chain; exit 24 on a problem.

    The log id is pinned by --log-id or --receipt, else by the pin file the first clean on-chain
    audit writes next to the store (`log_id.pin`)."""
    from ..ledger.anchor import anchor_contract
    from ..ledger.audit import audit as run_audit

    settings = get_settings(ctx)
    pin_file = settings.ledger_path.parent / "log_id.pin"
    pin = _audit_pin(log_id, receipt_file, pin_file)
    nexus, _ = open_nexus(settings, allow_readonly=True)
    with nexus, _ledger(settings) as ledger:
        contract = anchor_contract(nexus) if "Anchor" in nexus.contracts else None
        dep = nexus.deployer.manifest()
        start = dep.contracts["Anchor"].block if dep and "Anchor" in dep.contracts else 0
        rep = run_audit(ledger, contract, start, log_id=pin)
        if contract is None and rep.anchors_stored:
            rep.problems.append(
                f"{rep.anchors_stored} stored anchor(s) not checked: no Anchor"
                f" contract deployed on chain {nexus.chain.chain_id} to check them on"
            )
    if rep.ok and rep.onchain and pin is None and rep.anchors_checked:
        pin_file.write_text(rep.log_id + "\n")  # trust on first use: later audits hold the store to it
    if as_json:
        print_json(rep.to_json())
    else:
        where = "the chain" if rep.onchain else "local anchors only (no Anchor contract deployed)"
        typer.echo(
            f"checked {rep.records_checked} records ({rep.erased} erased),"
            f" {rep.checkpoints_checked} checkpoints and {rep.anchors_checked} anchor"
            f" transactions against {where}; log id {rep.log_id[:16]}…"
            + (" (pinned)" if rep.pinned else " (NOT pinned)")
        )
        for p in rep.problems:
            typer.echo(f"PROBLEM {p}")
    if not rep.ok:
        raise VerificationFailed(f"audit failed: {len(rep.problems)} problem(s); first: {rep.problems[0]}")
    if not as_json:
        typer.echo("audit ok")


def _audit_pin(log_id: str | None, receipt_file: Path | None, pin_file: Path) -> str | None:
    """The log id the store must have: --log-id, else --receipt's origin, else the pin file."""
    from ..ledger.receipt import Receipt

    if log_id is None and receipt_file is not None:
        log_id = Receipt.load(receipt_file).checkpoint.log_id
    elif log_id is None and pin_file.exists():
        log_id = read_bytes(pin_file, what="log id pin", error=LedgerInputError).decode("ascii", "replace").strip()
    if log_id is not None and (len(log_id) != 64 or any(c not in "0123456789abcdef" for c in log_id)):
        raise LedgerInputError(f"the pinned log id {log_id[:70]!r} is not 64 lowercase hex digits")
    return log_id


def register(root: typer.Typer) -> None:
    """Wire `nexus ledger ...` and `nexus verify` into the root app."""
    root.add_typer(app, name="ledger", help="Provenance ledger: append, anchor, receipts, erase, audit.")
    root.add_typer(verify_app)
