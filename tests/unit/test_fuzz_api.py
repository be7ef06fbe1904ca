"""Fuzzing the HTTP API: every route of the OpenAPI document, deep and huge bodies, huge ids; a
real `nexus up` survives a 100,000-deep body (it segfaulted: py_ecc raises the recursion limit)."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fuzzing import fuzz_client, run_api_fuzz, targets
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from nexus.api.middleware import BodyLimit


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with fuzz_client(tmp_path_factory.mktemp("fuzz")) as c:
        yield c


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _append(client: TestClient, payload: bytes) -> Any:
    return client.post(
        "/ledger/records",
        content=b'{"kind": "t", "payload": ' + payload + b"}",
        headers={"content-type": "application/json"},
    )


def test_every_route_answers_fuzzed_input_with_a_json_4xx_never_a_5xx(client: TestClient) -> None:
    result = run_api_fuzz(25, seed=20261204, client=client)
    assert result["failures"] == [] and result["server_errors"] == 0 and result["crashes"] == 0
    # the routes come from the OpenAPI document: a new route is fuzzed without touching this test
    assert result["routes"] == [str(t) for t in targets(client.app)]
    assert {
        "POST /ledger/records",
        "POST /ledger/verify",
        "POST /scan",
        "GET /ledger/records/{index}",
        "POST /markets/{ref}/trade",
        "GET /oracle/feeds/{name}/history",
    } <= set(result["routes"])
    assert result["inputs"] >= 10 * len(result["routes"])


def test_a_body_deeper_than_the_limit_is_one_400_before_parsing(client: TestClient) -> None:
    assert _append(client, _nested(63)).status_code == 201  # 64 levels with the outer object
    for depth in (64, 1000, 60_000, 100_000):
        r = _append(client, _nested(depth))
        assert r.status_code == 400 and "deeper than 64 levels" in r.json()["error"]
    r = _append(client, b'{"a":' * 100_000)  # unclosed: still rejected by depth, not parsed
    assert r.status_code == 400 and "deeper than 64" in r.json()["error"]
    # brackets and escaped quotes inside strings are text, not nesting
    text = json.dumps('\\"' + "[{" * 5000 + '"')
    r = _append(client, text.encode())
    assert r.status_code == 201
    assert client.get(f"/ledger/records/{r.json()['id']}").json()["payload"] == json.loads(text)
    assert client.get("/health").status_code == 200
    assert sys.getrecursionlimit() <= 12_288  # create_app put back what py_ecc raised to 100,000


def test_a_streamed_deep_body_is_refused_while_it_arrives(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"kind": "t", "payload": '
        for _ in range(100):
            yield b"[" * 1000

    r = client.post("/ledger/records", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 400 and "deeper than 64" in r.json()["error"]


def test_huge_ids_and_odd_payloads_get_clear_errors(client: TestClient) -> None:
    for url in (
        "/ledger/records/99999999999999999999999",
        "/ledger/records/99999999999999999999999/receipt",
        "/ledger/lineage/99999999999999999999999",
        "/ledger/lineage/" + "9" * 5000,
    ):
        r = client.get(url)
        assert r.status_code == 404 and "no ledger record" in r.json()["error"], (url, r.text)
    assert client.get("/ledger/records/1e23").status_code == 422
    assert client.get("/markets/1e23").status_code == 404
    assert _append(client, b"1" * 4000).status_code == 201
    big = _append(client, b"1" * 5000)  # past Python's 4300-digit int parsing limit
    assert big.status_code == 400 and "error" in big.json()
    # lineage of records whose payload is not an object, or whose links are garbage
    for kind, payload in (
        ("t", 5),
        ("lineage.model", {"run": [1]}),
        ("lineage.run", {"data": {"a": 5}}),
        ("lineage.dataset", {"parents": "x", "transform": True}),
        ("t", None),
    ):
        rid = client.post("/ledger/records", json={"kind": kind, "payload": payload}).json()["id"]
        r = client.get(f"/ledger/lineage/{rid}")
        assert r.status_code == 200, r.text
        node = r.json()["graph"]["nodes"][0]
        assert node["id"] == rid and node["upstream"] == [] and node["payload"] == payload


def _echo_app(max_depth: int, max_bytes: int = 1000) -> TestClient:
    async def echo(request: Request) -> JSONResponse:
        return JSONResponse({"n": len(await request.body())})

    app = Starlette(routes=[Route("/", echo, methods=["POST"])])
    return TestClient(BodyLimit(app, max_bytes=max_bytes, max_depth=max_depth))


def test_body_limits_are_settings(nexus_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nexus.settings import load_settings

    monkeypatch.setenv("NEXUS_API_MAX_DEPTH", "8")
    assert load_settings().api_max_depth == 8
    c = _echo_app(8)
    assert c.post("/", content=_nested(8)).json() == {"n": 16}
    assert c.post("/", content=_nested(9)).status_code == 400
    assert c.post("/", content=b"x" * 1001).status_code == 413


def test_a_real_node_survives_a_100000_deep_body(nexus_home: Path) -> None:
    from nodeproc import node_process

    with node_process(nexus_home) as (proc, url, lines):
        token = (nexus_home / "api-token").read_text().strip()
        body = b'{"kind": "t", "payload": ' + _nested(100_000) + b"}"
        req = urllib.request.Request(
            url + "/ledger/records",
            body,
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=60)
        assert err.value.code == 400 and "deeper than 64" in json.loads(err.value.read())["error"]
        with urllib.request.urlopen(url + "/health", timeout=60) as r:
            assert r.status == 200
        assert proc.poll() is None, "".join(lines)
