"""The ledger beside a running `nexus up`: CLI processes append, the node's batcher anchors,
`nexus ledger anchor` goes through the node's API, `nexus verify` reads the chain read-only."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from nodeproc import session_builds, share_builds

LIMIT = 120  # guards against a hung child, not performance assertions


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nexus(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nexus", *args], capture_output=True, text=True, env=env, timeout=LIMIT, check=False
    )


def until(fn, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        out = fn()
        if out:
            return out
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_cli_beside_a_running_node(nexus_home: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "NEXUS_HOME": str(nexus_home),
        "NEXUS_PORT": str(free_port()),
        "NEXUS_FLUSH_INTERVAL": "0.1",
        "NEXUS_LEDGER_BATCH_MS": "50",
    }
    share_builds(session_builds(), nexus_home / "cache" / "contracts")  # the session's Vyper builds
    node = subprocess.Popen(
        [sys.executable, "-m", "nexus", "up"], env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        assert node.stdout is not None
        for line in node.stdout:
            if "listening on" in line:
                break
        else:
            raise AssertionError("nexus up exited early")
        for i in range(3):  # separate processes append straight to the shared store
            assert nexus(env, "ledger", "append", "--kind", "t", "--json", json.dumps({"i": i})).stdout == f"{i}\n"
        # the node's batcher anchors them without being asked
        receipt = tmp_path / "r.json"
        until(lambda: nexus(env, "ledger", "receipt", "2", "--out", str(receipt)).returncode == 0, "the node to anchor")
        # verify opens the locked embedded chain read-only (it sees the node's flushed state)
        ok = until(
            lambda: (r := nexus(env, "verify", str(receipt), "--json")).returncode == 0 and r,
            "a valid on-chain verification",
        )
        assert json.loads(ok.stdout)["onchain"]
        # `nexus ledger anchor` cannot open the locked chain: it goes through the node's API
        assert nexus(env, "ledger", "append", "--kind", "t", "--json", "3").returncode == 0
        out = nexus(env, "ledger", "anchor", "--json")
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["anchor"]["size"] == 4
        assert nexus(env, "ledger", "audit").returncode == 0
    finally:
        node.send_signal(signal.SIGTERM)
        node.wait(timeout=LIMIT)
    assert node.returncode == 0
    # stopped: the CLI opens the chain itself again
    env["NEXUS_PORT"] = str(free_port())
    assert nexus(env, "ledger", "append", "--kind", "t", "--json", "4").returncode == 0
    out = json.loads(nexus(env, "ledger", "anchor", "--json").stdout)
    assert out["anchor"]["size"] == 5


def test_anchor_with_a_locked_chain_and_no_api_says_so(nexus_home: Path) -> None:
    from nexus.chain.embedded import EmbeddedChain
    from nexus.settings import load_settings

    env = {**os.environ, "NEXUS_HOME": str(nexus_home), "NEXUS_PORT": str(free_port())}
    assert nexus(env, "ledger", "append", "--kind", "t", "--json", "1").returncode == 0
    holder = EmbeddedChain(load_settings().chain_dir)  # this process holds the lock, serves nothing
    try:
        r = nexus(env, "ledger", "anchor")
    finally:
        holder.close()
    assert r.returncode == 7 and r.stderr.count("\n") == 1 and "did not answer" in r.stderr
