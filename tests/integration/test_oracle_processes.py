"""Oracle nodes as separate processes talking HTTP/JSON over 127.0.0.1; keys never on argv."""

from __future__ import annotations

from pathlib import Path

from nexus.oracle._crypto import dev_node_key
from nexus.oracle.runner import NetworkRunner
from nexus.oracle.transport import start_processes
from nexus.settings import load_settings


def test_network_of_node_processes_reports_and_survives_a_dead_node(nexus_home: Path) -> None:
    with NetworkRunner(load_settings(), nodes=4, feed="PROC/USD", processes=True, faulty_sources=1) as runner:
        rows = [runner.round() for _ in range(2)]
        procs = runner._procs
        assert len(procs) == 4 and all(p.proc.poll() is None for p in procs)
        secret = dev_node_key(0, "feed PROC/USD").export_hex()
        assert all(secret not in " ".join(p.proc.args) for p in procs)  # type: ignore[arg-type]
        procs[1].stop()  # a dead node process is an absent node
        rows.append(runner.round())
    assert all(r["accepted"] for r in rows) and rows[1]["round_id"] == 2
    assert rows[2]["observations"] == 3
    assert all(p.proc.poll() is not None for p in procs)  # all stopped on exit


def test_start_processes_serves_health() -> None:
    import json
    import urllib.request

    procs = start_processes([dev_node_key(0, "h")], {"seed": 1, "sources": 5})
    try:
        with urllib.request.urlopen(procs[0].node.url + "/health", timeout=5) as r:
            assert json.loads(r.read())["address"] == dev_node_key(0, "h").address
    finally:
        procs[0].stop()
