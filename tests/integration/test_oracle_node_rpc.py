"""The oracle service of `nexus up` on a real JSON-RPC chain (anvil): it deploys its feed, reports,
journals per-source data, and a restarted node re-attaches the same feed."""

from __future__ import annotations

import json
import signal
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from anvil import AnvilNode, dev_key
from nodeproc import LIMIT, node_process

pytestmark = pytest.mark.node


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as resp:
        return json.loads(resp.read())


def rounds(url: str, at_least: int) -> dict[str, Any]:
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        oracle = get(f"{url}/health")["services"]["oracle"]
        if oracle.get("rounds", 0) >= at_least:
            return oracle  # type: ignore[no-any-return]
        assert oracle.get("ok", True), oracle
        time.sleep(0.2)
    raise AssertionError("no oracle round on anvil")


def test_oracle_service_on_anvil(anvil: AnvilNode, tmp_path: Path) -> None:
    env = {
        "NEXUS_RPC_URL": anvil.url,
        "NEXUS_PRIVATE_KEY": dev_key(7),
        "NEXUS_ORACLE_INTERVAL": "0.5",
        "NEXUS_GUARD": "false",
        "NEXUS_LEDGER_ANCHOR": "false",
    }
    home = tmp_path / "home"
    with node_process(home, **env) as (proc, url, lines):
        health = rounds(url, 2)
        assert health["reports"] >= 1 and health["errors"] == 0, health
        feed = get(f"{url}/oracle/feeds")[0]
        assert feed["name"] == "SIM/USD" and feed["latest_round"] >= 1 and feed["nodes"] == 4
        src = get(f"{url}/oracle/feeds/SIM/USD/sources")
        assert len(src["sources"]) == 7 and len(src["nodes"]) == 4
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=LIMIT) == 0
    with node_process(home, **env) as (proc, url, lines):
        rounds(url, 1)
        assert get(f"{url}/oracle/feeds")[0]["address"] == feed["address"]  # re-attached, not redeployed
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=LIMIT) == 0
    assert "Traceback" not in "".join(lines)
