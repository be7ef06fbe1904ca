"""`NFTService`: evolves the tokens when things happen on the node, subscribing by name, importing nothing.

Two feeds, both matched by name only (no other capability is imported):
- event-bus kinds: `finding` (the guard) evolves every token (`guard.finding`); `oracle.round`
  evolves every token when a feed's answer crosses `nft_oracle_threshold` (`oracle.crossing`, up or down);
- chain logs from the block stream, by event signature: `Resolved(uint256,address)` (a market) and
  `Resolved(uint256,uint256)` (a hub market) evolve every token (`market.resolution`, with the
  outcome); the DynamicNFT's own `Interacted(uint256,address,uint256)` evolves the holder's token
  (`holder.action`).
Each evolution is published as an `nft.evolved` event (the dashboard's gallery follows it). The block
cursor lives in memory: after a restart the service follows from the head.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import TYPE_CHECKING, Any

from eth_utils import keccak

from ..node.blocks import BlockStream
from ..node.service import Service
from .traits import Cause

if TYPE_CHECKING:
    from ..chain.types import Block, Log
    from ..node import Node

__all__ = ["BUS_KINDS", "LOG_RULES", "NFTService"]

log = logging.getLogger(__name__)
BUS_KINDS = ("finding", "oracle.round")
LOG_RULES = {
    "Resolved(uint256,address)": "market.resolution",
    "Resolved(uint256,uint256)": "market.resolution",
    "Interacted(uint256,address,uint256)": "holder.action",
}
_TOPICS = {keccak(text=sig): (sig, kind) for sig, kind in LOG_RULES.items()}


def _word(data: bytes, i: int) -> int:
    chunk = data[32 * i : 32 * (i + 1)]
    return int.from_bytes(chunk, "big") if len(chunk) == 32 else 0


class NFTService(Service):
    name = "nft"

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.threshold: float | None = settings.nft_oracle_threshold
        self.next_block = 0
        self.stats: dict[str, Any] = {"evolutions": 0, "causes": 0, "errors": 0, "last": None}
        self._last_answer: dict[str, float] = {}
        self._pending: queue.Queue[tuple[Cause, int | None]] = queue.Queue()
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None
        self._node: Node | None = None
        self._stream: BlockStream | None = None
        self._address: str | None = None

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self, node: Node) -> None:
        self._node = node
        nexus = node.require()
        self.next_block = nexus.chain.block_number() + 1
        self._sub = node.events.subscribe(BUS_KINDS)
        self._stream = node.find(BlockStream)
        if self._stream is not None:
            self._stream.subscribe(self)
        self._halt.clear()
        self._thread = threading.Thread(target=self._run, name="nexus-nft", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._halt.set()
        if self._stream is not None:
            self._stream.unsubscribe(self)
        sub = getattr(self, "_sub", None)
        if sub is not None:
            sub.close()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def health(self) -> dict[str, Any]:
        alive = self._thread is not None and self._thread.is_alive()
        return {"ok": alive, "next_block": self.next_block, **self.stats}

    # --- inputs ------------------------------------------------------------------------------
    def process_block(self, block: Block) -> None:
        """Block-stream consumer: queue a cause per matching log (handled on the service's thread)."""
        ours = self._our_address() if block.logs else None
        for entry in block.logs:
            found = self.cause_of_log(entry, ours)
            if found is not None:
                self._pending.put(found)
        self.next_block = block.number + 1

    def cause_of_log(self, entry: Log, nft_address: str | None) -> tuple[Cause, int | None] | None:
        """(cause, token or None for every token) for a log this service follows; a holder action
        counts only from the DynamicNFT at `nft_address`."""
        if not entry.topics or entry.topics[0] not in _TOPICS:
            return None
        sig, kind = _TOPICS[entry.topics[0]]
        detail = {"event": sig, "address": entry.address, "tx": entry.tx_hash, "log_index": entry.log_index}
        if kind == "holder.action":
            if nft_address is None or entry.address.lower() != nft_address.lower() or len(entry.topics) < 2:
                return None
            token = int.from_bytes(entry.topics[1], "big")
            return Cause(kind, {**detail, "action": _word(entry.data, 0)}), token
        outcome = _word(entry.data, 0)
        return Cause(kind, {**detail, "outcome": outcome}), None

    def cause_of_event(self, kind: str, data: Any) -> Cause | None:
        """The cause for a bus event, if it is one (an oracle round only when it crosses the threshold)."""
        if not isinstance(data, dict):
            return None
        if kind == "finding":
            return Cause("guard.finding", {"alert": str(data.get("alert_id", ""))[:64], "tx": data.get("tx_hash")})
        if kind == "oracle.round" and self.threshold is not None and data.get("accepted"):
            try:
                answer = float(data["answer"])
            except (KeyError, TypeError, ValueError):
                return None
            feed = str(data.get("feed", ""))[:64]
            last = self._last_answer.get(feed)
            self._last_answer[feed] = answer
            if last is None or (last < self.threshold) == (answer < self.threshold):
                return None
            direction = "up" if answer >= self.threshold else "down"
            return Cause("oracle.crossing", {"feed": feed, "answer": answer, "direction": direction})
        return None

    def _our_address(self) -> str | None:
        """The DynamicNFT's address (looked up until one is deployed)."""
        from .contract import nft_contract

        if self._address is None and self._node is not None:
            c = nft_contract(self._node.require(), deploy=False)
            self._address = None if c is None else c.address
        return self._address

    # --- work --------------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._halt.is_set():
            event = self._sub.get(timeout=0.2)
            if event is not None:
                cause = self.cause_of_event(event.kind, event.data)
                if cause is not None:
                    self._pending.put((cause, None))
            while not self._pending.empty():
                cause, token = self._pending.get_nowait()
                self.apply(cause, token)

    def apply(self, cause: Cause, token: int | None) -> list[dict[str, Any]]:
        """Evolve `token` (None: every token) on `cause`; publishes `nft.evolved`. Errors are counted, not raised."""
        from .service import evolve, evolve_all

        assert self._node is not None
        self.stats["causes"] += 1
        try:
            nexus = self._node.require()
            done = [evolve(nexus, token, cause)] if token is not None else evolve_all(nexus, cause)
        except Exception as exc:  # noqa: BLE001 - one failed evolution must not stop the service
            self.stats["errors"] += 1
            log.warning("nft: evolving on %s failed: %s", cause.kind, exc)
            return []
        if done:
            self.stats["evolutions"] += len(done)
            self.stats["last"] = cause.kind
            tokens = [{"token": d["token"], "version": d["version"]} for d in done]
            self._node.events.publish("nft.evolved", {"cause": cause.kind, "tokens": tokens})
        return done
