"""The protocol-level fast path for cached reads: the same bytes and headers as the ASGI path,
the same Host check and 304 rules, and it steps aside whenever the ASGI path must answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from nexus.api import create_app
from nexus.api.app import allowed_hosts
from nexus.api.fastpath import FastReads
from nexus.node import Node
from nexus.settings import load_settings


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, FastReads, Node]]:
    home = tmp_path_factory.mktemp("fast-home")
    with Node(load_settings(home=home, ledger_anchor=False, guard=False, oracle=False)) as node:
        api = create_app(node)
        client = TestClient(api, headers={"Authorization": f"Bearer {api.state.tokens.get()}"})
        # as `nexus up` on 127.0.0.1 would: localhost, 127.0.0.1, [::1] and the bound host
        yield client, FastReads(api, allowed_hosts([], "http://127.0.0.1:8700")), node


def _split(raw: bytes) -> tuple[str, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return lines[0], {k.lower(): v for k, v in headers.items()}, body


def test_a_cached_read_is_answered_with_the_asgi_paths_bytes_and_headers(env: tuple[TestClient, FastReads, Node]
                                                                         ) -> None:
    client, fast, _ = env
    assert fast.answer(b"/status", [(b"host", b"127.0.0.1:8700")], b"") is None  # not cached yet: ASGI
    asgi = client.get("/status")
    raw = fast.answer(b"/status", [(b"host", b"127.0.0.1:8700")], b"date: x\r\n")
    assert raw is not None
    status, headers, body = _split(raw)
    assert status == "HTTP/1.1 200 OK" and body == asgi.content and headers["date"] == "x"
    for name in ("content-type", "etag", "cache-control", "x-content-type-options", "referrer-policy",
                 "x-frame-options", "content-security-policy"):
        assert headers[name] == asgi.headers[name], name
    assert int(headers["content-length"]) == len(body)
    not_modified = fast.answer(b"/status", [(b"if-none-match", asgi.headers["etag"].encode())], b"")
    assert not_modified is not None and _split(not_modified)[0] == "HTTP/1.1 304 Not Modified"
    assert _split(not_modified)[2] == b"" and _split(not_modified)[1]["etag"] == asgi.headers["etag"]


def test_the_fast_path_steps_aside_when_asgi_must_answer(env: tuple[TestClient, FastReads, Node]) -> None:
    client, fast, node = env
    client.get("/blocks/0")
    assert fast.answer(b"/blocks/0", [], b"") is not None
    assert fast.answer(b"/blocks/0", [(b"host", b"evil.example")], b"") is None  # HostCheck answers 400
    assert fast.answer(b"/blocks/0", [(b"connection", b"close")], b"") is None
    assert fast.answer(b"http://127.0.0.1/blocks/0", [], b"") is None  # absolute-form target
    assert fast.answer(b"/blocks/0?x=1", [], b"") is None  # another key
    node.events.publish("test.fast", {})  # the node changed: the entry is out of date
    assert fast.answer(b"/blocks/0", [], b"") is None
    client.get("/blocks/0")
    assert fast.answer(b"/blocks/0", [], b"") is not None
    r = client.post("/ledger/records", json={"kind": "note", "payload": {}})  # a write invalidates too
    assert r.status_code == 201 and fast.answer(b"/blocks/0", [], b"") is None
