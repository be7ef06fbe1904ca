"""`nexus up` as a real process: serves the API, stops cleanly on signals, restarts re-attached."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

STARTUP_LIMIT = 120  # a guard against a hung child, not a performance assertion


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as resp:
        return json.loads(resp.read())


@contextmanager
def node_process(home: Path) -> Iterator[tuple[subprocess.Popen[str], str, list[str]]]:
    """Start `nexus up --port 0`, wait for the URL it prints; kill it (by pid) if a test fails."""
    env = {**os.environ, "NEXUS_HOME": str(home), "NEXUS_FLUSH_INTERVAL": "0.1"}
    proc = subprocess.Popen([sys.executable, "-m", "nexus", "up", "--port", "0"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    q: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            q.put(line)
        q.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        url = None
        while url is None:
            line = q.get(timeout=STARTUP_LIMIT)
            if line is None:
                pytest.fail(f"nexus up exited early:\n{''.join(lines)}")
            lines.append(line)
            if m := re.search(r"listening on (http://\S+)", line):
                url = m.group(1)
        yield proc, url, lines
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=STARTUP_LIMIT)
        reader.join(timeout=STARTUP_LIMIT)
        while (item := q.get_nowait() if not q.empty() else None) is not None:
            lines.append(item)


def stop(proc: subprocess.Popen[str], sig: int) -> int:
    proc.send_signal(sig)
    return proc.wait(timeout=STARTUP_LIMIT)


def test_up_serves_stops_and_restarts_without_redeploying(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with node_process(home) as (proc, url, lines):
        assert get(f"{url}/health")["ok"] is True
        first = get(f"{url}/status")
        assert first["backend"] == "embedded" and "Registry" in first["contracts"]
        assert get(f"{url}/blocks/1")["receipts"][0]["contract_address"] == first["contracts"]["Registry"]
        # a second process reads the running node's last flushed state, read-only
        side = subprocess.run([sys.executable, "-m", "nexus", "status", "--json"], text=True, check=False,
                              capture_output=True, env={**os.environ, "NEXUS_HOME": str(home)})
        assert side.returncode == 0, side.stderr
        assert json.loads(side.stdout)["readonly"] is True
        assert stop(proc, signal.SIGTERM) == 0
    assert "Traceback" not in "".join(lines)

    with node_process(home) as (proc, url, lines):
        again = get(f"{url}/status")
        assert again["contracts"] == first["contracts"]  # re-attached from the manifest
        assert again["block_number"] == first["block_number"]  # nothing was redeployed
        assert stop(proc, signal.SIGINT) == 0
    assert "Traceback" not in "".join(lines)
