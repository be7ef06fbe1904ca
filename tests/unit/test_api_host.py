"""Host-header check (DNS-rebinding protection): loopback binds answer only to loopback names and
the bound host, other binds also to this machine's name and IP addresses; `api_allowed_hosts`
adds names or ("*") turns the check off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nexus.api import create_app
from nexus.api.app import _own_names, allowed_hosts
from nexus.node import Node
from nexus.services import build_node
from nexus.settings import load_settings


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("host-home")


def served(node: Node, url: str) -> TestClient:
    """The app as `nexus up` builds it after binding `url`."""
    node.url = url
    try:
        return TestClient(create_app(node), base_url="http://localhost")
    finally:
        node.url = None


@pytest.fixture(scope="module")
def node(home: Path) -> Iterator[Node]:
    with build_node(load_settings(home=home, ledger_anchor=False, guard=False)) as n:
        yield n


def test_allowed_hosts_by_bind() -> None:
    loop = ["localhost", "127.0.0.1", "[::1]"]
    assert allowed_hosts([], "http://127.0.0.1:8700") == [*loop, "127.0.0.1"]
    assert allowed_hosts([], "http://[::1]:8700") == [*loop, "[::1]"]
    assert allowed_hosts(["nexus.lan"], "http://127.0.0.1:0") == [*loop, "127.0.0.1", "nexus.lan"]
    assert allowed_hosts(["*"], "http://127.0.0.1:8700") is None
    # elsewhere the check stays on (a LAN node can be rebound too): this machine's name is added
    # and HostCheck(any_ip=True) takes any address; other DNS names must be listed
    own = _own_names()
    assert allowed_hosts([], "http://0.0.0.0:8700") == [*loop, *own]
    assert allowed_hosts(["nexus.lan"], "http://0.0.0.0:8700") == [*loop, "nexus.lan", *own]
    assert allowed_hosts([], "http://192.168.1.5:8700") == [*loop, "192.168.1.5", *own]
    assert allowed_hosts(["nexus.lan"], "http://192.168.1.5:80") == [*loop, "192.168.1.5", "nexus.lan", *own]
    assert allowed_hosts(["*"], "http://0.0.0.0:8700") is None
    assert allowed_hosts([], None) is None  # not on a socket (in-process): nothing to rebind


def test_loopback_bind_refuses_foreign_hosts(node: Node) -> None:
    client = served(node, "http://127.0.0.1:8700")
    for host in ("localhost:8700", "127.0.0.1:8700", "[::1]:8700", "LOCALHOST", "127.0.0.1"):
        r = client.get("/status", headers={"Host": host})
        assert r.status_code == 200, (host, r.text)
    for host in ("evil.example", "evil.example:8700", "localhost.evil.example", "127.0.0.2:8700", "[::2]:8700"):
        r = client.get("/status", headers={"Host": host})
        assert r.status_code == 400, host
        err = r.json()["error"]
        assert repr(host) in err and "localhost, 127.0.0.1" in err and "NEXUS_API_ALLOWED_HOSTS" in err
        assert r.headers["x-frame-options"] == "DENY"
    token = client.app.state.tokens.get()  # type: ignore[attr-defined]
    r = client.post(
        "/ledger/records",
        json={"kind": "note", "payload": {}},
        headers={"Host": "evil.example", "Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 400  # refused before the token is even looked at


def test_allowed_hosts_setting_adds_names_or_turns_it_off(tmp_path: Path) -> None:
    with build_node(
        load_settings(home=tmp_path / "a", ledger_anchor=False, guard=False, api_allowed_hosts=["nexus.lan"])
    ) as n:
        client = served(n, "http://127.0.0.1:8700")
        assert client.get("/health", headers={"Host": "nexus.lan:8700"}).status_code == 200
        assert client.get("/health", headers={"Host": "other.lan"}).status_code == 400
    with build_node(load_settings(home=tmp_path / "b", ledger_anchor=False, guard=False, api_allowed_hosts=["*"])) as n:
        client = served(n, "http://127.0.0.1:8700")
        assert client.get("/health", headers={"Host": "anything.example"}).status_code == 200


def test_the_setting_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    monkeypatch.setenv("NEXUS_API_ALLOWED_HOSTS", '["nexus.lan", "10.0.0.7"]')
    assert load_settings(home=home).api_allowed_hosts == ["nexus.lan", "10.0.0.7"]
