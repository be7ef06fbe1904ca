"""The event bus, the block stream, and their HTTP face: /events (SSE), /events/recent, POST."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nexus.api import create_app
from nexus.node import EventBus, Node
from nexus.node.blocks import BlockStream
from nexus.settings import load_settings


def test_subscribers_get_the_kinds_they_asked_for_in_order() -> None:
    bus = EventBus()
    blocks, everything = bus.subscribe(["block"]), bus.subscribe()
    bus.publish("block", {"number": 1})
    bus.publish("finding", {"severity": "High"})
    bus.publish("block", {"number": 2})
    assert [e.data["number"] for e in (blocks.get(0), blocks.get(0))] == [1, 2]
    assert blocks.get(0) is None
    assert [e.kind for e in (everything.get(0), everything.get(0), everything.get(0))] == ["block", "finding", "block"]


def test_history_replays_after_an_id_and_recent_filters() -> None:
    bus = EventBus(history=3)
    ids = [bus.publish("k", {"i": i}).id for i in range(5)]
    sub = bus.subscribe(since=ids[2])
    assert [sub.get(0).data["i"], sub.get(0).data["i"]] == [3, 4]  # type: ignore[union-attr]
    assert [e.data["i"] for e in bus.recent(["k"], since=0)] == [2, 3, 4]  # history holds 3
    assert bus.recent(["other"]) == [] and bus.last_id == ids[-1]


def test_a_slow_subscriber_loses_the_oldest_and_is_told() -> None:
    bus = EventBus()
    sub = bus.subscribe(maxsize=2)
    for i in range(5):
        bus.publish("k", {"i": i})
    assert sub.take_dropped() == 3 and sub.take_dropped() == 0
    assert sub.get(0).data == {"i": 3}  # type: ignore[union-attr]


def test_bad_kinds_and_data_are_refused() -> None:
    bus = EventBus()
    with pytest.raises(ValueError, match="bad event kind"):
        bus.publish("Block\nevent: x", {})
    with pytest.raises(TypeError):
        bus.publish("k", {"x": object()})


def test_close_wakes_readers_and_async_readers_get_events() -> None:
    bus = EventBus()
    sub = bus.subscribe()
    threading.Timer(0.05, bus.close).start()
    assert sub.get(timeout=30) is None and sub.closed and bus.subscribers() == 0

    async def read() -> list[int]:
        bus2 = EventBus()
        asub = bus2.subscribe(loop=asyncio.get_running_loop())
        threading.Thread(target=lambda: [bus2.publish("k", {"i": i}) for i in range(3)]).start()
        got = []
        while len(got) < 3:
            event = await asub.aget(30)
            assert event is not None
            got.append(event.data["i"])
        return got

    assert asyncio.run(read()) == [0, 1, 2]


@pytest.fixture
def node(nexus_home: Path) -> Iterator[Node]:
    with Node(load_settings(ledger_anchor=False), services=[BlockStream(0.02)]) as n:
        yield n


def test_the_block_stream_publishes_each_new_block(node: Node) -> None:
    sub = node.events.subscribe(["block"])
    chain = node.require().chain
    chain.mine(2)
    head = chain.block_number()
    first, second = sub.get(timeout=30), sub.get(timeout=30)
    assert first is not None and second is not None
    assert [first.data["number"], second.data["number"]] == [head - 1, head]
    assert second.data["hash"] == chain.get_block(head).hash and second.data["tx_count"] == 0
    assert node.health()["services"]["blocks"]["head"] == head


def test_events_over_http(node: Node) -> None:
    client = TestClient(create_app(node))
    token = node.settings.api_token_path.read_text().strip()
    r = client.post("/events", json={"kind": "finding", "data": {"severity": "High"}})
    assert r.status_code == 401
    r = client.post("/events", json={"kind": "block", "data": {}}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 400 and "published by the node itself" in r.json()["error"]
    r = client.post(
        "/events",
        json={"kind": "finding", "data": {"severity": "High", "name": "x"}},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 201
    recent = client.get("/events/recent?kinds=finding").json()
    assert recent["events"][-1]["data"] == {"severity": "High", "name": "x"}
    assert recent["last_id"] >= recent["events"][-1]["id"]

    # the stream replays from `since`; closing the bus (as shutdown does) ends it
    threading.Timer(0.5, node.events.close).start()
    with client.stream("GET", "/events?kinds=finding&since=0") as resp:
        assert resp.headers["content-type"].startswith("text/event-stream")
        body = "".join(resp.iter_text())
    assert "event: finding\n" in body and 'data: {"severity":"High","name":"x"}' in body
    assert "event: block" not in body
