"""The dashboard against a real `nexus up` whose reads need the token (`api_public_reads=false`,
as on a non-loopback bind): the page asks for the token, then reads, streams and shows payloads."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from nodeproc import node_process
from test_dashboard import CHROMIUM, LIMIT, ROOT, tooling  # noqa: F401 - the fixture

pytestmark = pytest.mark.e2e
SCRIPT = Path(__file__).with_name("private_reads.mjs")


def call(url: str, token: str | None = None, body: dict[str, object] | None = None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data, headers, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=LIMIT) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_dashboard_with_private_reads(tooling: str, tmp_path: Path) -> None:  # noqa: F811
    home = tmp_path / "home"
    with node_process(
        home, cwd=ROOT, NEXUS_API_PUBLIC_READS="false", NEXUS_ORACLE="false", NEXUS_LEDGER_ANCHOR="false"
    ) as (_proc, url, lines):
        token = (home / "api-token").read_text().strip()
        assert call(f"{url}/status")[0] == 401
        code, rec = call(f"{url}/ledger/records", token, {"kind": "note", "payload": {"secret": "s3"}})
        assert code == 201
        env = {
            **os.environ,
            "NEXUS_URL": url,
            "NEXUS_TOKEN": token,
            "NEXUS_RECORD": str(rec["id"]),
            "CHROMIUM": CHROMIUM,
            "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
        }
        done = subprocess.run(
            [tooling, str(SCRIPT)], env=env, cwd=ROOT, text=True, capture_output=True, timeout=LIMIT, check=False
        )
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        pytest.fail(f"private_reads.mjs printed no result (exit {done.returncode}):\n{done.stderr}")
    assert result["ok"], json.dumps(result, indent=2)
    assert len(result["steps"]) == 4, result["steps"]
    assert token not in "".join(lines)
