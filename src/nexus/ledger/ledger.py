"""The Ledger: append records, prove them, erase their content, hand out receipts."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from ..exceptions import LedgerInputError, NotAnchored, RecordNotFound, VerificationFailed
from ._writer import DEFAULT_MAX_PENDING, GroupWriter, Pending
from .checkpoint import Anchor, Checkpoint, origin_for
from .merkle import consistency_proof, inclusion_proof
from .records import Record, new_entry, now_ms
from .store import LedgerStore

if TYPE_CHECKING:
    from ..settings import Settings
    from .receipt import Receipt

__all__ = ["Ledger", "open_ledger"]


class Ledger:
    """One append-only log. Thread-safe; several processes may open the same store.

    `append` returns once the record is durable; `submit` returns a `Pending` at once and a
    writer thread commits submitted records in groups (the fast path for many small records).
    At most `async_queue` submitted records wait uncommitted (`submit` blocks beyond that), so
    a crash loses at most that many; `flush`, `close` and a normal interpreter exit commit them.
    """

    def __init__(self, store: LedgerStore, *, async_queue: int = DEFAULT_MAX_PENDING) -> None:
        if isinstance(async_queue, bool) or not isinstance(async_queue, int) or async_queue < 1:
            raise LedgerInputError(f"the ledger's async queue bound is a positive integer, not {async_queue!r}")
        self.store = store
        self.async_queue = async_queue
        self._writer: GroupWriter | None = None
        self._lock = threading.Lock()
        self._listeners: list[Callable[[int], None]] = []

    # --- identity ----------------------------------------------------------------------------
    @property
    def log_id(self) -> str:
        return self.store.log_id

    @property
    def origin(self) -> str:
        return origin_for(self.log_id)

    # --- appending ---------------------------------------------------------------------------
    def append(self, kind: str, payload: Any, *, key: str | None = None, time_ms: int | None = None) -> int:
        """Append one record; returns its id (leaf index) once durable. With `key`, a retry
        carrying the same idempotency key returns the first id instead of appending again."""
        return self.append_many([(kind, payload)], keys=[key], time_ms=time_ms)[0]

    def append_many(
        self, items: Iterable[tuple[str, Any]], *, keys: Iterable[str | None] | None = None, time_ms: int | None = None
    ) -> list[int]:
        """Append several records in one transaction (all or none)."""
        items = list(items)
        key_list = list(keys) if keys is not None else [None] * len(items)
        if len(key_list) != len(items):
            raise LedgerInputError("append_many needs one key (or None) per item")
        t = now_ms() if time_ms is None else time_ms
        entries = [new_entry(k, p, key=key, time_ms=t) for (k, p), key in zip(items, key_list)]
        ids = self.store.append(entries)
        self._notify(max(ids) + 1 if ids else self.size())
        return ids

    def submit(self, kind: str, payload: Any, *, key: str | None = None, salt: bytes | None = None) -> Pending:
        """Queue one record for the group-commit writer; the handle resolves when durable."""
        entry = new_entry(kind, payload, key=key, salt=salt)
        return self._group().submit(entry)

    def _group(self) -> GroupWriter:
        w = self._writer
        if w is None:
            with self._lock:
                if self._writer is None:
                    self._writer = GroupWriter(self.store, max_pending=self.async_queue, on_commit=self._notify)
                w = self._writer
        return w

    def flush(self) -> None:
        """Wait until every record submitted before this call is durable (`LedgerError` if a
        queued commit failed since the last flush)."""
        if self._writer is not None:
            self._writer.flush()

    def on_append(self, listener: Callable[[int], None]) -> None:
        """Call `listener(new_size)` after each local commit (the batcher uses this)."""
        self._listeners.append(listener)

    def _notify(self, size: int) -> None:
        for fn in list(self._listeners):
            fn(size)

    # --- reading and proving -----------------------------------------------------------------
    def size(self) -> int:
        return self.store.size()

    def record(self, index: int) -> Record:
        return self.store.record(_index(index))

    def root(self, size: int | None = None) -> bytes:
        return self.store.root(size)

    def checkpoint(self, size: int | None = None) -> Checkpoint:
        size = self.size() if size is None else size
        return Checkpoint(self.origin, size, self.store.root(size))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        size = self.size() if size is None else size
        if size > self.size():
            raise LedgerInputError(f"tree size {size} is past the log's size {self.size()}")
        try:
            return inclusion_proof(
                _index(index), size, self._batched(lambda sub: inclusion_proof(_index(index), size, sub))
            )
        except ValueError as exc:
            raise LedgerInputError(str(exc)) from None

    def consistency_proof(self, old: int, new: int | None = None) -> list[bytes]:
        new = self.size() if new is None else new
        if new > self.size():
            raise LedgerInputError(f"tree size {new} is past the log's size {self.size()}")
        try:
            return consistency_proof(old, new, self._batched(lambda sub: consistency_proof(old, new, sub)))
        except ValueError as exc:
            raise LedgerInputError(str(exc)) from None

    def _batched(self, dry_run: Callable[[Callable[[int, int], bytes]], object]) -> Callable[[int, int], bytes]:
        """Run a proof builder once to learn its ranges, then fetch their nodes in one batch."""
        ranges: list[tuple[int, int]] = []

        def record(lo: int, hi: int) -> bytes:
            ranges.append((lo, hi))
            return b""

        dry_run(record)
        return self.store.prefetched(ranges)

    # --- erasure, anchors, receipts ----------------------------------------------------------
    def erase(self, index: int) -> Record:
        """Delete a record's content and salt for good; its leaf (a salted hash) stays."""
        return self.store.erase(_index(index), now_ms())

    def anchors(self, chain_id: int | None = None, contract: str | None = None) -> list[Anchor]:
        return self.store.anchors(chain_id, contract)

    def anchor_for(self, index: int, chain_id: int | None = None, contract: str | None = None) -> Anchor:
        """The smallest anchored checkpoint covering record `index` (so receipts are stable)
        whose root is the log's: one anchored with a wrong root (audit reports it) is passed over
        for the next good one instead of failing every receipt in its range for ever."""
        self.record(index)
        size, wrong = self.size(), []
        for a in self.store.anchors(chain_id, contract):
            if a.size > index:
                if a.size <= size and self.store.root(a.size) == a.root:
                    return a
                wrong.append(str(a.size))
        if wrong:
            raise VerificationFailed(
                f"record {index} is covered only by anchored checkpoints whose"
                f" roots differ from the log (sizes {', '.join(wrong[:5])});"
                " run `nexus ledger audit`"
            )
        raise NotAnchored(
            f"record {index} is not anchored yet; run `nexus ledger anchor`"
            " (a running node anchors within its batch delay)"
        )

    def receipt(
        self, index: int, *, chain_id: int | None = None, contract: str | None = None, redact: bool = False
    ) -> Receipt:
        from .receipt import build_receipt

        return build_receipt(self, index, self.anchor_for(index, chain_id, contract), redact=redact)

    # --- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """Commit every submitted record, stop the writer, release the store."""
        try:
            if self._writer is not None:
                writer, self._writer = self._writer, None
                writer.close()
        finally:
            self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Ledger {self.log_id[:12]}… size={self.size()}>"


