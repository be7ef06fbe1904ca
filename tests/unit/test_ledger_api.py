"""The ledger's HTTP routes on a started node (the ledger service anchors in the background)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nexus.api import create_app
from nexus.ledger.service import LedgerService
from nexus.node import Node
from nexus.settings import load_settings


@pytest.fixture
def client(nexus_home: Path) -> Iterator[TestClient]:
    settings = load_settings(ledger_batch_ms=20)
    with Node(settings, services=[LedgerService(settings)]) as node:
        app = create_app(node)
        token = app.state.tokens.get()  # writes need the node's API token
        yield TestClient(app, headers={"Authorization": f"Bearer {token}"})


def test_append_record_receipt_verify(client: TestClient) -> None:
    r = client.post("/ledger/records", json={"kind": "dataset", "payload": {"n": 1}, "key": "k"})
    assert r.status_code == 201 and r.json()["id"] == 0
    assert client.post("/ledger/records", json={"kind": "dataset", "payload": {}, "key": "k"}).json()["id"] == 0
    assert client.get("/ledger/records/0").json()["payload"] == {"n": 1}
    deadline = time.monotonic() + 30  # the batcher anchors within its (20 ms) delay
    while (r := client.get("/ledger/records/0/receipt")).status_code == 409 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert r.status_code == 200
    receipt = r.json()
    assert client.post("/ledger/verify", json=receipt).json()["valid"]
    receipt["record"]["payload"] = {"n": 2}
    bad = client.post("/ledger/verify", json=receipt).json()
    assert not bad["valid"] and any(c["name"] == "content" and not c["ok"] for c in bad["checks"])
    assert client.post("/ledger/anchor").json()["anchor"]["size"] == 1
    health = client.get("/health").json()["services"]["ledger"]
    assert health["ok"] and health["size"] == 1 and health["anchored"] == 1


def test_errors_map_to_statuses(client: TestClient) -> None:
    assert client.get("/ledger/records/9").status_code == 404
    assert client.post("/ledger/records", json={"kind": "Bad", "payload": 1}).status_code == 400
    client.post("/ledger/records", json={"kind": "t", "payload": 1})
    assert client.post("/ledger/verify", json={"format": "nope"}).status_code == 400


def test_lineage_graph_by_id_or_fingerprint_never_by_path(client: TestClient) -> None:
    from nexus import fingerprint
    from nexus.ledger.lineage import Lineage

    node = client.app.state.node  # type: ignore[attr-defined]
    svc = next(s for s in node.services if isinstance(s, LedgerService))
    lin = Lineage(svc.ledger)
    data = lin.dataset(b"rows of training data", name="train")
    run = lin.run({"name": "fit", "datasets": [data.id]})
    model = lin.model(fingerprint(b"model weights"), name="clf", run=run.id)
    graph = client.get(f"/ledger/lineage/{model.id}").json()["graph"]
    ids = {n["id"] for n in graph["nodes"]}
    assert graph["root"] == model.id and {model.id, run.id} <= ids
    by_fp = client.get(f"/ledger/lineage/{model.fingerprint}").json()["graph"]
    assert by_fp["root"] == model.id
    r = client.get("/ledger/lineage/README.md")  # a file name is never fingerprinted for a client
    assert r.status_code == 400 and "id or its sha256" in r.json()["error"]
    assert client.get("/ledger/lineage/999").status_code == 404
