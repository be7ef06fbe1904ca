"""The `nexus` command line: happy paths, and every user error as one line plus its exit code."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nexus.chain.embedded import EmbeddedChain
from nexus.cli import app
from nexus.contracts import CORE_CONTRACTS

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env)


def run_process(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`nexus` in a separate process (inherits NEXUS_HOME from the fixture)."""
    return subprocess.run(
        [sys.executable, "-m", "nexus", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
        timeout=120,
    )


def assert_user_error(result, code: int, fragment: str = "") -> None:  # type: ignore[no-untyped-def]
    """Exit `code`, exactly one line on stderr starting with `error:`, no traceback anywhere."""
    stderr = result.stderr
    got = result.exit_code if hasattr(result, "exit_code") else result.returncode
    assert got == code, (got, stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert fragment.lower() in lines[0].lower()
    assert "Traceback" not in result.stdout + stderr


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- happy paths -------------------------------------------------------------------------------
def test_demo_exits_zero_on_a_fresh_home(nexus_home: Path) -> None:
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert "Chapter 1" in result.stdout and "Tour done" in result.stdout
    again = run("demo")  # a second tour re-attaches instead of redeploying
    assert again.exit_code == 0, again.output
    assert "Re-attached" in again.stdout


def test_deploy_then_status_in_another_process(nexus_home: Path) -> None:
    deployed = run("contracts", "deploy", "--json")
    assert deployed.exit_code == 0, deployed.output
    mine = json.loads(deployed.stdout)
    assert set(mine["contracts"]) == set(CORE_CONTRACTS)
    proc = run_process("status", "--json")
    assert proc.returncode == 0, proc.stderr
    theirs = json.loads(proc.stdout)
    assert theirs["contracts"] == mine["contracts"]
    assert theirs["block_number"] == mine["block_number"]
    assert theirs["readonly"] is False


def test_deploy_twice_redeploys_nothing(nexus_home: Path) -> None:
    first = json.loads(run("contracts", "deploy", "--json").stdout)
    second = json.loads(run("contracts", "deploy", "--json").stdout)
    assert second["contracts"] == first["contracts"]
    assert second["block_number"] == first["block_number"]


def test_contracts_list_json(nexus_home: Path) -> None:
    before = json.loads(run("contracts", "list", "--json").stdout)
    assert {"name": "Registry", "address": None, "block": None, "deploy_tx": None} in before["contracts"]
    run("contracts", "deploy")
    after = json.loads(run("contracts", "list", "--json").stdout)
    reg = next(c for c in after["contracts"] if c["name"] == "Registry")
    assert reg["address"].startswith("0x") and reg["block"] == 1
    assert after["chain_id"] == 1337


def test_status_falls_back_to_read_only_while_locked(nexus_home: Path) -> None:
    run("contracts", "deploy")
    chain = EmbeddedChain(nexus_home / "chain")  # holds the write lock, like `nexus up`
    try:
        result = run("status", "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["readonly"] is True
        assert "read-only" in result.stderr
        human = run("status")
        assert "read-only" in human.stdout and "Registry" in human.stdout
        assert_user_error(run("contracts", "deploy"), 7, "in use")
    finally:
        chain.close()


def test_compile_and_accounts(nexus_home: Path, tmp_path: Path) -> None:
    compiled = run("contracts", "compile", "--json")
    assert compiled.exit_code == 0
    assert "Registry" in [c["name"] for c in json.loads(compiled.stdout)]
    listed = run("accounts", "list", "--json")
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 10
    ks = tmp_path / "keys" / "a.json"
    made = run("accounts", "new", "--keystore", str(ks), env={"NEXUS_KEYSTORE_PASSWORD": "s3cret"})
    assert made.exit_code == 0, made.output
    assert "0x" in made.stdout and "s3cret" not in made.output
    assert stat.S_IMODE(ks.stat().st_mode) == 0o600
    assert_user_error(
        run("accounts", "new", "--keystore", str(ks), env={"NEXUS_KEYSTORE_PASSWORD": "x"}), 14, "refusing to overwrite"
    )


# --- user errors: one line, the right exit code, no traceback ------------------------------------
def test_unreachable_rpc(nexus_home: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    assert_user_error(run("--rpc", url, "status", env={"NEXUS_RPC_TIMEOUT": "0.5"}), 3)


def test_corrupted_state_file_is_left_untouched(nexus_home: Path) -> None:
    state = nexus_home / "chain" / "state.db"
    state.parent.mkdir(parents=True)
    garbage = os.urandom(4096)
    state.write_bytes(garbage)
    assert_user_error(run("status"), 6, "untouched")
    assert_user_error(run("contracts", "deploy"), 6)
    assert state.read_bytes() == garbage


def test_foreign_sqlite_file_is_left_untouched(nexus_home: Path) -> None:
    state = nexus_home / "chain" / "state.db"
    state.parent.mkdir(parents=True)
    with sqlite3.connect(state) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.close()
    before = state.read_bytes()
    assert_user_error(run("status"), 6, "not an embedded-chain state")
    assert state.read_bytes() == before


def test_manifest_with_wrong_chain_id(nexus_home: Path) -> None:
    run("contracts", "deploy")
    manifest = nexus_home / "deployments" / "1337.json"
    data = json.loads(manifest.read_text())
    data["chain_id"] = 5
    manifest.write_text(json.dumps(data))
    assert_user_error(run("status"), 4, "chain id 5")


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["up", "--port", "abc"], {}),
        (["up", "--port", "70000"], {}),
        (["status"], {"NEXUS_PORT": "abc"}),
        (["status"], {"NEXUS_FLUSH_INTERVAL": "-1"}),
        (["--log-level", "LOUD", "status"], {}),
        (["--rpc", "ftp://x", "status"], {}),
        (["no-such-command"], {}),
    ],
)
def test_bad_settings_and_usage(nexus_home: Path, args: list[str], env: dict[str, str]) -> None:
    assert_user_error(run(*args, env=env), 2)


def test_compile_errors(nexus_home: Path, tmp_path: Path) -> None:
    broken = tmp_path / "Broken.vy"
    broken.write_text("# pragma version 0.4.3\n@external\ndef f() -> uint256:\n    return nope\n")
    assert_user_error(run("contracts", "compile", str(broken)), 10, "Broken.vy")
    assert_user_error(run("contracts", "compile", "NoSuchContract"), 12, "NoSuchContract")


def test_keystore_without_password_when_not_interactive(nexus_home: Path, tmp_path: Path) -> None:
    ks = tmp_path / "k.json"
    assert_user_error(run("accounts", "new", "--keystore", str(ks)), 14, "NEXUS_KEYSTORE_PASSWORD")
    assert not ks.exists()


def test_unexpected_errors_and_interrupts(nexus_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nexus.cli import status as status_cmd

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(status_cmd, "open_nexus", boom)
    assert_user_error(run("status"), 1, "unexpected RuntimeError: boom")
    debug = run("--debug", "status")
    assert debug.exit_code == 1 and "Traceback" in debug.stderr

    def interrupt(*a: object, **k: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(status_cmd, "open_nexus", interrupt)
    assert_user_error(run("status"), 130, "interrupted")


def test_error_output_in_a_real_process(nexus_home: Path) -> None:
    proc = run_process("up", "--port", "abc")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: ")
