"""In-process EVM backend (py-evm): no server, no network, state kept under the home.

`EmbeddedChain` is built in layers: `_embedded_state` (boot, snapshots, flushes), `_embedded_exec`
(transaction execution, mining), and here the identity, reading, logs and traces.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from ..exceptions import BlockRangeError, ChainIdMismatch, ContractReverted, NotSupported, StateError
from ._embedded_exec import GAS_PRICE as GAS_PRICE
from ._embedded_exec import TX_GAS_CAP, EmbeddedExecutor
from ._embedded_state import frame_json
from ._fast import canonical
from ._store import ChainStore
from .abi import decode_revert
from .accounts import dev_addresses
from .types import Block, CallFrame, Log, TxReceipt

__all__ = ["EmbeddedChain"]


class EmbeddedChain(EmbeddedExecutor):
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

    # --- tracing and test control --------------------------------------------------------------
    def trace(self, tx_hash: str) -> CallFrame:
        with self._lock:
            comp = self._computations.get(tx_hash)
            if comp is not None:
                return CallFrame.from_json(frame_json(comp))
            data = self._store.trace(tx_hash)
        if data is None:
            raise NotSupported(f"no trace kept for transaction {tx_hash}")
        return CallFrame.from_json(data)

    def __repr__(self) -> str:
        return f"EmbeddedChain({self.directory}, chain_id={self._chain_id}, head={self._head.number})"
