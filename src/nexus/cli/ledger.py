"""`nexus ledger append | anchor | receipt | erase | show | status | audit` and `nexus verify`."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from .._jsonsafe import MAX_FILE_BYTES, loads_json, read_bytes
from ..exceptions import LedgerInputError, StateLocked, VerificationFailed
from ..settings import Settings
from ._common import get_settings, open_nexus, print_json

__all__ = ["VERIFY_SUBJECTS", "app", "register", "verify_app"]

app = typer.Typer(no_args_is_help=True)
verify_app = typer.Typer()

# `nexus verify SUBJECT PATH` for subjects other than receipts (e.g. "model"), registered by
# other capabilities: name -> fn(ctx, path, as_json).
VERIFY_SUBJECTS: dict[str, Callable[[typer.Context, str, bool], None]] = {}

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
    text = payload if payload is not None else (
        getattr(sys.stdin, "buffer", sys.stdin).read(MAX_FILE_BYTES + 1) if str(file) == "-"
        else read_bytes(file, what="payload file", error=LedgerInputError))  # type: ignore[arg-type]
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
        out = _via_node(settings, "/ledger/anchor", exc)
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
        typer.echo(f"anchored {a['size']} records: root {a['root']} in tx {a['tx_hash']}"
                   f" (block {a['block']}, chain {a['chain_id']})")


def _via_node(settings: Settings, path: str, locked: StateLocked) -> dict[str, Any]:
    """POST to the running node's API (loopback); a clear error when it does not answer."""
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    url = f"http://{host}:{settings.port}{path}"
    headers = {"Content-Type": "application/json"}
    try:  # writes need the node's API token (kept in the home, mode 0600)
        headers["Authorization"] = "Bearer " + settings.api_token_path.read_text().strip()
    except OSError:
        pass
    req = urllib.request.Request(url, b"", headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=settings.rpc_timeout) as resp:
            return json.loads(resp.read())  # type: ignore[no-any-return]
    except urllib.error.HTTPError as exc:
        detail = json.loads(exc.read() or b"{}").get("error", exc.reason)
        raise StateLocked(f"the running node refused: {detail}") from None
    except (urllib.error.URLError, OSError):
        raise StateLocked(f"{locked}; its API did not answer at {url} (its batcher anchors new"
                          " records on its own; `nexus ledger receipt ID` works meanwhile)") from None


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
def erase(ctx: typer.Context, record_id: Annotated[int, typer.Argument(metavar="ID")],
          as_json: JsonOpt = False) -> None:
    """Delete a record's content and salt for good; its leaf and every proof stay valid."""
    settings = get_settings(ctx)
    with _ledger(settings) as ledger:
        rec = ledger.erase(record_id)
    if as_json:
        print_json({"id": rec.id, "erased": True, "erased_ms": rec.erased_ms})
    else:
        typer.echo(f"record {rec.id}: content and salt erased (its leaf stays in the log)")


@app.command()
def show(ctx: typer.Context, record_id: Annotated[int, typer.Argument(metavar="ID")],
         as_json: JsonOpt = False) -> None:
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
        data = {"log_id": ledger.log_id, "path": str(settings.ledger_path), "size": ledger.size(),
                "root": ledger.root().hex(), "anchored": anchors[-1].to_json() if anchors else None}
    if as_json:
        print_json(data)
        return
    for k, v in data.items():
        typer.echo(f"{k:>8}: {v}")


@app.command()
def audit(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Recompute every leaf, subtree and root and compare with the chain; exit 24 on a mismatch."""
    from ..ledger.anchor import anchor_contract
    from ..ledger.audit import audit as run_audit

    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings, allow_readonly=True)
    with nexus, _ledger(settings) as ledger:
        contract = anchor_contract(nexus) if "Anchor" in nexus.contracts else None
        dep = nexus.deployer.manifest()
        start = dep.contracts["Anchor"].block if dep and "Anchor" in dep.contracts else 0
        rep = run_audit(ledger, contract, start)
    if as_json:
        print_json(rep.to_json())
    else:
        where = "the chain" if rep.onchain else "local anchors only (no Anchor contract deployed)"
        typer.echo(f"checked {rep.records_checked} records ({rep.erased} erased) and"
                   f" {rep.checkpoints_checked} checkpoints against {where}")
    if not rep.ok:
        raise VerificationFailed("audit failed: " + "; ".join(rep.problems[:5])
                                 + (f"; and {len(rep.problems) - 5} more" if len(rep.problems) > 5 else ""))
    if not as_json:
        typer.echo("audit ok")


@verify_app.command()
def verify(
    ctx: typer.Context,
    subject: Annotated[str, typer.Argument(metavar="RECEIPT", help="A receipt file (or a subject like `model`).")],
    path: Annotated[str | None, typer.Argument(hidden=True)] = None,
    rpc: Annotated[str | None, typer.Option(help="Check the anchor on this JSON-RPC chain.")] = None,
    offline: Annotated[bool, typer.Option(help="Skip the on-chain check.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Verify a receipt offline, then on chain when one is reachable. Exit 0 only when valid."""
    if subject in VERIFY_SUBJECTS and path is not None:
        VERIFY_SUBJECTS[subject](ctx, path, as_json)
        return
    if path is not None:
        raise LedgerInputError(f"unknown verify subject {subject!r}; give a receipt file")
    from ..ledger.receipt import Receipt
    from ..ledger.verify import verify_receipt

    r = Receipt.load(subject)
    settings = get_settings(ctx, rpc_url=rpc)
    chain, note = None, "on-chain check skipped (--offline)"
    nexus = None
    if not offline:
        nexus, note = _reach_chain(settings)
        chain = nexus.chain if nexus is not None else None
        if nexus is not None and not settings.rpc_url and nexus.chain.chain_id != r.anchor.chain_id:
            note = (f"the local chain (id {nexus.chain.chain_id}) is not the receipt's chain (id"
                    f" {r.anchor.chain_id}); checked offline only — pass --rpc to check on chain")
            nexus.close()
            nexus = chain = None
    try:
        rep = verify_receipt(r, chain)
    finally:
        if nexus is not None:
            nexus.close()
    if as_json:
        print_json({**rep.to_json(), "note": note})
    else:
        for c in rep.checks:
            typer.echo(f"{'ok  ' if c.ok else 'FAIL'} {c.name:<10} {c.detail}")
        if note:
            typer.echo(f"note: {note}")
    rep.raise_for_failure()
    if not as_json:
        typer.echo("receipt valid" + (" and anchored on chain" if rep.onchain else " (offline)"))


def _reach_chain(settings: Settings):  # type: ignore[no-untyped-def]
    """The chain to check against: --rpc, else the home's embedded chain (read-only)."""
    from .._client import Nexus
    from ..exceptions import ChainError

    if not settings.rpc_url and not (settings.chain_dir / "state.db").exists():
        return None, "no chain reachable (no --rpc and no local node); checked offline only"
    try:
        return Nexus(settings, readonly=not settings.rpc_url), ""
    except ChainError as exc:
        return None, f"chain unreachable ({exc}); checked offline only"


def register(root: typer.Typer) -> None:
    """Wire `nexus ledger ...` and `nexus verify` into the root app."""
    root.add_typer(app, name="ledger", help="Provenance ledger: append, anchor, receipts, erase, audit.")
    root.add_typer(verify_app)
