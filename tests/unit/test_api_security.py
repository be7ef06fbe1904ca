"""API hardening: token on writes, error shapes, CORS closed, OpenAPI, body limit, no secrets."""

from __future__ import annotations

import logging
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from nexus.api import ROUTERS, create_app
from nexus.api.security import TokenStore
from nexus.node import Node
from nexus.services import build_node
from nexus.settings import Settings, load_settings

KEY = "0x" + "5a" * 32  # a private key that must never show up anywhere
PASSWORD = "hunter2-keystore-password"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("api-home")


@pytest.fixture(scope="module")
def node(home: Path) -> Iterator[Node]:
    settings = load_settings(
        home=home, private_key=KEY, keystore_password=PASSWORD, log_level="DEBUG", ledger_anchor=False
    )
    with build_node(settings) as n:
        yield n


@pytest.fixture(scope="module")
def client(node: Node) -> TestClient:
    return TestClient(create_app(node))


@pytest.fixture(scope="module")
def token(client: TestClient, home: Path) -> str:
    return (home / "api-token").read_text().strip()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_token_is_made_at_first_start_owner_only(client: TestClient, home: Path, token: str) -> None:
    path = home / "api-token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert token.startswith("nxs_") and len(token) > 40


def test_writes_need_the_token(client: TestClient, token: str) -> None:
    body = {"kind": "note", "payload": {"n": 1}}
    r = client.post("/ledger/records", json=body)
    assert r.status_code == 401 and "Authorization: Bearer <token>" in r.json()["error"]
    assert r.headers["www-authenticate"].startswith("Bearer")
    r = client.post("/ledger/records", json=body, headers=auth("nxs_wrong-token-000000000000"))
    assert r.status_code == 403 and r.json() == {"error": "the API token is not valid for this node"}
    r = client.post("/ledger/records", json=body, headers={"Authorization": "Basic abc"})
    assert r.status_code == 401 and "malformed" in r.json()["error"]
    r = client.post("/ledger/records", json=body, headers=auth(token))
    assert r.status_code == 201 and r.json()["id"] >= 0
    assert client.get("/status").status_code == 200  # reads stay open


def test_every_router_write_is_guarded_even_without_require_token(node: Node, token: str) -> None:
    router = APIRouter()

    @router.delete("/forgetful/{x}")
    def forgetful(x: int) -> dict[str, int]:  # no require_token on purpose
        return {"x": x}

    ROUTERS.append(router)
    try:
        c = TestClient(create_app(node))
    finally:
        ROUTERS.remove(router)
    assert c.delete("/forgetful/1").status_code == 401
    assert c.delete("/forgetful/1", headers=auth(token)).json() == {"x": 1}


def test_a_rotated_token_takes_effect_without_restart(client: TestClient, home: Path) -> None:
    store = TokenStore(home / "api-token")
    old = store.get()
    new = store.rotate()
    try:
        assert new != old and stat.S_IMODE((home / "api-token").stat().st_mode) == 0o600
        assert client.post("/ledger/anchor", headers=auth(old)).status_code == 403
        assert client.post("/ledger/anchor", headers=auth(new)).status_code == 200
    finally:  # later tests use the module's token
        (home / "api-token").write_text(old + "\n")
    assert client.post("/ledger/anchor", headers=auth(old)).status_code == 200


def test_a_loose_token_file_is_made_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "api-token"
    path.write_text("nxs_" + "x" * 40)
    path.chmod(0o644)
    assert TokenStore(path).get() == "nxs_" + "x" * 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ('{"kind": "note"}', 422, ["body field 'payload'", "Field required"]),
        ('{"kind": 5, "payload": 1}', 422, ["body field 'kind'", "valid string"]),
        ('{"kind": "note", ', 400, ["not valid JSON"]),
    ],
)
def test_bad_requests_say_why(client: TestClient, token: str, body: str, status: int, words: list[str]) -> None:
    r = client.post("/ledger/records", content=body, headers={**auth(token), "Content-Type": "application/json"})
    assert r.status_code == status
    assert set(r.json()) == {"error"} and all(w in r.json()["error"] for w in words)


def test_path_and_routing_errors_have_the_same_shape(client: TestClient) -> None:
    r = client.get("/blocks/abc")
    assert r.status_code == 422 and "path field 'number'" in r.json()["error"]
    r = client.get("/no/such/thing")
    assert r.status_code == 404 and r.json() == {"error": "no such endpoint: GET /no/such/thing"}
    r = client.put("/status", headers=auth(client.app.state.tokens.get()))  # type: ignore[attr-defined]
    assert r.status_code == 405 and r.json() == {"error": "PUT is not allowed on /status"}


def test_cors_is_closed_by_default(client: TestClient) -> None:
    r = client.get("/status", headers={"Origin": "http://evil.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    pre = client.options(
        "/ledger/records", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in pre.headers


def test_cors_opens_only_to_listed_origins(node: Node) -> None:
    settings: Settings = node.settings.model_copy(update={"api_cors_origins": ["http://ok.example"]})
    other = Node(settings, services=[])
    other.nexus = node.nexus  # share the started chain; nothing is started twice
    c = TestClient(create_app(other))
    assert (
        c.get("/status", headers={"Origin": "http://ok.example"}).headers["access-control-allow-origin"]
        == "http://ok.example"
    )
    assert "access-control-allow-origin" not in c.get("/status", headers={"Origin": "http://evil.example"}).headers


def test_body_size_is_capped(node: Node, token: str) -> None:
    settings = node.settings.model_copy(update={"api_max_body": 1024})
    small = Node(settings, services=[])
    c = TestClient(create_app(small))
    r = c.post("/events", json={"kind": "note", "data": {"x": "y" * 4096}}, headers=auth(token))
    assert r.status_code == 413 and "too large" in r.json()["error"]


def test_openapi_declares_the_token_on_writes_only(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            secured = op.get("security") == [{"apiToken": []}]
            assert secured == (method in ("post", "put", "patch", "delete")), (method, path)
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_dashboard_is_served_offline(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "default-src 'self'" in r.headers["content-security-policy"]
    refs = re.findall(r'(?:src|href)="([^"#]+)"', r.text)
    assert refs and all(ref.startswith("/") for ref in refs)  # nothing from another origin
    for ref in refs:
        if ref.startswith("/ui/"):
            assert client.get(ref).status_code == 200, ref
    js = client.get("/ui/js/app.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]


def _get_every_read(client: TestClient) -> list[Any]:
    """GET every documented read endpoint (path parameters filled with plausible values)."""
    out = []
    for path, ops in client.get("/openapi.json").json()["paths"].items():
        if "get" not in ops or re.search(r"^/events$|stream", path):  # streams never end
            continue
        url = re.sub(r"\{[^}]+\}", "0", path)
        out.append(client.get(url))
    out.append(client.get("/events/recent"))
    return out


def test_no_secret_in_any_response_or_log(client: TestClient, token: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    responses = _get_every_read(client)
    responses.append(client.post("/ledger/anchor", headers=auth("nxs_guess-guess-guess-guess")))
    responses.append(client.post("/ledger/records", json={"kind": "x", "payload": 1}, headers=auth(token)))
    responses.append(client.get("/no-such-page"))
    secrets = [token, KEY, KEY[2:], PASSWORD]
    for r in responses:
        text = r.text + " ".join(f"{k}: {v}" for k, v in r.headers.items())
        for secret in secrets:
            assert secret not in text, r.url
    for secret in [*secrets, "nxs_guess-guess-guess-guess"]:
        assert secret not in caplog.text
