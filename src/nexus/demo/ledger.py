"""Demo chapter 2, "The provenance ledger": records, audited decisions, anchor, receipts, tamper."""

from __future__ import annotations

import json

from rich.table import Table

from ..ledger import open_ledger
from ..ledger.anchor import Anchorer, anchor_contract
from ..ledger.decisions import audited
from ..ledger.receipt import Receipt
from ..ledger.verify import verify_receipt
from ._render import short
from ._tour import DemoContext, chapter

__all__ = ["the_ledger"]


def _checks(title: str, report: object) -> Table:
    table = Table(title=title, title_justify="left", show_header=False)
    for c in report.checks:  # type: ignore[attr-defined]
        table.add_row("[green]ok[/]" if c.ok else "[red]FAIL[/]", c.name, c.detail)
    return table


@chapter(2, "The provenance ledger")
def the_ledger(ctx: DemoContext) -> None:
    con, nx = ctx.console, ctx.nexus
    contract = anchor_contract(nx, deploy=True)
    with open_ledger(ctx.settings) as ledger:
        start = ledger.size()
        ctx.step(
            f"The ledger at {ctx.settings.ledger_path} holds {start} records (log"
            f" {ledger.log_id[:12]}…). Append a dataset and a model record:"
        )
        ds = ledger.append("dataset", {"name": "iris", "rows": 150, "sha256": "9f86d0…"})
        model = ledger.append("model", {"name": "iris-tree", "trained_on": ds})
        con.print(
            f"record {ds} (dataset), record {model} (model); each leaf commits to a"
            f" [bold]salted[/] hash, e.g. {ledger.record(ds).leaf.decode()}"
        )

        @audited(model="iris-tree", ledger=ledger)
        def predict(petal_cm: float) -> str:
            return "setosa" if petal_cm < 2.5 else "versicolor"

        decisions = [predict.audit(x) for x in (1.4, 4.7, 1.3)]
        ctx.step("Serve three audited decisions (the input is stored only as a salted hash):")
        for d in decisions:
            con.print(f"  record {d.id}: output {d.output!r}, input {d.input_hash[:23]}…")

        anchor = Anchorer(ledger, contract).anchor()
        assert anchor is not None
        ctx.step(
            f"Anchor the checkpoint: {anchor.size} records, root {anchor.root.hex()[:16]}…,"
            f" tx {short(anchor.tx_hash)} in block {anchor.block} ({contract.name} at"
            f" {short(contract.address)})."
        )
        receipt = ledger.receipt(decisions[1].id)
        con.print(f"Receipt of record {receipt.index}: leaf, {len(receipt.inclusion)} proof hashes, checkpoint note:")
        con.print(receipt.checkpoint.note().rstrip(), style="dim")
        con.print(_checks("verify (offline, then on chain)", verify_receipt(receipt, nx.chain)))

        ctx.step("Tamper with the receipt: claim the model answered 'setosa':")
        forged = receipt.to_json()
        forged["record"]["payload"]["output"] = "setosa"
        bad = verify_receipt(Receipt.from_json(json.loads(json.dumps(forged))), nx.chain)
        con.print(_checks("verify the forged receipt", bad))
        con.print(f"[red]→ rejected:[/] {bad.failure()}")

        ctx.step(f"Erase record {ds}'s content (a data subject's request): its proof still holds.")
        ledger.erase(ds)
        after = verify_receipt(ledger.receipt(ds), nx.chain)
        con.print(
            f"record {ds}: payload {ledger.record(ds).payload}, receipt valid: {after.ok} ({after.checks[1].detail})"
        )
