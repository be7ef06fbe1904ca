"""`nexus did|vc|consent|data` end to end on the embedded chain across invocations: every command,
and bad input (malformed DID, tampered or revoked credential, someone else's grant, unknown dataset,
a settled order) as one error line with its exit code and nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from nexus.cli import app

runner = CliRunner()
ACCOUNTS = next(
    (
        p / "shared/data/eth-fraud/accounts.csv"
        for p in Path(__file__).resolve().parents
        if (p / "shared/data/eth-fraud/accounts.csv").is_file()
    ),
    Path("/work/shared/data/eth-fraud/accounts.csv"),
)
MODEL = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"


def run(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result


def ok(*args: str):  # type: ignore[no-untyped-def]
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def one_line_error(result, code: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, (result.exit_code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], result.stderr


def test_dids_and_credentials(nexus_home: Path) -> None:
    me = ok("did", "create", "--name", "issuer")
    holder = ok("did", "create", "--name", "holder", "--curve", "secp256k1")
    assert me["did"].startswith("did:key:z6Mk") and holder["did"].startswith("did:key:zQ3s")
    assert (Path(me["key_file"]).stat().st_mode & 0o777) == 0o600
    before = Path(me["key_file"]).read_bytes()
    one_line_error(run("did", "create", "--name", "issuer"), 91, "never overwritten")
    one_line_error(run("did", "create", "--name", "../x"), 91, "letters")
    assert Path(me["key_file"]).read_bytes() == before
    assert ok("did", "resolve", MODEL)["didDocument"]["id"] == MODEL
    one_line_error(run("did", "resolve", "did:key:zzz"), 91, "")
    ethr = ok("did", "create", "--ethr", "1")["did"]
    assert (
        ok("did", "rotate", ethr, "--to", "2", "--from", "1")["owner"]
        == ok("did", "resolve", ethr)["didDocument"]["controller"]
    )
    one_line_error(run("did", "rotate", ethr, "--to", "3", "--from", "1"), 90, "not the owner")

    jwt = ok(
        "vc",
        "issue",
        "--issuer",
        "issuer",
        "--subject",
        holder["did"],
        "--claim",
        "age=30",
        "--status-index",
        "7",
        "--valid-for",
        "1d",
    )["credential"]
    assert ok("vc", "verify", jwt)["credential"]["credentialSubject"]["age"] == 30
    one_line_error(run("vc", "verify", jwt[:-2] + ("AA" if not jwt.endswith("AA") else "BB")), 92, "signature")
    ok("vc", "revoke", "7")
    one_line_error(run("vc", "verify", jwt), 93, "revoked")

    sd = ok(
        "vc",
        "issue",
        "--issuer",
        "issuer",
        "--subject",
        holder["did"],
        "--claim",
        "age=30",
        "--claim",
        "income=52000",
        "--sd",
    )["credential"]
    shown = ok("vc", "present", sd, "--fields", "age", "--holder", "holder", "--nonce", "n1")["presentation"]
    got = ok("vc", "verify", shown, "--nonce", "n1")["credential"]["credentialSubject"]
    assert got == {"id": holder["did"], "age": 30}
    one_line_error(run("vc", "verify", shown, "--nonce", "other"), 92, "nonce")

    aml = ok(
        "vc",
        "issue",
        "--aml",
        "--subject",
        "3",
        "--score",
        "0.05",
        "--below",
        "0.2",
        "--model",
        "sha256:" + "ab" * 32,
        "--status-index",
        "1",
    )["credential"]
    path = nexus_home / "aml.json"
    path.write_text(json.dumps(aml))
    assert ok("vc", "verify", str(path), "--max-score", "0.3")["format"] == "eip712"
    one_line_error(
        run(
            "vc",
            "issue",
            "--aml",
            "--subject",
            "3",
            "--score",
            "0.5",
            "--below",
            "0.2",
            "--model",
            "sha256:" + "ab" * 32,
        ),
        91,
        "not below",
    )
    if ACCOUNTS.is_file():  # the guard's fraud model scores the account; its fingerprint names the model
        one = nexus_home / "one.csv"
        one.write_text("".join(ACCOUNTS.read_text().splitlines(keepends=True)[:2]))
        scored = ok(
            "vc", "issue", "--aml", "--subject", "3", "--features", str(one), "--below", "0.99", "--status-index", "2"
        )["credential"]["credentialSubject"]
        assert scored["model"].startswith("sha256:") and scored["amlScoreBelow"] == 0.99


def test_consent_and_the_data_market(nexus_home: Path, tmp_path: Path) -> None:
    g = ok("consent", "grant", "--grantee", MODEL, "--fields", "age,income", "--purpose", "training", "--from", "1")
    assert g["live"] and g["fields"] == ["age", "income"]
    one_line_error(run("consent", "revoke", str(g["id"]), "--from", "2"), 90, "belongs to")
    assert ok("consent", "list")[0]["live"]
    ok("consent", "revoke", str(g["id"]), "--from", "1")
    assert not ok("consent", "list", "--grantee", MODEL)[0]["live"]
    one_line_error(run("consent", "grant", "--grantee", "nobody", "--fields", "a", "--purpose", "p"), 91, "DID")
    ok("consent", "grant", "--grantee", MODEL, "--fields", "age", "--purpose", "training", "--from", "3")
    import nexus

    with nexus.connect() as nx:
        acc = nx.chain.accounts
    frame = pd.DataFrame({"subject": [acc[1], acc[3]], "age": [30, 40], "income": [1.0, 2.0]})
    kept = nexus.consent.filter(frame, purpose="training", grantee=MODEL)  # the node's Consent contract
    assert kept["subject"].tolist() == [acc[3]] and list(kept.columns) == ["subject", "age"]

    data = tmp_path / "d.parquet"
    pd.DataFrame(
        {"contributor": ["0x" + "00" * 19 + "01"] * 3 + ["0x" + "00" * 19 + "02"], "income": [1.5, 2.5, 3.5, 4.5]}
    ).to_parquet(data)
    algo = tmp_path / "mean.py"
    algo.write_text("def run(data):\n    return float(data['income'].mean())\n")
    listed = ok("data", "list", str(data), "--price", "0.5", "--allow", str(algo))
    assert listed["id"] == 1 and len(listed["allowed"]) == 1
    order = ok("data", "buy", "1", "--from", "4")
    assert order["open"] and order["amount"] == str(5 * 10**17)
    one_line_error(run("data", "buy", "9", "--from", "4"), 99, "no dataset 9")
    res = ok("data", "compute", str(order["id"]), "--algorithm", str(algo), "--data", str(data))
    assert res["result"] == 3.0 and res["receipt"]["rows"] == 4
    one_line_error(
        run("data", "compute", str(order["id"]), "--algorithm", str(algo), "--data", str(data)), 96, "already settled"
    )
    assert ok("data", "jobs")[0]["order"] == order["id"]
    assert ok("data", "list")[0]["jobs"] == 1
