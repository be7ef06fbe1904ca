"""Consent the pipeline obeys: grants on chain, `nexus.consent.filter` (pandas and polars) keeps only
covered rows and fields, the consent fingerprint lands in the training run's lineage, a revocation
excludes the subject from the next run, and the audit names the runs that used it before."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nexus
from nexus.chain.embedded import EmbeddedChain
from nexus.exceptions import ConsentDenied, IdentityError, IdentityInputError
from nexus.identity.consent import audit, require
from nexus.identity.consent_book import deploy_consent
from nexus.ledger.ledger import open_ledger

MODEL = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root: Path = tmp_path_factory.mktemp("consent")
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    yield deploy_consent(chain, cache_dir=root / "build"), root
    chain.close()


def _table(acc: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "subject": [acc[1], acc[2], acc[3], acc[1]],
            "age": [30, 40, 50, 31],
            "income": [1.0, 2.0, 3.0, 4.0],
            "zip": ["a", "b", "c", "d"],
        }
    )


def test_filter_obeys_grants_then_revocation_and_audit(env) -> None:  # type: ignore[no-untyped-def]
    book, root = env
    acc, now = book.backend.accounts, book.backend.timestamp()
    g1 = book.grant(MODEL, ["age", "income"], purpose="training", expires=now + 3600, sender=acc[1])
    book.grant(MODEL, ["age"], purpose="training", expires=now + 3600, sender=acc[2])
    book.grant(MODEL, ["zip"], purpose="marketing", expires=now + 3600, sender=acc[3])  # other purpose
    book.grant("did:key:zOther", ["zip"], purpose="training", expires=now + 3600, sender=acc[3])
    df = _table(acc)
    with open_ledger(path=root / "ledger.db") as ledger:
        with nexus.training_run("before", ledger=ledger, packages=False) as run:
            out = nexus.consent.filter(df, purpose="training", grantee=MODEL, book=book)
        assert list(out.columns) == ["subject", "age", "income"]  # zip: nobody granted it
        assert out["subject"].tolist() == [acc[1], acc[2], acc[1]]  # acc[3] granted nothing here
        assert out["income"].isna().tolist() == [False, True, False]  # acc[2] did not grant income
        fp_before = run.config["consent"]["fingerprint"]
        assert json.loads(ledger.record(run.id).content)["config"]["consent"]["fingerprint"] == fp_before
        book.revoke(g1, sender=acc[1])
        with nexus.training_run("after", ledger=ledger, packages=False) as run2:
            out2 = nexus.consent.filter(pl.from_pandas(df), purpose="training", grantee=MODEL, book=book)
        assert out2["subject"].to_list() == [acc[2]] and out2.columns == ["subject", "age"]
        assert run2.config["consent"]["fingerprint"] != fp_before
        report = audit(ledger, f"did:ethr:0x539:{acc[1]}")
        assert [r["name"] for r in report["runs"]] == ["before"]
        assert [r["name"] for r in audit(ledger, acc[2])["runs"]] == ["before", "after"]
        used = report["uses"][0]["record"]
        ledger.erase(used)  # erasure: the audit stays consistent
        after_erase = audit(ledger, acc[1])
        assert after_erase["uses"] == [] and after_erase["erased_uses"] == 1
        assert ledger.record(used).leaf_hash  # the leaf (and proofs) stay


def test_grant_refusals_and_require(env) -> None:  # type: ignore[no-untyped-def]
    book, _ = env
    acc, now = book.backend.accounts, book.backend.timestamp()
    for bad in (
        dict(grantee="model", fields=["a"]),
        dict(grantee=MODEL, fields=[]),
        dict(grantee=MODEL, fields=["a b"]),
        dict(grantee=MODEL, fields=["a", "a"]),
    ):
        with pytest.raises(IdentityInputError):
            book.grant(bad["grantee"], bad["fields"], purpose="p", expires=now + 60, sender=acc[5])
    with pytest.raises(IdentityInputError):
        book.grant(MODEL, ["a"], purpose="p", expires=now - 1, sender=acc[5])
    gid = book.grant(MODEL, ["a"], purpose="p", expires=now + 60, sender=acc[5])
    require(book, acc[5], MODEL, "p", ["a"])
    with pytest.raises(ConsentDenied):
        require(book, acc[5], MODEL, "p", ["a", "b"])
    with pytest.raises(IdentityError):  # only the subject revokes
        book.revoke(gid, sender=acc[6])
    book.backend.time_travel(seconds=120)  # expiry ends it without a transaction
    with pytest.raises(ConsentDenied):
        require(book, acc[5], MODEL, "p", ["a"])
    with pytest.raises(IdentityInputError):
        nexus.consent.filter([1, 2], purpose="p", grantee=MODEL, book=book)


@settings(max_examples=8, deadline=None)
@given(st.lists(st.sampled_from([1, 2, 3, 4]), min_size=1, max_size=12))
def test_filter_matches_an_independent_recomputation(env, owners: list[int]) -> None:  # type: ignore[no-untyped-def]
    book, _ = env
    acc = book.backend.accounts
    live = book.live(MODEL, "training")
    df = pd.DataFrame(
        {
            "subject": [acc[i] for i in owners],
            "age": range(len(owners)),
            "income": [float(i) for i in range(len(owners))],
        }
    )
    out = nexus.consent.filter(df, purpose="training", grantee=MODEL, book=book)
    expect = [acc[i] for i in owners if acc[i] in live]
    assert out["subject"].tolist() == expect
    assert ("income" in out.columns) == any("income" in live[s] for s in expect)
    for _, row in out.iterrows():
        if "income" in out.columns:
            assert pd.isna(row["income"]) == ("income" not in live[row["subject"]])
