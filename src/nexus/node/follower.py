"""The chain follower: polls the head and publishes a `block` event for every new block, once the
block is durable (docs/crash-consistency.md)."""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from .service import Service, register_service

if TYPE_CHECKING:
    from ..chain import ChainBackend
    from ..chain.types import Block
    from ..settings import Settings
    from .events import EventBus
    from .node import Node

__all__ = ["ChainFollower", "block_event"]

log = logging.getLogger(__name__)
MAX_CATCH_UP = 256  # after a long stall, publish only the newest blocks
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


class ChainFollower(Service):
    """Publishes `block` events on the node's event bus, polling every `poll_interval` seconds."""

    name = "follower"

    def __init__(self, poll_interval: float = 0.2) -> None:
        self.poll_interval = poll_interval
        self.head: int | None = None
        self.published = 0
        self.errors = 0
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, node: Node) -> None:
        chain = node.require().chain
        self.head = chain.block_number()
        self._halt.clear()
        self._thread = threading.Thread(target=self._run, args=(chain, node.events),
                                        name="nexus-follower", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._halt.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def health(self) -> dict[str, Any]:
        alive = self._thread is not None and self._thread.is_alive()
        return {"ok": alive, "head": self.head, "published": self.published}

    def _run(self, chain: ChainBackend, bus: EventBus) -> None:
        while not self._halt.wait(self.poll_interval):
            try:
                self.poll(chain, bus)
            except Exception as exc:  # noqa: BLE001 - keep following; the next poll retries
                self.errors += 1
                if self.errors in (1, 10) or self.errors % 100 == 0:
                    log.warning("chain follower: %s (%d errors so far)", exc, self.errors)

    def poll(self, chain: ChainBackend, bus: EventBus) -> int:
        """Publish every block after the last one seen; returns how many were published."""
        head = chain.block_number()
        if self.head is not None and head > self.head:  # show subscribers only blocks a crash keeps
            chain.make_durable(head)  # (one group flush per poll, shared with the guard's)
        last = head if self.head is None else self.head
        if head < last:  # the chain was reverted to a snapshot: follow it back
            self.head = head
            return 0
        first, sent = max(last + 1, head - MAX_CATCH_UP + 1), 0
        for number in range(first, head + 1):
            if self._halt.is_set():
                break
            bus.publish("block", block_event(chain.get_block(number)))
            self.head = number
            self.published += 1
            sent += 1
        return sent


@register_service
def _follower(settings: Settings) -> Service:
    return ChainFollower(settings.poll_interval)
