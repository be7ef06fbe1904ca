"""ChainBackend: the one interface services use to reach a chain, whichever backend is behind it."""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..exceptions import BlockRangeError
from .types import Block, CallFrame, Log, TxReceipt

__all__ = ["ChainBackend", "TxRequest"]


@dataclass(frozen=True, slots=True)
class TxRequest:
    """One transaction to send: `to=None` deploys `data` as init code."""

    to: str | None
    data: bytes = b""
    value: int = 0
    sender: str | None = None
    gas: int | None = None


class ChainBackend(ABC):
    """What every backend offers. Addresses are checksummed strings, hashes `0x` hex strings.

    State-changing methods wait for the receipt and raise `ContractReverted` (carrying the
    receipt and reason) when the transaction reverts, unless `check=False`.
    """

    kind: str = "abstract"
    max_log_range: int = 5000

    # --- identity -------------------------------------------------------------------------
    @property
    @abstractmethod
    def chain_id(self) -> int: ...

    @property
    @abstractmethod
    def accounts(self) -> list[str]:
        """Addresses this backend can send from; the first is the default sender."""

    @property
    def default_account(self) -> str:
        return self.accounts[0]

    @property
    def genesis_hash(self) -> str:
        """Hash of block 0: tells two chains with the same id apart."""
        return self.get_block(0).hash

    @abstractmethod
    def describe(self) -> str:
        """Where this backend points (a path or URL with no secrets)."""

    # --- reading --------------------------------------------------------------------------
    @abstractmethod
    def block_number(self) -> int: ...

    @abstractmethod
    def get_block(self, number: int) -> Block:
        """The block with its transactions, receipts and logs. `BlockRangeError` past the head."""

    @abstractmethod
    def balance(self, address: str) -> int: ...

    @abstractmethod
    def nonce(self, address: str) -> int: ...

    @abstractmethod
    def code(self, address: str) -> bytes: ...

    @abstractmethod
    def receipt(self, tx_hash: str) -> TxReceipt | None: ...

    @abstractmethod
    def call(self, to: str, data: bytes, *, sender: str | None = None, value: int = 0) -> bytes:
        """Execute without a transaction; raises `ContractReverted` on revert."""

    @abstractmethod
    def _logs(
        self, from_block: int, to_block: int, address: Sequence[str] | None, topic0: Sequence[bytes] | None
    ) -> list[Log]: ...

    def logs(
        self,
        from_block: int,
        to_block: int | None = None,
        *,
        address: str | Sequence[str] | None = None,
        topic0: bytes | Sequence[bytes] | None = None,
    ) -> list[Log]:
        """Logs in [from_block, to_block], optionally by emitter and first topic."""
        head = self.block_number()
        to_block = head if to_block is None else to_block
        if from_block < 0 or to_block < from_block:
            raise BlockRangeError(f"bad block range {from_block}..{to_block}")
        if to_block > head:
            raise BlockRangeError(f"block {to_block} is past the head ({head})")
        if to_block - from_block + 1 > self.max_log_range:
            raise BlockRangeError(
                f"block range {from_block}..{to_block} is wider than {self.max_log_range} blocks; query it in pieces"
            )
        addrs = [address] if isinstance(address, str) else address
        topics = [topic0] if isinstance(topic0, bytes) else topic0
        return self._logs(from_block, to_block, addrs, topics)

    # --- writing --------------------------------------------------------------------------
    @abstractmethod
    def send(self, tx: TxRequest, *, check: bool = True) -> TxReceipt:
        """Sign (where needed), send, wait for the receipt."""

    def send_many(self, txs: Sequence[TxRequest], *, check: bool = True) -> list[TxReceipt]:
        """Send several transactions; backends batch where they can. Order is kept."""
        return [self.send(tx, check=check) for tx in txs]

    def transact(
        self,
        to: str,
        data: bytes,
        *,
        sender: str | None = None,
        value: int = 0,
        gas: int | None = None,
        check: bool = True,
    ) -> TxReceipt:
        return self.send(TxRequest(to, data, value, sender, gas), check=check)

    def deploy(
        self, initcode: bytes, *, sender: str | None = None, value: int = 0, gas: int | None = None
    ) -> TxReceipt:
        return self.send(TxRequest(None, initcode, value, sender, gas))

    # --- tracing and test control -----------------------------------------------------------
    @abstractmethod
    def trace(self, tx_hash: str) -> CallFrame:
        """The call tree of a mined transaction; `NotSupported` where the backend has none."""

    @abstractmethod
    def snapshot(self) -> int: ...

    @abstractmethod
    def revert(self, snapshot_id: int) -> None: ...

    @abstractmethod
    def mine(self, blocks: int = 1, *, seconds: int = 0) -> None:
        """Mine empty blocks, moving time forward by `seconds` first."""

    def time_travel(self, seconds: int = 0, blocks: int = 0) -> None:
        """Move the chain's clock forward and/or mine empty blocks."""
        self.mine(max(blocks, 1) if seconds else blocks, seconds=seconds)

    @abstractmethod
    def timestamp(self) -> int:
        """Timestamp of the latest block."""

    # --- streaming ----------------------------------------------------------------------------
    def iter_blocks(
        self,
        start: int | None = None,
        *,
        poll_interval: float = 0.2,
        stop: threading.Event | None = None,
        follow: bool = True,
    ) -> Iterator[Block]:
        """Yield blocks from `start` (default: the next one) in order, polling for new heads.

        With `follow=False` it stops at the current head; otherwise it runs until `stop` is set.
        """
        nxt = self.block_number() + 1 if start is None else start
        while stop is None or not stop.is_set():
            head = self.block_number()
            while nxt <= head:
                yield self.get_block(nxt)
                nxt += 1
                if stop is not None and stop.is_set():
                    return
            if not follow:
                return
            if stop is not None:
                stop.wait(poll_interval)
            else:
                time.sleep(poll_interval)

    # --- durability -------------------------------------------------------------------------
    def durable_head(self) -> int:
        """The highest block that survives a crash of this process (kill -9). A backend whose
        node owns durability (RPC) reports its head: what the node served is the node's to keep."""
        return self.block_number()

    def make_durable(self, block_number: int | None = None) -> int:
        """The durability barrier: return once block `block_number` (default: the head) survives
        a crash of this process; returns the durable head. Anything acknowledged to a user or
        recorded in another store that refers to a transaction calls this first (see
        docs/crash-consistency.md). Concurrent callers share one flush."""
        return self.durable_head()

    # --- lifecycle ----------------------------------------------------------------------------
    def flush(self) -> None:
        """Make state durable where the backend keeps any (embedded chain)."""

    def close(self) -> None:
        """Flush and release files, locks and connections."""

    def __enter__(self) -> ChainBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
