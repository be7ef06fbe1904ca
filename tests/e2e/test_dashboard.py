"""The dashboard in headless Debian Chromium against a real `nexus up` on the embedded chain."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from nodeproc import node_process

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
    _need((ROOT / "node_modules" / "playwright-core").is_dir(),
          "playwright-core is not installed (npm ci in the repo root)")
    assert node is not None
    return node


def run_flows(node: str, url: str, token: str, repeat: int = 3) -> dict[str, Any]:
    """Run dashboard.mjs; returns its JSON result (screenshots land in tests/e2e/artifacts)."""
    env = {**os.environ, "NEXUS_URL": url, "NEXUS_TOKEN": token, "ARTIFACTS": str(ARTIFACTS),
           "REPEAT": str(repeat), "CHROMIUM": CHROMIUM, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    done = subprocess.run([node, str(SCRIPT)], env=env, cwd=ROOT, text=True, capture_output=True,
                          timeout=LIMIT, check=False)
    try:
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        pytest.fail(f"dashboard.mjs printed no result (exit {done.returncode}):\n{done.stderr}")
    result["returncode"] = done.returncode
    result["log"] = done.stderr
    return result


def test_dashboard_main_flows(tooling: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    with node_process(home, cwd=ROOT, NEXUS_LEDGER_ANCHOR="false", NEXUS_LOG_LEVEL="INFO") as (proc, url, lines):
        token = (home / "api-token").read_text().strip()
        assert (home / "api-token").stat().st_mode & 0o777 == 0o600
        result = run_flows(tooling, url, token)
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
    assert result["problems"]["offsite"] == []  # nothing loads from outside the node
    assert all(Path(p).is_file() for p in result["screenshots"])
    output = "".join(lines)
    assert "Traceback" not in output
    assert token not in output  # the token never reaches the node's log