def _index(index: Any) -> int:
    if isinstance(index, bool) or not isinstance(index, int):
        try:
            index = int(index)
        except (TypeError, ValueError):
            raise LedgerInputError(f"a record id is a non-negative integer, not {index!r}") from None
    if index < 0:
        raise LedgerInputError(f"a record id is a non-negative integer, not {index}")
    if index > _MAX_ID:  # past any store's integer column (SQLite would raise OverflowError)
        shown = index if index < 10**30 else f"of {index.bit_length()} bits"  # str() fails past 4300 digits
        raise RecordNotFound(f"no ledger record {shown} (ids stop at {_MAX_ID})")
    return int(index)


_MAX_ID = 2**63 - 1


def open_ledger(
    settings: Settings | None = None,
    *,
    path: Path | str | None = None,
    sync: str | None = None,
    async_queue: int | None = None,
) -> Ledger:
    """Open (creating if needed) the ledger store the settings name (`<home>/ledger/ledger.db`,
    or the PostgreSQL database of `ledger_url`).
    `async_queue` (default: the `ledger_async_queue` setting) bounds uncommitted submits."""
    from ._sqlite import SQLiteStore

    if settings is None and path is None:
        from ..settings import load_settings

        settings = load_settings()
    where = Path(path) if path is not None else settings.ledger_path  # type: ignore[union-attr]
    mode = sync or (settings.ledger_sync if settings is not None else "full")
    queue = (
        async_queue
        if async_queue is not None
        else (settings.ledger_async_queue if settings is not None else DEFAULT_MAX_PENDING)
    )
    if settings is not None and path is None:
        from .._fs import secure_home

        secure_home(settings.home)
    url = settings.ledger_url if settings is not None and path is None else None
    if url:  # a shared PostgreSQL log (several nodes); `path` always means a SQLite file
        from ._postgres import PostgresStore

        return Ledger(PostgresStore(url, sync=mode), async_queue=queue)
    return Ledger(SQLiteStore(where, sync=mode), async_queue=queue)
