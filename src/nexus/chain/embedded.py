"""In-process EVM backend (py-evm): no server, no network, state kept under the home."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eth_utils import keccak

from ..exceptions import (
    BlockRangeError,
    ChainError,
    ChainIdMismatch,
    ContractReverted,
    NotSupported,
    StateError,
    StateLocked,
)
from ._evm import EVM
from ._fast import canonical, checksum
from ._store import FORMAT, VERSION, ChainStore
from .abi import decode_revert
from .accounts import DEV_BALANCE, dev_addresses
from .base import ChainBackend, TxRequest
from .types import Block, CallFrame, Log, Tx, TxReceipt

__all__ = ["EmbeddedChain"]

GAS_PRICE = 10**9  # 1 gwei, charged to the sender and burned
TX_GAS_CAP = 30_000_000
_ZERO_HASH = "0x" + "00" * 32


def _intrinsic_gas(data: bytes, create: bool) -> int:
    zeros = data.count(0)
    gas = 21_000 + 4 * zeros + 16 * (len(data) - zeros)
    if create:
        gas += 32_000 + 2 * ((len(data) + 31) // 32)
    return gas


def _frame(comp: Any) -> dict[str, Any]:
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
        out["calls"] = [_frame(c) for c in comp.children]
    return out


class EmbeddedChain(ChainBackend):
    """A single-node EVM chain that mines one block per transaction (like anvil's automine).

    State lives in `<directory>/state.db`; writes are flushed every `flush_interval` seconds,
    on `flush()`, on `close()` and on `make_durable()` (the durability barrier: one flush serves
    every caller waiting on it). One process writes at a time; `readonly=True` opens the last
    flushed state without the lock. Transactions from any address are accepted unsigned
    (impersonation), as on a dev node; the dev accounts start with 10,000 ether each.
    """

    kind = "embedded"

    def __init__(
        self,
        directory: Path | str,
        *,
        chain_id: int = 1337,
        expected_chain_id: int | None = None,
        readonly: bool = False,
        flush_interval: float = 0.5,
        max_log_range: int = 5000,
    ) -> None:
        self.directory = Path(directory)
        self.readonly = readonly
        self.flush_interval = flush_interval
        self.max_log_range = max_log_range
        self._lock = threading.RLock()
        self._store = ChainStore(self.directory, readonly=readonly)
        try:
            self._boot(chain_id)
            if expected_chain_id is not None and expected_chain_id != self._chain_id:
                raise ChainIdMismatch(
                    f"embedded chain at {self.directory} has chain id {self._chain_id}, expected {expected_chain_id}"
                )
        except BaseException:
            self._store.release()
            raise

    # --- boot --------------------------------------------------------------------------------
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

    # --- identity ----------------------------------------------------------------------------
    @property
    def chain_id(self) -> int:
        return self._chain_id

    @property
    def genesis_hash(self) -> str:
        return self._genesis

    @property
    def accounts(self) -> list[str]:
        return list(dev_addresses())

    def describe(self) -> str:
        return f"embedded:{self.directory}"

    # --- reading -----------------------------------------------------------------------------
    def block_number(self) -> int:
        return self._head.number

    def timestamp(self) -> int:
        return self._head.timestamp

    def get_block(self, number: int) -> Block:
        with self._lock:
            if number < 0 or number > self._head.number:
                raise BlockRangeError(f"block {number} does not exist (head is {self._head.number})")
            if self._pending and number >= self._pending[0].number:
                return self._pending[number - self._pending[0].number]
            block = self._store.block(number)
        if block is None:
            raise StateError(f"block {number} is missing from {self._store.path}")
        return block

    def balance(self, address: str) -> int:
        with self._lock:
            return int(self._state.get_balance(canonical(address)))

    def nonce(self, address: str) -> int:
        with self._lock:
            return int(self._state.get_nonce(canonical(address)))

    def code(self, address: str) -> bytes:
        with self._lock:
            return bytes(self._state.get_code(canonical(address)))

    def receipt(self, tx_hash: str) -> TxReceipt | None:
        with self._lock:
            for b in self._pending:
                for r in b.receipts:
                    if r.tx_hash == tx_hash:
                        return r
            loc = self._store.tx_location(tx_hash)
        if loc is None:
            return None
        return self.get_block(loc[0]).receipts[loc[1]]

    def call(self, to: str, data: bytes, *, sender: str | None = None, value: int = 0) -> bytes:
        with self._lock:
            state = self._state
            snap = state.snapshot()
            try:
                raw_to = canonical(to)
                comp = self._evm.call(
                    canonical(sender or self.default_account),
                    raw_to,
                    data,
                    value,
                    TX_GAS_CAP,
                    0,
                    state.get_code(raw_to),
                )
            finally:
                state.revert(snap)
        if comp.is_error:
            out = bytes(comp.output)
            raise ContractReverted(decode_revert(out) or type(comp.error).__name__, data=out)
        return bytes(comp.output)

    def _logs(
        self, from_block: int, to_block: int, address: Sequence[str] | None, topic0: Sequence[bytes] | None
    ) -> list[Log]:
        with self._lock:
            first_pending = self._pending[0].number if self._pending else self._head.number + 1
            out: list[Log] = []
            if from_block < first_pending:
                out = self._store.logs(from_block, min(to_block, first_pending - 1), address, topic0)
            addrs = set(address) if address else None
            topics = set(topic0) if topic0 else None
            for b in self._pending:
                if from_block <= b.number <= to_block:
                    out.extend(
                        lg
                        for lg in b.logs
                        if (addrs is None or lg.address in addrs)
                        and (topics is None or (lg.topics and lg.topics[0] in topics))
                    )
            return out

    # --- writing -----------------------------------------------------------------------------
    def _writable(self) -> None:
        if self.readonly:
            raise StateLocked(f"the embedded chain at {self.directory} is open read-only")

    def send(self, tx: TxRequest, *, check: bool = True) -> TxReceipt:
        self._writable()
        with self._lock:
            receipt = self._execute(tx)
            self._maybe_flush()
        if check and not receipt.status:
            raise ContractReverted(receipt.revert_reason, receipt=receipt)
        return receipt

    def send_signed(self, tx: TxRequest, nonce: int, tx_hash: str) -> TxReceipt:
        """Mine a transaction signed elsewhere (eth_sendRawTransaction; `tx.sender` recovered from
        its signature): `nonce` must be the sender's next, and the transaction is known by `tx_hash`
        (the hash of its signed bytes). A revert is mined (status 0), not raised."""
        self._writable()
        with self._lock:
            expected = self.nonce(tx.sender or self.default_account)
            if nonce != expected:
                raise ChainError(
                    f"nonce too {'low' if nonce < expected else 'high'}: next nonce of"
                    f" {tx.sender} is {expected}, transaction has {nonce}"
                )
            receipt = self._execute(tx, tx_hash)
            self._maybe_flush()
        return receipt

    def _execute(self, tx: TxRequest, tx_hash: str | None = None) -> TxReceipt:
        sender = checksum(tx.sender) if tx.sender else self.default_account
        raw_sender = canonical(sender)
        state = self._state
        create = tx.to is None
        gas = tx.gas or TX_GAS_CAP
        intrinsic = _intrinsic_gas(tx.data, create)
        if gas < intrinsic:
            raise ChainError(f"intrinsic gas too low: {gas} < {intrinsic}")
        if gas > TX_GAS_CAP:
            raise ChainError(f"gas {gas} is over the block gas cap {TX_GAS_CAP}")
        cost = tx.value + gas * GAS_PRICE
        if state.get_balance(raw_sender) < cost:
            raise ChainError(f"insufficient funds for gas * price + value in {sender}")
        nonce = state.get_nonce(raw_sender)
        # The transaction runs in the block it will be mined into: block.number / block.timestamp
        # are the new block's, as on a real node.
        number = self._head.number + 1
        timestamp = max(self._head.timestamp, int(time.time()) + self._clock_offset)
        self._evm.set_block(number, timestamp, self._chain_id)
        code = self._code_cache.get(tx.to) if tx.to else None
        if create:
            target = self._evm.contract_address(raw_sender, nonce)
            state.increment_nonce(raw_sender)
            comp = self._evm.create(raw_sender, target, tx.data, tx.value, gas - intrinsic, GAS_PRICE)
            to_addr = None
        else:
            assert tx.to is not None  # not a creation
            to_addr = checksum(tx.to)
            if code is None:
                code = self._code_cache[tx.to] = bytes(state.get_code(canonical(to_addr)))
            comp = self._evm.call(raw_sender, canonical(to_addr), tx.data, tx.value, gas - intrinsic, GAS_PRICE, code)
        used = intrinsic + comp.get_gas_used()
        if not comp.is_error:
            used -= min(comp.get_gas_refund(), used // 5)
        # The fee is taken in one write after execution (a dev-chain shortcut: during the call the
        # sender's balance and nonce do not yet show the gas reservation and the bump).
        # One account write for fee and nonce (the nonce of a create was bumped before it ran).
        self._evm.charge(raw_sender, used * GAS_PRICE, bump_nonce=not create)
        state.lock_changes()
        if create or comp.children:  # code may have changed (CREATE, SELFDESTRUCT)
            self._code_cache.clear()

        tx_hash = (
            tx_hash
            or "0x"
            + keccak(
                b"".join(
                    (
                        self._chain_id.to_bytes(8, "big"),
                        nonce.to_bytes(8, "big"),
                        gas.to_bytes(8, "big"),
                        raw_sender,
                        b"" if create else canonical(to_addr),
                        tx.value.to_bytes(32, "big"),
                        tx.data,
                    )
                )
            ).hex()
        )
        ok = not comp.is_error
        logs: tuple[Log, ...] = ()
        if ok:
            logs = tuple(
                Log(checksum(addr), tuple(t.to_bytes(32, "big") for t in topics), bytes(data), number, tx_hash, 0, i)
                for i, (addr, topics, data) in enumerate(comp.get_log_entries())
            )
        reason = None
        if not ok:
            reason = decode_revert(bytes(comp.output)) or type(comp.error).__name__
        contract = checksum(target) if create and ok else None
        receipt = TxReceipt(tx_hash, number, 0, sender, to_addr, ok, used, contract, logs, reason)
        record = Tx(tx_hash, sender, to_addr, tx.value, tx.data, nonce, gas, GAS_PRICE, number, 0)
        self._append_block(timestamp, (record,), (receipt,))
        self._computations[tx_hash] = comp
        return receipt

    def _append_block(self, timestamp: int, txs: tuple[Tx, ...], receipts: tuple[TxReceipt, ...]) -> None:
        number = self._head.number + 1
        parent = self._head.hash
        preimage = f"{parent}:{number}:{timestamp}:" + ",".join(t.hash for t in txs)
        block_hash = "0x" + keccak(preimage.encode()).hex()
        self._head = Block(number, block_hash, parent, timestamp, txs, receipts)
        self._pending.append(self._head)
        self._sync_patch()

    def send_many(self, txs: Sequence[TxRequest], *, check: bool = True) -> list[TxReceipt]:
        self._writable()
        with self._lock:
            receipts = [self._execute(tx) for tx in txs]
            self._maybe_flush()
        if check:
            for r in receipts:
                if not r.status:
                    raise ContractReverted(r.revert_reason, receipt=r)
        return receipts

    # --- tracing and test control --------------------------------------------------------------
    def trace(self, tx_hash: str) -> CallFrame:
        with self._lock:
            comp = self._computations.get(tx_hash)
            if comp is not None:
                return CallFrame.from_json(_frame(comp))
            data = self._store.trace(tx_hash)
        if data is None:
            raise NotSupported(f"no trace kept for transaction {tx_hash}")
        return CallFrame.from_json(data)

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

    def mine(self, blocks: int = 1, *, seconds: int = 0) -> None:
        self._writable()
        if blocks < 0 or seconds < 0:
            raise ChainError("cannot mine a negative number of blocks or move time backwards")
        with self._lock:
            self._clock_offset += seconds
            for _ in range(blocks):
                ts = max(self._head.timestamp, int(time.time()) + self._clock_offset)
                self._append_block(ts, (), ())
            self._maybe_flush()

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
        traces = {h: json.dumps(_frame(c), separators=(",", ":")) for h, c in self._computations.items()}
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

    def __repr__(self) -> str:
        return f"EmbeddedChain({self.directory}, chain_id={self._chain_id}, head={self._head.number})"
