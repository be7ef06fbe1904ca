"""`nexus service|channel|serve|call|dispute` end to end on the embedded chain: register, open a
channel, serve in a subprocess, pay calls, claim once (paid), dispute an answer; one-line errors."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("sklearn")

from nexus.cli import app  # noqa: E402

runner = CliRunner()
SRC = Path(__file__).resolve().parents[2] / "src"


def run(home: Path, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["--home", str(home), *args])
    assert "Traceback" not in result.stdout + result.stderr
    return result


def ok(home: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = run(home, *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def one_line_error(result, code: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, (result.exit_code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], result.stderr


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _receipt_batches(home: Path) -> list[int]:
    from nexus.ledger import open_ledger
    from nexus.settings import load_settings

    with open_ledger(load_settings(home=home)) as led:
        records = [led.record(i) for i in range(led.size())]
    return [r.payload["count"] for r in records if r.kind == "aiaas.receipts"]


def test_register_open_serve_call_claim_dispute(tmp_path: Path) -> None:
    from sklearn.datasets import load_digits

    home = tmp_path / "home"
    reg = ok(home, "service", "register", "digits", "--price", "0.001", "--from", "1")
    sid = reg["id"]
    assert isinstance(reg["lineage_record"], int)  # the model's lineage, in the ledger
    cid = ok(home, "channel", "open", str(sid), "--deposit", "0.01", "--from", "2")["id"]
    one_line_error(run(home, "service", "show", "7"), 102, "no service 7")
    port = _port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "nexus", "--home", str(home), "serve", str(sid), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/info", timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.1)
        x = load_digits().data
        answers = [
            ok(
                home,
                "call",
                str(sid),
                json.dumps({"x": [float(v) for v in x[i]]}),
                "--channel",
                str(cid),
                "--url",
                url,
                "--from",
                "2",
            )
            for i in range(3)
        ]
        assert [a["paid"] for a in answers] == [str(10**15), str(2 * 10**15), str(3 * 10**15)]
        one_line_error(
            run(home, "call", str(sid), '{"x": [1, 2]}', "--channel", str(cid), "--url", url), 101, "input must be"
        )
        one_line_error(
            run(
                home, "call", str(sid), json.dumps({"x": [0] * 64}), "--channel", str(cid), "--url", url, "--from", "5"
            ),
            103,
            "not signed",
        )
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=120)  # graceful stop anchors the served receipts; slow on a loaded 2-core box
    assert _receipt_batches(home) == [3]  # the served receipts, anchored in one ledger batch
    assert ok(home, "channel", "claim", str(cid)) == {"channel": cid, "claimed": str(3 * 10**15)}
    one_line_error(run(home, "channel", "claim", str(cid)), 101, "no unclaimed voucher")
    shown = ok(home, "service", "show", str(sid))
    assert shown["earned"] == str(3 * 10**15) and shown["channels"] == 1
    did = ok(home, "dispute", "open", answers[0]["receipt_file"], "--from", "2")["id"]
    status = ok(home, "dispute", "status", str(did))
    assert status["resolved"] is False and status["request"] == answers[0]["receipt"]["request"]
    one_line_error(run(home, "channel", "close", str(cid)), 5, "not expired")
    modes = {p.relative_to(home): p.stat().st_mode & 0o777 for p in [home / "aiaas", *(home / "aiaas").rglob("*")]}
    assert all(m == (0o700 if (home / p).is_dir() else 0o600) for p, m in modes.items()), modes  # private data dir


def test_job_submit_work_status(tmp_path: Path) -> None:
    home = tmp_path / "home"
    src = tmp_path / "job.py"
    src.write_text("def main(n):\n    return sum(range(n))\n")
    jid = ok(home, "job", "submit", str(src), "--args", "[100]", "--k", "2", "--n", "2")["id"]
    assert ok(home, "job", "work", str(jid), "--from", "2")["result"] == 4950
    assert ok(home, "job", "work", str(jid), "--from", "3")["state"] == "agreed"
    assert ok(home, "job", "arbitrate", str(jid), "--spot-rate", "1")["state"] == "settled"
    assert ok(home, "job", "status", str(jid))["state"] == "settled"
    one_line_error(run(home, "job", "work", str(jid), "--from", "4"), 5, "not open")
    one_line_error(run(home, "job", "submit", str(src), "--args", "{"), 101, "JSON list")
