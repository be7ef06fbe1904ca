"""`nexus up` as a real process: serves the API, stops cleanly on signals, restarts re-attached."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from nodeproc import LIMIT, node_process


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as resp:
        return json.loads(resp.read())


def stop(proc: subprocess.Popen[str], sig: int) -> int:
    proc.send_signal(sig)
    return proc.wait(timeout=LIMIT)


def _feeds(url: str) -> list[dict[str, Any]]:
    """The feeds once this node's oracle service ran a round (it deploys or attaches in its thread)."""
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        if get(f"{url}/health")["services"]["oracle"].get("rounds", 0) >= 1:
            return get(f"{url}/oracle/feeds")  # type: ignore[no-any-return]
        time.sleep(0.2)
    raise AssertionError("the oracle service reported no round")


def test_up_serves_stops_and_restarts_without_redeploying(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with node_process(home) as (proc, url, lines):
        assert get(f"{url}/health")["ok"] is True
        feeds = _feeds(url)
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
        assert again["contracts"] == first["contracts"]  # re-attached from the manifest, not redeployed
        # the oracle service re-attaches its feed from the Registry too (its rounds add blocks)
        assert [(f["name"], f["address"]) for f in _feeds(url)] == [(f["name"], f["address"]) for f in feeds]
        assert stop(proc, signal.SIGINT) == 0
    assert "Traceback" not in "".join(lines)
