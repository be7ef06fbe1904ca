"""`nexus ledger ...` and `nexus verify`, each command in its own process, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nexus.cli import app

runner = CliRunner()


def inproc(*args: str):  # type: ignore[no-untyped-def]
    """The same command in this process (fast; the cross-process flow is tested above)."""
    r = runner.invoke(app, list(args))
    return subprocess.CompletedProcess(list(args), r.exit_code, r.stdout, r.stderr)


def nexus(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nexus", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=dict(os.environ),
        timeout=180,
        check=False,
    )


def user_error(r: subprocess.CompletedProcess[str], code: int, fragment: str) -> None:
    assert r.returncode == code, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in r.stderr, r.stderr
    assert fragment.lower() in lines[0].lower(), lines[0]


def test_append_anchor_receipt_verify_tamper_erase_audit(nexus_home: Path, tmp_path: Path) -> None:
    assert nexus("ledger", "append", "--kind", "dataset", "--json", '{"name": "iris"}').stdout == "0\n"
    r = nexus("ledger", "append", "--kind", "model", "--json", '{"name": "m"}', "--key", "m-1")
    assert r.stdout == "1\n"
    assert nexus("ledger", "append", "--kind", "model", "--json", '{"name": "m"}', "--key", "m-1").stdout == "1\n"
    assert nexus("ledger", "append", "--kind", "decision", "--file", "-", stdin='{"y": 1}').stdout == "2\n"
    user_error(nexus("ledger", "receipt", "0"), 23, "not anchored")

    out = json.loads(nexus("ledger", "anchor", "--json").stdout)
    assert out["size"] == 3 and out["anchor"]["size"] == 3
    again = json.loads(nexus("ledger", "anchor", "--json").stdout)
    assert again["anchor"]["tx_hash"] == out["anchor"]["tx_hash"]  # nothing anchored twice

    rfile = tmp_path / "r1.json"
    assert nexus("ledger", "receipt", "1", "--out", str(rfile)).returncode == 0
    ok = nexus("verify", str(rfile), "--json")
    assert ok.returncode == 0, ok.stderr
    rep = json.loads(ok.stdout)
    assert rep["valid"] and rep["onchain"]
    assert nexus("verify", str(rfile), "--offline").returncode == 0

    data = json.loads(rfile.read_text())
    data["record"]["payload"]["name"] = "evil"
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data))
    bad = nexus("verify", str(forged))
    assert bad.returncode == 24 and "FAIL content" in bad.stdout
    assert "content" in bad.stderr and bad.stderr.startswith("error: ")

    erased = json.loads(nexus("ledger", "erase", "0", "--json").stdout)
    assert erased["erased"]
    shown = json.loads(nexus("ledger", "show", "0", "--json").stdout)
    assert shown["payload"] is None and shown["salt"] is None
    r0 = tmp_path / "r0.json"
    nexus("ledger", "receipt", "0", "--out", str(r0))
    assert nexus("verify", str(r0)).returncode == 0

    audit = nexus("ledger", "audit", "--json")
    assert audit.returncode == 0 and json.loads(audit.stdout)["ok"]
    status = json.loads(nexus("ledger", "status", "--json").stdout)
    assert status["size"] == 3 and status["anchored"]["size"] == 3


def test_audit_fails_naming_the_record(nexus_home: Path) -> None:
    import sqlite3

    for i in range(4):
        nexus("ledger", "append", "--kind", "t", "--json", json.dumps({"i": i}))
    assert nexus("ledger", "anchor").returncode == 0
    con = sqlite3.connect(nexus_home / "ledger" / "ledger.db")
    con.execute("UPDATE records SET content=? WHERE id=2", (b'{"i":99}',))
    con.commit()
    con.close()
    user_error(nexus("ledger", "audit"), 24, "record 2")


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["ledger", "append", "--kind", "Bad", "--json", "{}"], 21, "bad record kind"),
        (["ledger", "append", "--kind", "t", "--json", "{nope"], 21, "not valid json"),
        (["ledger", "append", "--kind", "t"], 21, "exactly one of"),
        (["ledger", "append", "--kind", "t", "--file", "/no/such/file"], 21, "cannot read"),
        (["ledger", "show", "5"], 22, "no ledger record 5"),
        (["ledger", "erase", "5"], 22, "no ledger record 5"),
        (["ledger", "receipt", "--", "-1"], 21, "non-negative"),
        (["verify", "/no/such/receipt.json"], 21, "cannot read receipt"),
        (["verify", "model"], 21, "cannot read receipt"),
    ],
)
def test_bad_input_is_one_line_and_loses_nothing(nexus_home: Path, args: list[str], code: int, fragment: str) -> None:
    assert inproc("ledger", "append", "--kind", "t", "--json", "1").returncode == 0
    user_error(inproc(*args), code, fragment)
    assert json.loads(inproc("ledger", "status", "--json").stdout)["size"] == 1


def test_verify_rejects_malformed_and_foreign_receipts(nexus_home: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    user_error(inproc("verify", str(junk)), 21, "not json")
    junk.write_text(json.dumps({"format": "other"}))
    user_error(inproc("verify", str(junk)), 21, "receipt")


def test_verify_against_another_local_chain_fails(nexus_home: Path, tmp_path: Path) -> None:
    assert inproc("ledger", "append", "--kind", "t", "--json", "1").returncode == 0
    assert inproc("ledger", "anchor").returncode == 0
    rfile = tmp_path / "r.json"
    assert inproc("ledger", "receipt", "0", "--out", str(rfile)).returncode == 0
    data = json.loads(rfile.read_text())
    data["anchor"]["chain_id"] = 31337  # a receipt from another chain: the local one can't judge it
    rfile.write_text(json.dumps(data))
    r = inproc("verify", str(rfile), "--json")  # so it is not valid (it used to pass "offline")
    assert r.returncode == 27 and not json.loads(r.stdout)["anchor_checked"]
    assert "receipt names chain 31337" in r.stderr
