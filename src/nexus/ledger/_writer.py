"""Group commit: one writer thread turns many submitted records into few durable transactions."""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

from ..exceptions import LedgerError
from .records import Entry
from .store import LedgerStore

__all__ = ["GroupWriter", "Pending"]


class _Batch:
    __slots__ = ("done", "error", "ids")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.ids: list[int] = []
        self.error: BaseException | None = None


class Pending:
    """A submitted record: `.id` (or `result()`) waits until it is durable and returns its index."""

    __slots__ = ("_batch", "_pos", "_writer")

    def __init__(self, batch: _Batch, pos: int, writer: GroupWriter) -> None:
        self._batch, self._pos, self._writer = batch, pos, writer

    def done(self) -> bool:
        return self._batch.done.is_set()

    def result(self, timeout: float | None = None) -> int:
        if not self._batch.done.wait(timeout):
            raise TimeoutError("the record is not durable yet")
        if self._batch.error is not None:
            raise self._batch.error
        return self._batch.ids[self._pos]

    @property
    def id(self) -> int:
        return self.result()

    def __repr__(self) -> str:
        state = f"id={self._batch.ids[self._pos]}" if self.done() and not self._batch.error else (
            "failed" if self.done() else "pending")
        return f"<Pending {state}>"


class GroupWriter:
    """Collects entries from any thread; a daemon thread appends everything queued in one
    transaction (one fsync), then wakes everyone waiting on it. `max_batch` bounds how many
    handles share one wake-up event."""

    def __init__(self, store: LedgerStore, *, max_batch: int = 8192,
                 on_commit: Any = None) -> None:
        self.store = store
        self.max_batch = max_batch
        self.on_commit = on_commit
        self._queue: deque[tuple[Entry, _Batch, int]] = deque()
        self._cond = threading.Condition()
        self._batch = _Batch()
        self._count = 0
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="nexus-ledger-writer", daemon=True)
        self._thread.start()

    def submit(self, entry: Entry) -> Pending:
        with self._cond:
            if self._closed:
                raise LedgerError("the ledger is closed")
            batch, pos = self._batch, self._count
            self._count += 1
            if self._count >= self.max_batch:
                self._batch, self._count = _Batch(), 0
            self._queue.append((entry, batch, pos))
            if len(self._queue) == 1:
                self._cond.notify()
        return Pending(batch, pos, self)

    def _take(self) -> list[tuple[Entry, _Batch, int]] | None:
        with self._cond:
            while not self._queue and not self._closed:
                self._cond.wait()
            if not self._queue:
                return None
            items = list(self._queue)
            self._queue.clear()
            self._batch, self._count = _Batch(), 0  # later submits go to a fresh batch
            return items

    def _run(self) -> None:
        while (items := self._take()) is not None:
            batches = {id(b): b for _, b, _ in items}
            try:  # one transaction for the whole take; a batch never spans two takes
                ids = self.store.append([e for e, _, _ in items])
            except BaseException as exc:  # noqa: BLE001  (every waiter of these batches sees the error)
                for b in batches.values():
                    b.error = exc
                    b.done.set()
                continue
            for (_, b, pos), i in zip(items, ids):
                if pos >= len(b.ids):
                    b.ids.extend([-1] * (pos + 1 - len(b.ids)))
                b.ids[pos] = i
            for b in batches.values():
                b.done.set()
            if self.on_commit is not None:
                self.on_commit(max(ids) + 1)

    def flush(self) -> None:
        """Wait until everything submitted so far is durable."""
        with self._cond:
            last = self._queue[-1] if self._queue else None
        if last is not None:
            last[1].done.wait()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join()
