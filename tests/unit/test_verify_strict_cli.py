"""`nexus verify` says yes only after checking the anchor on chain; `nexus ledger audit` pins the log."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nexus.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


def one_line(err: str, fragment: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err
    assert fragment.lower() in lines[0].lower(), lines[0]


@pytest.fixture
def receipt(nexus_home: Path, tmp_path: Path) -> Path:
    for i in range(5):
        assert run("ledger", "append", "--kind", "t", "--json", json.dumps({"i": i}))[0] == 0
    assert run("ledger", "anchor")[0] == 0
    out = tmp_path / "r.json"
    assert run("ledger", "receipt", "2", "--out", str(out))[0] == 0
    return out


def _edit(path: Path, section: str, key: str, value: object) -> Path:
    data = json.loads(path.read_text())
    data[section][key] = value
    out = path.with_name(f"{section}-{key}.json")
    out.write_text(json.dumps(data))
    return out


def test_valid_receipt_says_anchor_checked(receipt: Path) -> None:
    code, out, err = run("verify", str(receipt), "--json")
    rep = json.loads(out)
    assert code == 0, err
    assert rep["valid"] and rep["anchor_checked"] and rep["proof_valid"] and not rep["not_checked"]
    code, out, _ = run("verify", str(receipt))
    assert code == 0 and out.strip().endswith("anchor checked on chain")


def test_no_chain_reachable_is_not_valid_and_offline_says_unverified(
    receipt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXUS_HOME", str(tmp_path / "empty-home"))  # a home with no chain at all
    code, _, err = run("verify", str(receipt))
    assert code == 26
    one_line(err, "anchor not checked: no chain")
    code, out, err = run("verify", str(receipt), "--offline")
    assert code == 0, err
    assert "UNVERIFIED anchor" in out and out.count("NOT CHECKED") == 4 and "receipt valid" not in out
    code, out, _ = run("verify", str(receipt), "--offline", "--json")
    rep = json.loads(out)
    assert code == 0 and rep["anchor_checked"] is False and rep["valid"] is False and rep["proof_valid"]
    assert rep["offline"] and rep["not_checked"]
    bad = _edit(receipt, "record", "payload", {"i": 99})  # --offline still fails a bad proof
    code, _, err = run("verify", str(bad), "--offline")
    assert code == 24
    one_line(err, "content")


def test_unreachable_rpc_is_not_valid(receipt: Path) -> None:
    code, _, err = run("verify", str(receipt), "--rpc", "http://127.0.0.1:9")
    assert code == 26
    one_line(err, "not checked")


@pytest.mark.parametrize(
    ("key", "change", "fragment"),
    [
        ("block", lambda b: b + 1, "not block"),
        ("timestamp", lambda t: t + 1, "has timestamp"),
        ("tx_hash", lambda _: "0x" + "ab" * 32, "no transaction"),
        ("contract", lambda _: "0x" + "12" * 20, "not the trusted anchor contract"),
        ("block_hash", lambda _: "0x" + "cd" * 32, "has hash"),
    ],
)
def test_anchor_fields_are_checked_on_chain(receipt: Path, key: str, change, fragment: str) -> None:  # type: ignore[no-untyped-def]
    anchor = json.loads(receipt.read_text())["anchor"]
    bad = _edit(receipt, "anchor", key, change(anchor.get(key)))
    code, out, err = run("verify", str(bad))
    assert code == 28, (code, out, err)
    one_line(err, fragment)


def test_anchor_contract_option_overrides_the_manifest(receipt: Path) -> None:
    code, _, err = run("verify", str(receipt), "--anchor-contract", "0x" + "34" * 20)
    assert code == 28
    one_line(err, "not the trusted anchor contract")


def _ledger_db(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "ledger" / "ledger.db")


def test_audit_pins_the_log_id(receipt: Path, nexus_home: Path) -> None:
    code, out, err = run("ledger", "audit")
    assert code == 0, err
    assert "1 anchor transactions" in out and "NOT pinned" in out
    pin = nexus_home / "ledger" / "log_id.pin"
    assert pin.read_text().strip() == json.loads(run("ledger", "status", "--json")[1])["log_id"]
    assert "(pinned)" in run("ledger", "audit")[1]
    con = _ledger_db(nexus_home)  # a new identity and no anchors: self-consistent, but not the log
    con.execute("UPDATE meta SET value=? WHERE key='log_id'", (os.urandom(32).hex(),))
    con.execute("DELETE FROM anchors")
    con.commit()
    con.close()
    code, out, err = run("ledger", "audit")
    assert code == 24 and "PROBLEM log id:" in out
    one_line(err, "log id")
    pin.unlink()  # without the pin file, a receipt the auditor holds pins the log just as well
    code, out, err = run("ledger", "audit", "--receipt", str(receipt))
    assert code == 24 and "PROBLEM log id:" in out
    code, _, err = run("ledger", "audit", "--log-id", "xyz")
    assert code == 21
    one_line(err, "64 lowercase hex")


def test_audit_reports_a_text_leaf_and_a_tampered_anchor(receipt: Path, nexus_home: Path) -> None:
    con = _ledger_db(nexus_home)
    con.execute("UPDATE records SET leaf=CAST(leaf AS TEXT) WHERE id=1")
    con.execute("UPDATE anchors SET tx_hash=?", ("0x" + "ef" * 32,))
    con.commit()
    con.close()
    code, out, err = run("ledger", "audit")
    assert code == 24
    problems = [ln for ln in out.splitlines() if ln.startswith("PROBLEM ")]
    assert any("record 1: unreadable" in p for p in problems), out
    assert any("no transaction 0x" + "ef" * 32 in p for p in problems), out
    one_line(err, f"{len(problems)} problem(s)")


def test_audit_fails_when_stored_anchors_cannot_be_checked(receipt: Path, nexus_home: Path) -> None:
    for manifest in (nexus_home / "deployments").glob("*.json"):
        manifest.unlink()  # the chain is there, but no Anchor contract is known on it
    code, out, err = run("ledger", "audit")
    assert code == 24 and "PROBLEM 1 stored anchor(s) not checked" in out, (out, err)
