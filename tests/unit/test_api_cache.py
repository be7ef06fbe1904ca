"""The API's read cache: stored GET answers, invalidation by events and writes, ETag/304, one
computation for concurrent misses, stale-while-revalidate after max_age."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient

from nexus.api import create_app
from nexus.api.cache import ReadCache
from nexus.node import Node
from nexus.services import build_node
from nexus.settings import load_settings


# --- on a real node -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("cache-home")
    with build_node(load_settings(home=home, ledger_anchor=False, guard=False)) as node:
        api = create_app(node)
        yield TestClient(api, headers={"Authorization": f"Bearer {api.state.tokens.get()}"})


def test_repeated_reads_carry_an_etag_and_revalidate_to_304(client: TestClient) -> None:
    a, b = client.get("/status"), client.get("/status")
    assert a.status_code == b.status_code == 200
    assert a.headers["etag"] == b.headers["etag"] and a.headers["cache-control"] == "no-cache"
    assert b.headers["x-content-type-options"] == "nosniff"  # security headers on cached answers too
    assert a.json() == b.json()
    r = client.get("/status", headers={"If-None-Match": a.headers["etag"]})
    assert r.status_code == 304 and r.content == b"" and r.headers["etag"] == a.headers["etag"]
    r = client.get("/status", headers={"If-None-Match": '"something-else"'})
    assert r.status_code == 200 and r.json() == a.json()


def test_a_write_through_the_api_is_seen_by_the_next_read(client: TestClient) -> None:
    size = client.get("/health").json()["services"]["ledger"]["size"]
    assert client.get("/health").json()["services"]["ledger"]["size"] == size  # served from cache
    r = client.post("/ledger/records", json={"kind": "note", "payload": {"n": size}})
    assert r.status_code == 201
    assert client.get("/health").json()["services"]["ledger"]["size"] == size + 1


def test_an_event_on_the_bus_invalidates(client: TestClient) -> None:
    node: Node = client.app.state.node  # type: ignore[attr-defined]
    before = client.get("/events/recent?limit=5").json()
    event = node.events.publish("test.cache", {"n": 1})  # no HTTP write: only the bus knows
    after = client.get("/events/recent?limit=5").json()
    assert after["last_id"] == event.id != before["last_id"]
    assert after["events"][-1]["kind"] == "test.cache"


def test_errors_and_streams_are_not_stored(client: TestClient) -> None:
    assert client.get("/ledger/records/999").status_code == 404
    r = client.post("/ledger/records", json={"kind": "note", "payload": {}})
    assert r.status_code == 201
    index = r.json()["id"]
    assert client.get(f"/ledger/records/{index}").status_code == 200
    assert client.get("/").headers["content-type"].startswith("text/html")
    assert "etag" not in client.get("/events/recent", params={"limit": 0}).headers  # a 422


# --- the middleware on its own -------------------------------------------------------------------
class Counter:
    """An app whose answer says how often it was computed; `gate` holds computations back."""

    def __init__(self) -> None:
        self.calls = 0
        self.version = 0
        self.gate = threading.Event()
        self.gate.set()
        app = FastAPI()

        @app.get("/n")
        def n() -> dict[str, int]:
            self.gate.wait(10)
            self.calls += 1
            return {"calls": self.calls}

        @app.get("/text")
        def text() -> PlainTextResponse:
            self.calls += 1
            return PlainTextResponse(str(self.calls))

        @app.post("/write")
        def write() -> dict[str, bool]:
            return {"ok": True}

        self.cache = ReadCache(app, version=lambda: self.version, max_age=3600)
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.cache), base_url="http://localhost")


def test_concurrent_misses_compute_once() -> None:
    asyncio.run(_test_concurrent_misses_compute_once())


async def _test_concurrent_misses_compute_once() -> None:
    c = Counter()
    c.gate.clear()
    pending = [asyncio.ensure_future(c.client.get("/n")) for _ in range(20)]
    await asyncio.sleep(0.05)  # let them all arrive while the first computation is held
    c.gate.set()
    answers = await asyncio.gather(*pending)
    assert {r.json()["calls"] for r in answers} == {1} and c.calls == 1
    assert c.cache.stats()["hits"] == 0  # all 20 were misses, sharing one computation


def test_version_and_writes_invalidate_and_other_types_pass_through() -> None:
    asyncio.run(_test_version_and_writes_invalidate_and_other_types_pass_through())


async def _test_version_and_writes_invalidate_and_other_types_pass_through() -> None:
    c = Counter()
    assert (await c.client.get("/n")).json() == {"calls": 1}
    assert (await c.client.get("/n")).json() == {"calls": 1}
    assert (await c.client.get("/n?x=1")).json() == {"calls": 2}  # the query string is the key
    c.version += 1
    assert (await c.client.get("/n")).json() == {"calls": 3}
    assert (await c.client.post("/write")).status_code == 200
    assert (await c.client.get("/n")).json() == {"calls": 4}
    assert (await c.client.get("/text")).text == "5" and (await c.client.get("/text")).text == "6"


def test_an_old_entry_is_served_once_more_while_it_is_recomputed() -> None:
    asyncio.run(_test_an_old_entry_is_served_once_more_while_it_is_recomputed())


async def _test_an_old_entry_is_served_once_more_while_it_is_recomputed() -> None:
    c = Counter()
    c.cache.max_age = 0.0
    assert (await c.client.get("/n")).json() == {"calls": 1}
    assert (await c.client.get("/n")).json() == {"calls": 1}  # stale, refresh started
    old = c.cache.entries[b"/n"]
    for _ in range(1000):  # a guard against a hang, not a timing assertion
        if c.cache.entries.get(b"/n") is not old:
            break
        await asyncio.sleep(0.01)
    assert (await c.client.get("/n")).json() == {"calls": 2}


def test_the_cache_is_bounded() -> None:
    c = Counter()
    c.cache.max_entries = 3

    async def fill() -> None:
        for i in range(10):
            await c.client.get(f"/n?i={i}")

    asyncio.run(fill())
    assert list(c.cache.entries) == [b"/n?i=7", b"/n?i=8", b"/n?i=9"]
