"""Demo chapter 9, "Identity, consent and a data market": a person grants a model two fields of their
data, earns from a compute-to-data job, revokes, and the next training run leaves them out."""

from __future__ import annotations

import tempfile
from pathlib import Path

from eth_utils import keccak

from ..datamarket import algorithm_hash, data_market, dataset_fingerprint, run_job
from ..identity import KeyPair, consent
from ..identity.consent import audit
from ..identity.service import consent_book
from ..ledger import open_ledger
from ..ledger.lineage import training_run
from ._tour import DemoContext, chapter

__all__ = ["identity_chapter"]

ALGO = "def run(data):\n    return {'mean_income': round(float(data['income'].mean()), 2), 'people': int(len(data))}\n"


@chapter(9, "Identity, consent and a data market")
def identity_chapter(ctx: DemoContext) -> None:
    import pandas as pd

    nx, chain = ctx.nexus, ctx.nexus.chain
    provider, alice, bob, carol, buyer = chain.accounts[0], *chain.accounts[1:4], chain.accounts[4]
    model = KeyPair.generate("Ed25519")
    ctx.step(f"The model has a DID of its own: a did:key, Ed25519 [bold]{model.did[8:32]}…[/]")
    book = consent_book(nx)
    assert book is not None
    now = chain.timestamp()
    grant = book.grant(model.did, ["age", "income"], purpose="training", expires=now + 30 * 86400, sender=alice)
    book.grant(model.did, ["age", "income"], purpose="training", expires=now + 30 * 86400, sender=bob)
    ctx.step(
        f"Alice ({alice[:10]}…) and Bob grant it [bold]age[/] and [bold]income[/] for training, on chain "
        f"(grant #{grant}); Carol grants nothing"
    )
    table = pd.DataFrame(
        {
            "subject": [alice, bob, carol, alice],
            "age": [34, 51, 29, 35],
            "income": [52_000.0, 61_000.0, 48_000.0, 54_000.0],
            "zip": ["10115", "80331", "20095", "10115"],
        }
    )
    with open_ledger(ctx.settings) as ledger, tempfile.TemporaryDirectory(prefix="nexus-demo-id-") as tmp:
        shared = consent.filter(table, purpose="training", grantee=model.did, book=book, ledger=ledger)
        ctx.step(
            f"consent.filter keeps {len(shared)} of {len(table)} rows and columns {list(shared.columns)} "
            "(zip was never granted; Carol's row is gone)"
        )
        data = Path(tmp) / "consented.parquet"
        shared.rename(columns={"subject": "contributor"}).to_parquet(data)
        algo = Path(tmp) / "mean_income.py"
        algo.write_text(ALGO)
        market = data_market(nx)
        assert market is not None
        ds = market.list_dataset(dataset_fingerprint(data), None, 10**17, sender=provider)
        market.allow(ds, algorithm_hash(algo), sender=provider)
        order = market.buy(ds, sender=buyer)
        before = market.credit(alice)
        out = run_job(market, order, algo, data, provider_key=keccak(b"symbiotic-nexus dev account 0"), ledger=ledger)
        ctx.step(
            f"A buyer pays 0.1 ETH for a compute-to-data job on dataset #{ds}: result {out.result} "
            f"(sandbox: {out.receipt['isolation']}), signed receipt in ledger record #{out.ledger_record}"
        )
        ctx.step(
            f"Alice gave 2 of 3 rows and earned {(market.credit(alice) - before) / 1e18:.3f} ETH "
            "(contributors share 90 % pro rata to rows)"
        )
        with training_run("credit-model-v1", ledger=ledger, packages=False) as run:
            rows = consent.filter(table, purpose="training", grantee=model.did, book=book)
            run.log_metrics(rows=len(rows))
        book.revoke(grant, sender=alice)
        ctx.step("Alice revokes her grant")
        with training_run("credit-model-v2", ledger=ledger, packages=False) as run2:
            rows2 = consent.filter(table, purpose="training", grantee=model.did, book=book)
            run2.log_metrics(rows=len(rows2))
        fp1, fp2 = run.config["consent"]["fingerprint"], run2.config["consent"]["fingerprint"]
        ctx.step(
            f"The next run trains on {len(rows2)} row(s) (was {len(rows)}); its lineage holds consent state "
            f"{fp2[:19]}… (before: {fp1[:19]}…)"
        )
        used = [r["name"] for r in audit(ledger, alice)["runs"]]
        ctx.step(f"The audit shows which runs used Alice's data before she revoked: {used}")
