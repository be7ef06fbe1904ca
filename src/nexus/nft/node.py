"""`NFTService`: evolves the tokens when things happen on the node, subscribing by name, importing nothing.

Two feeds, both matched by name only (no other capability is imported):
- event-bus kinds: `finding` (the guard) evolves every token (`guard.finding`); `oracle.round`
  evolves every token when a feed's answer crosses `nft_oracle_threshold` (`oracle.crossing`, up or down);
- chain logs from the block stream, by event signature: `Resolved(uint256,address)` (a market) and
  `Resolved(uint256,uint256)` (a hub market) evolve every token (`market.resolution`, with the
  outcome); the DynamicNFT's own `Interacted(uint256,address,uint256)` evolves the holder's token
  (`holder.action`).
Each evolution is published as an `nft.evolved` event (the dashboard's gallery follows it). The block
cursor is durable (`<home>/nft/cursor.json`, written once a block's causes are applied): after a
restart the service replays the blocks it missed, skipping tokens whose `Evolved` event already
carries that cause, so a kill between an evolution and the cursor write never evolves a token twice.
Bus events are not replayed (the bus keeps no history across restarts).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from typing import TYPE_CHECKING, Any

from eth_utils import keccak

from ..node.blocks import BlockStream
from ..node.service import Service
from .cursor import load_cursor, save_cursor
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
        self._pending: queue.Queue[tuple[int | None, str, list[tuple[Cause, int | None]]]] = queue.Queue()
        self.cursor_path = settings.home / "nft" / "cursor.json"
        self._done: tuple[int, str] | None = None  # (next block, hash of the one before): applied
        self._saved_at = 0.0
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None
        self._node: Node | None = None
        self._stream: BlockStream | None = None
        self._address: str | None = None

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self, node: Node) -> None:
        self._node = node
        self.next_block = self._resume(node.require().chain)
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
        self._save(force=True)

    def _resume(self, chain: Any) -> int:
        """Where to read from: the saved cursor if its block is still on the chain, else the head."""
        head = int(chain.block_number())
        saved = load_cursor(self.cursor_path)
        if saved is not None and 0 < saved[0] <= head + 1:
            try:
                if chain.get_block(saved[0] - 1).hash == saved[1]:
                    self._done = saved
                    return saved[0]
            except Exception:  # noqa: BLE001 - an unreadable block: start from the head
                pass
            log.warning("nft: saved cursor %d is not on this chain; following from the head", saved[0])
        return head + 1

    def _save(self, force: bool = False) -> None:
        if self._done is None or (not force and time.monotonic() - self._saved_at < 2.0):
            return
        try:
            save_cursor(self.cursor_path, *self._done)
            self._saved_at = time.monotonic()
        except OSError as exc:
            log.warning("nft: cannot save the block cursor: %s", exc)

    def health(self) -> dict[str, Any]:
        alive = self._thread is not None and self._thread.is_alive()
        return {"ok": alive, "next_block": self.next_block, **self.stats}

    # --- inputs ------------------------------------------------------------------------------
    def process_block(self, block: Block) -> None:
        """Block-stream consumer: queue a cause per matching log (handled on the service's thread)."""
        ours = self._our_address() if block.logs else None
        found = [c for entry in block.logs if (c := self.cause_of_log(entry, ours)) is not None]
        self._pending.put((block.number, block.hash, found))
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
        from .verify import reconcile

        try:
            assert self._node is not None
            self.stats["reconciled"] = len(reconcile(self._node.require()))
        except Exception as exc:  # noqa: BLE001 - serving goes on; the next start retries
            self.stats["errors"] += 1
            log.warning("nft: reconciling the ledger failed: %s", exc)
        while not self._halt.is_set():
            event = self._sub.get(timeout=0.2)
            if event is not None:
                cause = self.cause_of_event(event.kind, event.data)
                if cause is not None:
                    self.apply(cause, None)
            while not self._pending.empty():
                number, block_hash, causes = self._pending.get_nowait()
                for cause, token in causes:
                    self.apply(cause, token, since=number)
                if number is not None:
                    self._done = (number + 1, block_hash)
                    self._save(force=bool(causes))
            self._save()

    def _already(self, nexus: Any, cause: Cause, since: int) -> set[int]:
        """Tokens whose Evolved event since block `since` carries `cause` (applied before a restart)."""
        from .contract import nft_contract

        c = nft_contract(nexus, deploy=False)
        if c is None:
            return set()
        want = cause.hash.hex()
        return {
            int(ev.args["tokenId"])
            for ev in c.contract.events("Evolved", since)
            if (ev.args["cause"].hex() if isinstance(ev.args["cause"], bytes) else str(ev.args["cause"])[2:]) == want
        }

    def apply(self, cause: Cause, token: int | None, *, since: int | None = None) -> list[dict[str, Any]]:
        """Evolve `token` (None: every token) on `cause`, skipping tokens it already moved when the
        cause came from block `since`; publishes `nft.evolved`. Errors are counted, not raised."""
        from .contract import nft_contract
        from .service import evolve, evolve_all

        assert self._node is not None
        self.stats["causes"] += 1
        try:
            nexus = self._node.require()
            skip = self._already(nexus, cause, since) if since is not None else set()
            done: list[dict[str, Any]]
            if token is not None:
                done = [] if token in skip else [evolve(nexus, token, cause)]
            else:
                c = nft_contract(nexus, deploy=False)
                tokens = [t for t in range(c.total() if c is not None else 0) if t not in skip]
                done = evolve_all(nexus, cause, tokens=tokens) if tokens else []
        except Exception as exc:  # noqa: BLE001 - one failed evolution must not stop the service
            self.stats["errors"] += 1
            log.warning("nft: evolving on %s failed: %s", cause.kind, exc)
            return []
        if done:
            self.stats["evolutions"] += len(done)
            self.stats["last"] = cause.kind
            moved = [{"token": d["token"], "version": d["version"]} for d in done]
            self._node.events.publish("nft.evolved", {"cause": cause.kind, "tokens": moved})
        return done
