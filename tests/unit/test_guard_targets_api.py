"""GET/POST/DELETE /guard/targets on a node running only the block stream and the guard: the
running monitor follows at once, bad input changes nothing, writes need the token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nexus.api import create_app
from nexus.guard.service import GuardService
from nexus.node import BlockStream, Node
from nexus.settings import load_settings

ADDR = "0x" + "ab" * 20


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Node, TestClient, str]]:
    home = tmp_path_factory.mktemp("guard-api")
    settings = load_settings(home=home, ledger_anchor=False)
    with Node(settings, [BlockStream(0.05), GuardService(settings)]) as node:
        client = TestClient(create_app(node))
        token = (Path(home) / "api-token").read_text().strip()
        yield node, client, token


def test_targets_round_trip_and_the_running_guard_follows(env: tuple[Node, TestClient, str]) -> None:
    node, client, token = env
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/guard/targets").json() == []
    assert client.post("/guard/targets", json={"address": ADDR, "kind": "erc4626"}).status_code == 401
    r = client.post(
        "/guard/targets",
        json={"address": ADDR, "kind": "erc4626", "protocol": "My vault", "pausable": True},
        headers=auth,
    )
    assert r.status_code == 200 and r.json()["standard"] == "erc4626"
    rows = client.get("/guard/targets").json()
    assert [(t["kind"], t["protocol"], t["source"]) for t in rows] == [("erc4626", "My vault", "file")]
    mon = node.service(GuardService).monitor
    assert mon is not None and mon.ctx.protocols == {rows[0]["address"]: "erc4626"}
    bad = client.post("/guard/targets", json={"address": "0x12", "kind": "erc20"}, headers=auth)
    assert bad.status_code == 400 and "address" in bad.json()["error"]
    assert len(client.get("/guard/targets").json()) == 1
    assert client.delete(f"/guard/targets/{'0x' + 'cd' * 20}", headers=auth).status_code == 404
    assert client.delete(f"/guard/targets/{ADDR}", headers=auth).json() == {"removed": ADDR}
    assert client.get("/guard/targets").json() == [] and mon.ctx.protocols == {}
    assert client.get("/guard/decisions").json() == []
