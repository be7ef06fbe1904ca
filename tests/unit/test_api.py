"""The HTTP API: status routes over a started node, and the one NexusError -> HTTP mapping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from nexus.api import create_app
from nexus.contracts import CORE_CONTRACTS
from nexus.exceptions import ContractReverted, ManifestError, UnknownContract
from nexus.node import Node, Service
from nexus.settings import load_settings


class Recorder(Service):
    """A service that records its lifecycle."""

    name = "recorder"

    def __init__(self, log: list[str]) -> None:
        self.log = log

    def start(self, node: Node) -> None:
        assert node.nexus is not None and "Registry" in node.nexus.contracts
        self.log.append("start")

    def stop(self) -> None:
        self.log.append("stop")

    def health(self) -> dict[str, Any]:
        return {"ok": True, "events": len(self.log)}


@pytest.fixture
def started(nexus_home: Path) -> Iterator[tuple[Node, TestClient, list[str]]]:
    log: list[str] = []
    node = Node(load_settings(), services=[Recorder(log)])
    with node:
        yield node, TestClient(create_app(node)), log
    assert log == ["start", "stop"]


def test_health_reports_services(started: tuple[Node, TestClient, list[str]]) -> None:
    _, client, _ = started
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["ok"] is True and body["services"]["recorder"] == {"ok": True, "events": 1}


def test_status_is_the_sdk_status_plus_uptime(started: tuple[Node, TestClient, list[str]]) -> None:
    node, client, _ = started
    body = client.get("/status").json()
    assert node.nexus is not None
    expected = node.nexus.status()
    assert {k: body[k] for k in expected} == expected
    assert body["uptime_s"] >= 0 and body["services"] == ["recorder"]
    assert set(body["contracts"]) == set(CORE_CONTRACTS)


def test_block_json_uses_hex_strings(started: tuple[Node, TestClient, list[str]]) -> None:
    node, client, _ = started
    assert node.nexus is not None
    registry = node.nexus.contracts["Registry"]
    body = client.get("/blocks/1").json()  # block 1 deployed the Registry
    assert body["number"] == 1 and body["hash"].startswith("0x")
    tx, rc = body["transactions"][0], body["receipts"][0]
    assert tx["data"].startswith("0x") and tx["value"] == "0x0" and tx["to"] is None
    assert rc["contract_address"] == registry.address and rc["status"] is True
    log = rc["logs"][0]
    assert log["address"] == registry.address
    assert all(isinstance(t, str) and t.startswith("0x") and len(t) == 66 for t in log["topics"])
    assert client.get("/blocks/0").json()["transactions"] == []


def test_missing_block_is_a_mapped_error(started: tuple[Node, TestClient, list[str]]) -> None:
    _, client, _ = started
    r = client.get("/blocks/999")
    assert r.status_code == 400 and "does not exist" in r.json()["error"]
    assert client.get("/blocks/abc").status_code == 422  # FastAPI's own validation


@pytest.mark.parametrize(
    "exc",
    [
        ManifestError("bad manifest"),
        UnknownContract("no such thing"),
        ContractReverted("nope"),
    ],
)
def test_every_nexus_error_maps_to_its_http_status(nexus_home: Path, exc: Exception) -> None:
    app = create_app(Node(load_settings(), services=[]))
    router = APIRouter()

    @router.get("/raise")
    def boom() -> None:
        raise exc

    app.include_router(router)
    r = TestClient(app).get("/raise")
    assert r.status_code == exc.http_status  # type: ignore[attr-defined]
    assert r.json() == {"error": str(exc)}


def test_a_stopped_node_answers_with_errors(nexus_home: Path) -> None:
    client = TestClient(create_app(Node(load_settings(), services=[])))
    assert client.get("/health").status_code == 503
    r = client.get("/status")
    assert r.status_code == 500 and r.json() == {"error": "the node is not running"}
