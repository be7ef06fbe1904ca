"""The guard as a `nexus up` service: it follows the node's chain in a thread, pauses the victim,
serves findings over the API and records critical ones in the provenance ledger."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from nexus._client import Nexus
from nexus.api import create_app
from nexus.guard.service import GuardService
from nexus.ledger.service import LedgerService
from nexus.node import BlockStream, Node
from nexus.sandbox import deploy_sandbox, load_sandbox, run_scenario, sandbox_manifest
from nexus.sandbox.targets import sandbox_targets
from nexus.settings import load_settings


def test_guard_service_detects_pauses_serves_and_records(nexus_home: Path) -> None:
    settings = load_settings(ledger_batch_ms=20, poll_interval=0.05)
    cache = settings.cache_dir / "contracts"
    with Nexus(settings) as nx:
        deploy_sandbox(nx.chain, cache_dir=cache).save(sandbox_manifest(settings.deployments_dir, nx.chain.chain_id))
    guard = GuardService(settings, targets=sandbox_targets(settings))
    with Node(settings, services=[LedgerService(settings), BlockStream(settings.poll_interval), guard]) as node:
        chain = node.require().chain
        sb = load_sandbox(chain, sandbox_manifest(settings.deployments_dir, chain.chain_id), cache)
        res = run_scenario(sb, "unprotected-admin", cache_dir=cache, between=lambda: _caught_up(guard, chain))
        assert res.steps[-1]["ok"] is False and "paused" in str(res.steps[-1]["reason"])
        client = TestClient(create_app(node))
        found = client.get("/guard/findings").json()
        assert any(f["alert_id"] == "NEXUS-UNAUTHORIZED-OWNER-CHANGE" for f in found)
        status = client.get("/guard/status").json()
        assert status["ok"] and status["next_block"] == chain.block_number() + 1
        kinds = [client.get(f"/ledger/records/{i}").json().get("kind") for i in range(3)]
        assert "guard.finding" in kinds
    assert (nexus_home / "guard" / "findings.jsonl").is_file()


def _caught_up(guard: GuardService, chain: object, limit: float = 30.0) -> None:
    """Wait until the service's monitor has processed the head (a liveness guard, not a timing test)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        m = guard.monitor
        if m is not None and m.next_block > chain.block_number():  # type: ignore[attr-defined]
            return
        time.sleep(0.02)
    raise AssertionError("guard service did not catch up")
