"""The scan endpoint: findings for a posted source, per-file errors for bad ones, token required."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nexus.api import create_app
from nexus.services import build_node
from nexus.settings import load_settings

REENTRANT = """
pragma solidity ^0.4.24;
contract Bank {
    mapping(address => uint) balances;
    function withdraw() public {
        uint amount = balances[msg.sender];
        require(msg.sender.call.value(amount)());
        balances[msg.sender] = 0;
    }
}
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home: Path = tmp_path_factory.mktemp("scan-api")
    with build_node(load_settings(home=home, ledger_anchor=False)) as node:
        app = create_app(node)
        c = TestClient(app)
        c.headers["Authorization"] = f"Bearer {app.state.tokens.get()}"
        yield c


def test_scan_finds_reentrancy(client: TestClient) -> None:
    pytest.importorskip("tree_sitter_solidity")
    r = client.post("/scan", json={"filename": "Bank.sol", "source": REENTRANT})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["errors"] == []
    assert any(f["category"] == "reentrancy" and f["line"] == 7 for f in body["findings"])
    high = client.post("/scan", json={"filename": "Bank.sol", "source": REENTRANT, "min_severity": "high"})
    assert all(f["severity"] == "high" for f in high.json()["findings"])


def test_unscannable_source_is_a_per_file_error(client: TestClient) -> None:
    r = client.post("/scan", json={"filename": "Broken.vy", "source": "def (:\n"})
    assert r.status_code == 200
    assert r.json()["findings"] == [] and r.json()["errors"][0]["file"] == "Broken.vy"


def test_bad_requests_get_clear_4xx(client: TestClient) -> None:
    r = client.post("/scan", json={"filename": "notes.txt", "source": "x"})
    assert r.status_code == 422 and "filename" in r.json()["error"]
    bare = TestClient(client.app)
    assert bare.post("/scan", json={"filename": "a.sol", "source": ""}).status_code == 401
