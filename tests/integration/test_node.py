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
        side = subprocess.run(
            [sys.executable, "-m", "nexus", "status", "--json"],
            text=True,
            check=False,
            capture_output=True,
            env={**os.environ, "NEXUS_HOME": str(home)},
        )
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


def test_cached_reads_on_one_keep_alive_connection(tmp_path: Path) -> None:
    """The read cache under a real `nexus up` (plain uvicorn): repeated, revalidated, pipelined and
    refused reads on one connection, in order, with the same answers and headers."""
    import http.client
    import socket
    from urllib.parse import urlsplit

    with node_process(tmp_path / "home", NEXUS_ORACLE="false") as (proc, url, lines):
        host, port = urlsplit(url).hostname, urlsplit(url).port
        conn = http.client.HTTPConnection(host, port, timeout=30)
        bodies, tags = [], []
        for _ in range(3):
            conn.request("GET", "/blocks/1")
            r = conn.getresponse()
            bodies.append(r.read())
            tags.append(r.getheader("etag"))
            assert r.status == 200 and r.getheader("x-frame-options") == "DENY"
        assert len(set(bodies)) == 1 and len(set(tags)) == 1 and json.loads(bodies[0])["number"] == 1
        conn.request("GET", "/blocks/1", headers={"If-None-Match": tags[0]})
        r = conn.getresponse()
        assert r.status == 304 and r.read() == b""
        conn.request("GET", "/blocks/1", headers={"Host": "rebound.example"})
        r = conn.getresponse()
        assert r.status == 400 and "rebound.example" in r.read().decode()
        conn.close()
        with socket.create_connection((host, port), timeout=30) as s:  # two requests in one write
            req = f"GET /blocks/1 HTTP/1.1\r\nHost: {host}\r\n\r\nGET /status HTTP/1.1\r\nHost: {host}\r\n\r\n"
            s.sendall(req.encode())
            got = b""
            while got.count(b"HTTP/1.1 200 OK") < 2 or not got.rstrip().endswith(b"}"):
                chunk = s.recv(65536)
                assert chunk, got
                got += chunk
        first, second = got.split(b"HTTP/1.1 200 OK")[1:3]
        assert bodies[0] in first and b'"chain_id"' in second
        assert stop(proc, signal.SIGTERM) == 0
    assert "Traceback" not in "".join(lines)
