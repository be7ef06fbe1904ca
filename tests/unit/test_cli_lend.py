"""`nexus lend`: the pool deploys on first use; oracle nodes sign scores; no loan without a score; bad
input is one line with the lending exit codes and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nexus.cli._app import app

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_lend_flow_and_errors(nexus_home: Path) -> None:
    assert run("lend", "deposit", "1000", "--faucet", "--from", "1").exit_code == 0
    r = run("lend", "borrow", "100", "--collateral", "1", "--from", "2")
    assert r.exit_code == 112 and "no posted score" in r.output  # no loan opens without a score
    r = run("lend", "score", "2", "--explain", "--json")
    assert r.exit_code == 0, r.output
    sc = json.loads(r.output)
    assert sc["posted"] and sc["signers"] == 3 and 0 < sc["score"] <= 10_000
    r = run("lend", "borrow", "100", "--collateral", "1", "--from", "2", "--json")
    assert r.exit_code == 0, r.output
    loan = json.loads(r.output)
    assert loan["principal"] == "100" and loan["score"] == sc["score"]
    assert run("lend", "borrow", "1", "--collateral", "1", "--from", "2").exit_code == 110
    assert run("lend", "liquidate", "2", "--from", "1").exit_code == 110  # healthy
    r = run("lend", "repay", "--from", "2", "--faucet", "--json")
    assert r.exit_code == 0 and json.loads(r.output)["repaid_loans"] == 1
    # the repayment is on chain history: the next score is higher and says why
    again = json.loads(run("lend", "score", "2", "--explain", "--json").output)
    assert again["score"] > sc["score"] and again["reasons"][0]["feature"] == "repaid_loans"
    bad = run("lend", "borrow", "abc", "--collateral", "1", "--from", "3")
    assert bad.exit_code == 111 and bad.output.count("\n") == 1
    assert run("lend", "score", "0xnotanaddress").exit_code == 111
    st = json.loads(run("lend", "status", "--json").output)
    assert st["borrowed"] == "0" and st["quorum"] == 3


def test_offchain_features_need_consent(nexus_home: Path, tmp_path: Path) -> None:
    german = Path("/work/shared/data/credit-fairness/german.data")
    row = {
        "checking_status": "A14",
        "duration_months": 12,
        "credit_history": "A34",
        "purpose": "A43",
        "credit_amount": 2000,
        "savings": "A65",
        "employment_since": "A75",
        "installment_rate": 2,
        "other_debtors": "A101",
        "residence_since": 4,
        "property": "A121",
        "age": 45,
        "other_installment_plans": "A143",
        "housing": "A152",
        "existing_credits": 1,
        "job": "A173",
        "dependents": 1,
        "telephone": "A192",
        "foreign_worker": "A201",
    }
    f = tmp_path / "me.json"
    f.write_text(json.dumps(row))
    refused = run("lend", "score", "2", "--offchain", str(f), "--data", str(german))
    assert refused.exit_code == 181 and "consent" in refused.output and refused.output.count("\n") == 1
    if not german.exists():
        return
    base = json.loads(run("lend", "score", "2", "--no-post", "--json").output)
    did = json.loads(run("lend", "status", "--json").output)["did"]
    # a grant of some fields only is not enough: every feature used must be granted
    part = run(
        "consent", "grant", "--grantee", did, "--fields", "age,job", "--purpose", "credit-scoring", "--from", "2"
    )
    assert part.exit_code == 0, part.output
    again = run("lend", "score", "2", "--offchain", str(f), "--data", str(german), "--no-post")
    assert again.exit_code == 181 and "checking_status" in again.output
    fields = ",".join(sorted(row))
    assert (
        run(
            "consent", "grant", "--grantee", did, "--fields", fields, "--purpose", "credit-scoring", "--from", "2"
        ).exit_code
        == 0
    )
    used = run("lend", "score", "2", "--offchain", str(f), "--data", str(german), "--no-post", "--explain", "--json")
    assert used.exit_code == 0, used.output
    out = json.loads(used.output)
    assert out["model"] != base["model"] and out["score"] != base["score"] and not out["posted"]
    assert out["consent"] == {"grantee": did, "purpose": "credit-scoring"}
    # another borrower's grant does not cover account 3
    assert run("lend", "score", "3", "--offchain", str(f), "--data", str(german), "--no-post").exit_code == 181
    # the consented model is not the one the pool approved: posting it is refused
    assert run("lend", "score", "2", "--offchain", str(f), "--data", str(german)).exit_code == 112
