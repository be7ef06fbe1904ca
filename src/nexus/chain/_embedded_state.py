"""The embedded chain's state and its life on disk: booting a new chain or reopening one
(`state.db` through `ChainStore`), snapshots and reverts for test control, and the flush that
persists state, pending blocks and their call traces atomically (the durability barrier).
`EmbeddedChain` builds on it (see `embedded.py`)."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from eth_utils import keccak

from ..exceptions import ChainError, StateError
from ._evm import EVM
from ._fast import canonical, checksum
from ._store import FORMAT, VERSION, ChainStore
from .accounts import DEV_BALANCE, dev_addresses
from .base import ChainBackend
from .types import Block

__all__ = ["EmbeddedState", "frame_json"]

_ZERO_HASH = "0x" + "00" * 32


def frame_json(comp: Any) -> dict[str, Any]:
    """A py-evm computation and its children as a callTracer-style frame (plain JSON data)."""
    msg = comp.msg
    if msg.is_create:
        kind, to = "CREATE", msg.storage_address
    elif msg.is_static:
        kind, to = "STATICCALL", msg.to
    elif msg.code_address != msg.storage_address:
        kind, to = "DELEGATECALL", msg.code_address
    else:
        kind, to = "CALL", msg.to
    out: dict[str, Any] = {
        "type": kind,
        "from": checksum(msg.sender),
        "to": checksum(to) if to else None,
        "value": hex(msg.value),
        "input": "0x" + (msg.code if msg.is_create else msg.data).hex(),
        "output": "0x" + bytes(comp.output).hex(),
        "gasUsed": hex(comp.get_gas_used()),
    }
    if comp.is_error:
        out["error"] = type(comp.error).__name__
    if comp.children:
        out["calls"] = [frame_json(c) for c in comp.children]
    return out


class EmbeddedState(ChainBackend):
    """State, snapshots and persistence of `EmbeddedChain` (its constructor sets these attributes)."""

    directory: Path
    readonly: bool
    flush_interval: float
    _lock: threading.RLock
    _store: ChainStore

    def _boot(self, chain_id: int) -> None:
        self._evm = EVM(self._store.nodes)
        self._pending: list[Block] = []
        self._code_cache: dict[str, bytes] = {}
        self._computations: dict[str, Any] = {}
        self._snapshots: dict[int, tuple[bytes, int, int]] = {}
        self._next_snapshot = 1
        self._last_flush = time.monotonic()
        meta = self._store.meta
        if not meta:  # a new chain
            self._chain_id = chain_id
            self._clock_offset = 0
            now = int(time.time())
            genesis = "0x" + keccak(f"{chain_id}:{now}:{os.urandom(16).hex()}".encode()).hex()
            self._head = Block(0, genesis, _ZERO_HASH, now)
            for addr in dev_addresses():
                self._state.set_balance(canonical(addr), DEV_BALANCE)
            self._pending.append(self._head)
            self._genesis = genesis
            self._flush(force=True)
        else:
            root = bytes.fromhex(meta["state_root"][2:])
            if not self._store.has_node(root):
                raise StateError(f"{self._store.path} is corrupt: its state root is missing")
            self._evm.set_root(root)
            self._chain_id = int(meta["chain_id"])
            self._clock_offset = int(meta["clock_offset"])
            self._genesis = meta["genesis"]
            head = self._store.block(int(meta["head"]))
            if head is None:
                raise StateError(f"{self._store.path} is corrupt: its head block is missing")
            self._head = head
        self._durable = self._head.number
        self._sync_patch()

    @property
    def _state(self) -> Any:
        return self._evm.state

    def _sync_patch(self) -> None:
        self._evm.set_block(self._head.number, self._head.timestamp, self._chain_id)

    def snapshot(self) -> int:
        """Remember the current state. State is persisted to an in-memory trie root (py-evm's
        journal checkpoints do not survive the per-transaction `lock_changes`), so a revert
        just moves the root back; nodes are content-addressed and never deleted."""
        with self._lock:
            root = self._evm.persist()
            sid = self._next_snapshot
            self._next_snapshot += 1
            self._snapshots[sid] = (root, len(self._pending), self._clock_offset)
            return sid

    def revert(self, snapshot_id: int) -> None:
        with self._lock:
            if snapshot_id not in self._snapshots:
                raise ChainError(f"unknown or already reverted snapshot {snapshot_id}")
            root, n_pending, offset = self._snapshots[snapshot_id]
            for sid in [s for s in self._snapshots if s >= snapshot_id]:
                del self._snapshots[sid]
            self._evm.set_root(root, persisted=True)
            self._code_cache.clear()
            for b in self._pending[n_pending:]:
                for t in b.transactions:
                    self._computations.pop(t.hash, None)
            del self._pending[n_pending:]
            self._clock_offset = offset
            self._head = self._pending[-1] if self._pending else self._store_head()
            self._sync_patch()

    def _store_head(self) -> Block:
        block = self._store.block(int(self._store.meta["head"]))
        assert block is not None
        return block

    # --- persistence ---------------------------------------------------------------------------
    def durable_head(self) -> int:
        return self._head.number if self.readonly else self._durable

    def make_durable(self, block_number: int | None = None) -> int:
        """Flush (atomically, fsynced) up to the head if `block_number` is not on disk yet.
        Callers queue on the chain's lock; the first flushes every pending block, and the rest
        find their block durable and return at once (group commit). While a snapshot is open
        (test control) blocks past it stay revertible, so they are not flushed."""
        if self.readonly:
            return self._head.number
        target = self._head.number if block_number is None else block_number
        if target <= self._durable:
            return self._durable
        with self._lock:
            if target > self._durable:
                self._flush()
            return self._durable

    def _maybe_flush(self) -> None:
        if time.monotonic() - self._last_flush >= self.flush_interval:
            self._flush()

    def flush(self) -> None:
        with self._lock:
            self._flush()

    def _flush(self, force: bool = False) -> bool:
        """Persist state and pending blocks atomically. Skipped while snapshots are open."""
        if self.readonly or (self._snapshots and not force) or self._store.conn is None:
            return False
        self._snapshots.clear()  # blocks past a snapshot are now on disk: it can't be reverted
        root = self._evm.persist()
        traces = {h: json.dumps(frame_json(c), separators=(",", ":")) for h, c in self._computations.items()}
        meta = {
            "format": FORMAT,
            "version": VERSION,
            "chain_id": self._chain_id,
            "genesis": self._genesis,
            "head": self._head.number,
            "clock_offset": self._clock_offset,
            "state_root": "0x" + root.hex(),
        }
        self._store.write(self._pending, traces, meta)
        self._durable = self._head.number
        self._pending.clear()
        self._computations.clear()
        self._last_flush = time.monotonic()
        return True

    def close(self) -> None:
        with self._lock:
            if self._store.conn is None:
                return
            try:
                self._flush(force=True)
            finally:
                self._store.release()
