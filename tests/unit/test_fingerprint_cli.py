"""`nexus fingerprint` and `nexus diff`: round trips, and bad input as one line plus exit code."""

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


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def assert_one_line_error(result, code: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0].lower()
    assert "Traceback" not in result.output and result.stdout == ""


def _csv(path: Path, change: int | None = None) -> Path:
    rows = ["k,v"] + [f"{i},{'X' if i == change else i}" for i in range(70_000)]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_fingerprint_json_then_diff_against_the_saved_manifest(nexus_home: Path, tmp_path: Path) -> None:
    a = _csv(tmp_path / "a.csv")
    result = run("fingerprint", str(a), "--json")
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)
    assert manifest["format"] == "nexus-fingerprint/1" and manifest["meta"]["rows"] == 70_000
    saved = tmp_path / "a.manifest.json"
    saved.write_text(result.stdout)
    _csv(a, change=66_000)  # edit in place: row 66,000 lies in chunk 1 (rows 65,536-69,999)
    d = run("diff", str(saved), str(a), "--json")
    assert d.exit_code == 0, d.output
    out = json.loads(d.stdout)
    assert [c["name"] for c in out["changed"]] == ["rows/000001"] and not out["same"]
    assert out["changed"][0]["a"]["meta"]["rows"] == [65_536, 70_000]
    assert run("diff", str(saved), str(a), "--exit-code").exit_code == 1
    assert run("diff", str(saved), str(saved), "--exit-code").exit_code == 0


def test_fingerprint_text_out_and_directory(nexus_home: Path, tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    for i in range(25):
        (d / f"f{i:02d}.txt").write_text(str(i))
    result = run("fingerprint", str(d), "--out", str(tmp_path / "m.json"))
    assert result.exit_code == 0, result.output
    assert "directory" in result.stdout and "root  sha256:" in result.stdout
    assert "5 more" in result.stdout
    saved = json.loads((tmp_path / "m.json").read_text())
    assert len(saved["entries"]) == 25
    (d / "f07.txt").write_text("seven")
    text = run("diff", str(tmp_path / "m.json"), str(d))
    assert "f07.txt" in text.stdout and "1 changed" in text.stdout


def test_chunk_rows_setting_comes_from_the_environment(
    nexus_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXUS_FINGERPRINT_CHUNK_ROWS", "1000")
    result = run("fingerprint", str(_csv(tmp_path / "a.csv")), "--json")
    assert len(json.loads(result.stdout)["entries"]) == 70


def test_missing_path(nexus_home: Path, tmp_path: Path) -> None:
    assert_one_line_error(run("fingerprint", str(tmp_path / "nope"), "--json"), 31, "no such file")
    assert_one_line_error(run("diff", str(tmp_path / "nope"), str(tmp_path)), 31, "no such file")


def test_garbage_csv_with_json(nexus_home: Path, tmp_path: Path) -> None:
    (tmp_path / "g.csv").write_bytes(os.urandom(4096).replace(b"\n", b"\x80") + b"\xff")
    assert_one_line_error(run("fingerprint", str(tmp_path / "g.csv"), "--json"), 31, "not utf-8")


def test_tampered_manifest_and_bad_reading(nexus_home: Path, tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x")
    good = json.loads(run("fingerprint", str(tmp_path / "x.txt"), "--json").stdout)
    good["entries"][0]["size"] = 2
    (tmp_path / "m.json").write_text(json.dumps(good))
    assert_one_line_error(run("diff", str(tmp_path / "m.json"), str(tmp_path / "x.txt")), 31, "does not match")
    assert_one_line_error(run("fingerprint", str(tmp_path), "--as", "csv"), 31, "is a directory")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(nexus_home: Path, tmp_path: Path) -> None:
    f = tmp_path / "secret.bin"
    f.write_text("s")
    f.chmod(0)
    assert_one_line_error(run("fingerprint", str(f), "--json"), 31, "permission denied")


def test_unreadable_entry_in_a_directory(nexus_home: Path, tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    (d / "fifo").unlink(missing_ok=True)
    os.mkfifo(d / "fifo")  # not a regular file: reading it would block, so it is refused
    assert_one_line_error(run("fingerprint", str(d)), 31, "not a regular file")


def test_round_trip_in_a_separate_process(nexus_home: Path, tmp_path: Path) -> None:
    (tmp_path / "x.bin").write_bytes(b"\x00" * 100)
    proc = subprocess.run(
        [sys.executable, "-m", "nexus", "fingerprint", str(tmp_path / "x.bin"), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    import hashlib

    assert json.loads(proc.stdout)["entries"][0]["digest"] == hashlib.sha256(b"\x00" * 100).hexdigest()
