"""The dashboard in headless Debian Chromium against a real `nexus up` on the embedded chain."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from nodeproc import node_process

import nexus
from nexus.contracts.compiler import compile_contract

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("dashboard.mjs")
ARTIFACTS = Path(__file__).with_name("artifacts")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LIMIT = 180  # a guard against a hung child, not a performance assertion


def _need(ok: bool, why: str) -> None:
    """Missing browser tooling fails under CI (it must be there) and skips, with the fix, locally."""
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why}; CI must have it (make test-deps)")
    pytest.skip(why)


@pytest.fixture(scope="module")
def tooling() -> str:
    _need(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing (apt-get install chromium, or make test-deps)")
    node = shutil.which("node")
    _need(node is not None, "node is not installed")
    _need(
        (ROOT / "node_modules" / "playwright-core").is_dir(),
        "playwright-core is not installed (npm ci in the repo root)",
    )
    assert node is not None
    return node


def seed_market(home: Path, build: Path | None) -> None:
    """A per-market contract and a MarketHub market on the embedded chain before the node takes
    them (the SDK, as a user would)."""
    if build is not None:  # compiling LMSRMarket takes a while: share one cache between runs
        for name in ("Registry", "MarketFactory", "DevCollateral", "LMSRMarket", "MarketHub"):
            compile_contract(name, build)
        shutil.copytree(build, home / "cache" / "contracts", dirs_exist_ok=True)
    with nexus.connect(home=home) as nx:
        markets = nexus.open_markets(nx)
        markets.faucet(nx.chain.default_account, 1000 * 10**18)
        markets.create("Will the e2e pass?", ["Yes", "No"], 100 * 10**18, dispute_window=0)
        markets.create_on_hub("Will the hub render?", ["Up", "Down", "Flat"], 60 * 10**18)


def record_lineage(home: Path, work: Path) -> dict[str, int]:
    """dataset -> training run -> model on the running node's ledger, from another process."""
    env = {**os.environ, "NEXUS_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("record_lineage.py")), str(work)],
        env=env,
        text=True,
        capture_output=True,
        timeout=LIMIT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    ids: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return ids


def get_json(url: str, host: str | None = None) -> tuple[int, Any]:
    req = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(req, timeout=LIMIT) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def run_flows(node: str, url: str, token: str, repeat: int = 3, **extra: str) -> dict[str, Any]:
    """Run dashboard.mjs; returns its JSON result (screenshots land in tests/e2e/artifacts)."""
    env = {
        **os.environ,
        "NEXUS_URL": url,
        "NEXUS_TOKEN": token,
        "ARTIFACTS": str(ARTIFACTS),
        "REPEAT": str(repeat),
        "CHROMIUM": CHROMIUM,
        "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
        **extra,
    }
    done = subprocess.run(
        [node, str(SCRIPT)], env=env, cwd=ROOT, text=True, capture_output=True, timeout=LIMIT, check=False
    )
    try:
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        pytest.fail(f"dashboard.mjs printed no result (exit {done.returncode}):\n{done.stderr}")
    result["returncode"] = done.returncode
    result["log"] = done.stderr
    return result


def test_dashboard_main_flows(tooling: str, tmp_path: Path, pytestconfig: pytest.Config) -> None:
    home = tmp_path / "home"
    cache = getattr(pytestconfig, "cache", None)  # absent under -p no:cacheprovider
    build = cache.mkdir("nexus-build") / "contracts" if cache else None
    seed_market(home, build)
    with node_process(home, cwd=ROOT, NEXUS_LEDGER_ANCHOR="false", NEXUS_LOG_LEVEL="INFO") as (proc, url, lines):
        token = (home / "api-token").read_text().strip()
        assert (home / "api-token").stat().st_mode & 0o777 == 0o600
        # DNS rebinding: a page on another name that resolves to 127.0.0.1 is refused
        port = url.rsplit(":", 1)[1]
        code, body = get_json(f"{url}/status", host=f"rebind.example:{port}")
        assert code == 400 and "rebind.example" in body["error"]
        assert get_json(f"{url}/status", host=f"localhost:{port}")[0] == 200
        ids = record_lineage(home, tmp_path / "training")
        graph = get_json(f"{url}/ledger/lineage/{ids['model']}")[1]["graph"]
        edges = sum(len([u for u in n["upstream"] if u in {m["id"] for m in graph["nodes"]}]) for n in graph["nodes"])
        result = run_flows(
            tooling,
            url,
            token,
            LINEAGE_RECORD=str(ids["model"]),
            LINEAGE_NODES=str(len(graph["nodes"])),
            LINEAGE_EDGES=str(edges),
        )
        # a client still streaming events must not hold shutdown up (nor log a traceback)
        with urllib.request.urlopen(f"{url}/events", timeout=LIMIT) as stream:
            assert stream.readline().startswith(b"retry:")
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=LIMIT) == 0
    steps = {s["name"] for s in result["steps"]}
    assert result["ok"], json.dumps({k: result.get(k) for k in ("error", "problems", "log")}, indent=2)
    assert {"status visible", "alert feed renders a finding", "mobile + dark layout"} <= steps
    assert "transaction from the page; head updated live" in steps  # the embedded node has a ledger
    assert "provenance search, receipt, verify" in steps
    assert "new blocks reach the page" in steps
    assert "market price chart follows trades" in steps  # the seeded market, traded over the API
    assert "hub market picked, traded and charted" in steps  # the MarketHub market beside it
    assert "lineage graph renders" in steps and graph["root"] == ids["model"]
    assert {n["id"] for n in graph["nodes"]} >= {ids["model"], ids["run"], ids["data"]}
    assert result["problems"]["offsite"] == []  # nothing loads from outside the node
    assert all(Path(p).is_file() for p in result["screenshots"])
    output = "".join(lines)
    assert "Traceback" not in output
    assert token not in output  # the token never reaches the node's log
