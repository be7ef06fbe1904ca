"""The node's one block stream: each block fetched once, in order, for every consumer; the typed
service lookup; the default service list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from nexus.exceptions import ServiceUnavailable
from nexus.node import BlockStream, EventBus, Node, Service
from nexus.services import default_services
from nexus.settings import load_settings


@dataclass
class FakeBlock:
    number: int
    hash: str = ""
    parent_hash: str = ""
    timestamp: int = 0
    transactions: list[Any] = field(default_factory=list)
    logs: list[Any] = field(default_factory=list)


class FakeChain:
    def __init__(self, head: int) -> None:
        self.head = head
        self.fetches: list[int] = []
        self.durable = 0

    def block_number(self) -> int:
        return self.head

    def get_block(self, n: int) -> FakeBlock:
        assert n <= self.durable, "a block was handed out before it was durable"
        self.fetches.append(n)
        return FakeBlock(n, hash=f"0x{n:064x}")

    def make_durable(self, n: int) -> None:
        self.durable = max(self.durable, n)


class Consumer:
    def __init__(self, start: int, fail_on: int | None = None) -> None:
        self.next_block = start
        self.seen: list[int] = []
        self.fail_on = fail_on

    def process_block(self, block: FakeBlock) -> None:
        if block.number == self.fail_on:
            self.fail_on = None  # fails once, then works
            raise RuntimeError("boom")
        assert block.number == self.next_block
        self.seen.append(block.number)
        self.next_block += 1


def _bus() -> EventBus:
    bus = EventBus(100)
    bus.open()
    return bus


def test_each_block_is_fetched_once_for_every_consumer() -> None:
    chain, bus = FakeChain(head=10), _bus()
    stream = BlockStream()
    stream.head = 10
    a, b = Consumer(11), Consumer(11)
    stream.subscribe(a)
    stream.subscribe(b)
    chain.head = 15
    stream.poll(chain, bus)  # type: ignore[arg-type]
    assert a.seen == b.seen == [11, 12, 13, 14, 15]
    assert chain.fetches == [11, 12, 13, 14, 15]
    assert [e.data["number"] for e in bus.recent(["block"])] == [11, 12, 13, 14, 15]


def test_a_consumer_behind_catches_up_without_refetching_for_the_others() -> None:
    chain, bus = FakeChain(head=20), _bus()
    stream = BlockStream()
    stream.head = 20
    late, live = Consumer(16), Consumer(21)
    stream.subscribe(late)
    stream.subscribe(live)
    chain.head = 22
    stream.poll(chain, bus)  # type: ignore[arg-type]
    assert late.seen == [16, 17, 18, 19, 20, 21, 22] and live.seen == [21, 22]
    assert chain.fetches == [16, 17, 18, 19, 20, 21, 22]  # 21 and 22 once for both
    assert [e.data["number"] for e in bus.recent(["block"])] == [21, 22]  # only new blocks are announced


def test_a_failing_consumer_retries_its_block_and_the_others_go_on() -> None:
    chain, bus = FakeChain(head=0), _bus()
    stream = BlockStream()
    stream.head = 0
    flaky, steady = Consumer(1, fail_on=2), Consumer(1)
    stream.subscribe(flaky)
    stream.subscribe(steady)
    chain.head = 3
    stream.poll(chain, bus)  # type: ignore[arg-type]
    assert flaky.seen == [1] and steady.seen == [1, 2, 3]
    stream.poll(chain, bus)  # type: ignore[arg-type]
    assert flaky.seen == [1, 2, 3] and steady.seen == [1, 2, 3]
    assert stream.errors == 1


def test_a_reverted_chain_is_followed_back() -> None:
    chain, bus = FakeChain(head=9), _bus()
    stream = BlockStream()
    stream.head = 9
    chain.head = 5  # reverted to a snapshot
    assert stream.poll(chain, bus) == 0  # type: ignore[arg-type]
    chain.head = 6
    stream.poll(chain, bus)  # type: ignore[arg-type]
    assert [e.data["number"] for e in bus.recent(["block"])] == [6]


class Other(Service):
    name = "other"

    def start(self, node: Node) -> None: ...

    def stop(self) -> None: ...


def test_services_are_found_by_type(tmp_path: Any) -> None:
    settings = load_settings(home=tmp_path)
    stream = BlockStream()
    node = Node(settings, [stream])
    assert node.service(BlockStream) is stream and node.find(Other) is None
    with pytest.raises(ServiceUnavailable, match="no other service"):
        node.service(Other)


def test_the_default_services_and_their_order(tmp_path: Any) -> None:
    names = [s.name for s in default_services(load_settings(home=tmp_path))]
    assert names == ["ledger", "blocks", "models", "guard", "oracle", "nft"]
    off = [s.name for s in default_services(load_settings(home=tmp_path, guard=False, oracle=False, nft=False))]
    assert off == ["ledger", "blocks", "models"]


class Recorder(Service):
    def __init__(self, name: str, calls: list[str]) -> None:
        self.name, self.calls = name, calls

    def start(self, node: Node) -> None: ...

    def stop(self) -> None:
        self.calls.append(f"stop {self.name}")

    def halt(self) -> None:
        self.calls.append(f"halt {self.name}")


def test_stopping_halts_every_service_before_any_consumer_closes(tmp_path: Any) -> None:
    # services stop in reverse start order, so the block stream (started before its consumers)
    # would otherwise hand a block to a consumer that has already closed
    calls: list[str] = []
    node = Node(load_settings(home=tmp_path), [Recorder("blocks", calls), Recorder("guard", calls)])
    node._started = list(node.services)  # as after start(), without opening a chain
    node.stop()
    assert calls == ["halt blocks", "halt guard", "stop guard", "stop blocks"]


def test_a_halted_block_stream_hands_out_no_more_blocks() -> None:
    chain, bus = FakeChain(head=10), _bus()
    stream = BlockStream()
    stream.head = 10
    consumer = Consumer(11)
    stream.subscribe(consumer)
    stream.halt()
    chain.head = 12
    stream.poll(chain, bus)  # type: ignore[arg-type]
    assert consumer.seen == [] and chain.fetches == []
    stream.halt()  # idempotent
