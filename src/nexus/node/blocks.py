"""The node's one block stream: each new block is fetched once and handed to every consumer."""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any, Protocol

from .service import Service

if TYPE_CHECKING:
    from ..chain import ChainBackend
    from ..chain.types import Block
    from .events import EventBus
    from .node import Node

__all__ = ["BlockConsumer", "BlockStream", "block_event"]

log = logging.getLogger(__name__)
MAX_CATCH_UP = 256  # after a long stall, the event bus gets only the newest blocks
_SHOWN_TXS = 20  # tx hashes carried by one event; the rest are counted


def block_event(block: Block) -> dict[str, Any]:
    """The `block` event's data: a summary of `block`, JSON-ready."""
    return {
        "number": block.number,
        "hash": block.hash,
        "parent_hash": block.parent_hash,
        "timestamp": block.timestamp,
        "tx_count": len(block.transactions),
        "tx_hashes": [tx.hash for tx in block.transactions[:_SHOWN_TXS]],
        "log_count": len(block.logs),
        "seen_ms": int(time.time() * 1000),
    }


class BlockConsumer(Protocol):
    """What the stream feeds: the next block number it wants, and a handler for that block."""

    next_block: int

    def process_block(self, block: Block) -> Any: ...


class BlockStream(Service):
    """Polls the head every `poll_interval` seconds. Each new block is made durable (a crash keeps
    what consumers saw, docs/crash-consistency.md), fetched once (transactions, receipts, logs),
    published on the event bus as a `block` event, and handed in order to every consumer whose
    `next_block` it is. A consumer behind the head (catching up after a restart) is fed the older
    blocks first, each still fetched once for all consumers that want it. A consumer that raises
    is retried from the same block on the next poll; the others go on."""

    name = "blocks"

    def __init__(self, poll_interval: float = 0.2) -> None:
        self.poll_interval = poll_interval
        self.head: int | None = None
        self.published = 0
        self.fetched = 0
        self.errors = 0
        self._consumers: list[BlockConsumer] = []
        self._lock = threading.Lock()
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None

    def subscribe(self, consumer: BlockConsumer) -> None:
        with self._lock:
            if consumer not in self._consumers:
                self._consumers.append(consumer)

    def unsubscribe(self, consumer: BlockConsumer) -> None:
        with self._lock:
            if consumer in self._consumers:
                self._consumers.remove(consumer)

    def start(self, node: Node) -> None:
        chain = node.require().chain
        self.head = chain.block_number()
        self._halt.clear()
        self._thread = threading.Thread(target=self._run, args=(chain, node.events), name="nexus-blocks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._halt.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def halt(self) -> None:
        """Stop handing out blocks, and wait for the block in hand: no consumer gets a block once
        the node has begun stopping its services."""
        self.stop()

    def health(self) -> dict[str, Any]:
        alive = self._thread is not None and self._thread.is_alive()
        return {
            "ok": alive,
            "head": self.head,
            "published": self.published,
            "fetched": self.fetched,
            "consumers": len(self._consumers),
        }

    def _run(self, chain: ChainBackend, bus: EventBus) -> None:
        while not self._halt.wait(self.poll_interval):
            try:
                self.poll(chain, bus)
            except Exception as exc:  # noqa: BLE001 - keep following; the next poll retries
                self.errors += 1
                if self.errors in (1, 10) or self.errors % 100 == 0:
                    log.warning("block stream: %s (%d errors so far)", exc, self.errors)

    def poll(self, chain: ChainBackend, bus: EventBus) -> int:
        """Fetch and hand out every block up to the head; returns how many blocks were fetched."""
        head = chain.block_number()
        last = head if self.head is None else self.head
        if head < last:  # the chain was reverted to a snapshot: follow it back
            self.head = last = head
        if head > last:
            chain.make_durable(head)  # one group flush per poll, before anyone sees these blocks
        with self._lock:
            consumers = list(self._consumers)
        wanted = [c for c in consumers if c.next_block <= head]
        first = min([last + 1, *(c.next_block for c in wanted)])
        announce_from = max(last + 1, head - MAX_CATCH_UP + 1)
        fetched = 0
        for number in range(first, head + 1):
            if self._halt.is_set():
                break
            takers = [c for c in wanted if c.next_block == number]
            if not takers and number < announce_from:
                continue
            block = chain.get_block(number)
            fetched += 1
            if number >= announce_from:
                bus.publish("block", block_event(block))
                self.head = number
                self.published += 1
            for consumer in takers:
                try:
                    consumer.process_block(block)
                except Exception:  # noqa: BLE001 - this consumer retries the block next poll
                    self.errors += 1
                    wanted.remove(consumer)
                    log.exception("block stream: %r failed on block %d", consumer, number)
        self.fetched += fetched
        return fetched
