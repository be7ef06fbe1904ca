"""Group commit: one writer thread turns many submitted records into few durable transactions.

The writer holds at most `max_pending` records that are not yet committed (queued plus the
transaction being written); `submit` blocks while it is full (backpressure), so a crash can
lose at most `max_pending` submitted records and memory stays bounded. `flush` waits for every
record submitted before it, including those already taken into a running transaction. Every
live writer is flushed when the interpreter exits normally (`atexit`); `close` drains it.
"""

from __future__ import annotations

import atexit
import logging
import threading
import weakref
from collections import deque
from typing import Any

from ..exceptions import LedgerError
from .records import Entry
from .store import LedgerStore

__all__ = ["DEFAULT_MAX_PENDING", "GroupWriter", "Pending"]

DEFAULT_MAX_PENDING = 10_000
_log = logging.getLogger(__name__)
_LIVE: weakref.WeakSet[GroupWriter] = weakref.WeakSet()


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
        state = (
            f"id={self._batch.ids[self._pos]}"
            if self.done() and not self._batch.error
            else ("failed" if self.done() else "pending")
        )
        return f"<Pending {state}>"


class GroupWriter:
    """Collects entries from any thread; a daemon thread appends everything queued in one
    transaction (one fsync), then wakes everyone waiting on it. `max_batch` bounds how many
    handles share one wake-up event; `max_pending` bounds the records not yet committed."""

    def __init__(
        self,
        store: LedgerStore,
        *,
        max_batch: int = 8192,
        max_pending: int = DEFAULT_MAX_PENDING,
        on_commit: Any = None,
    ) -> None:
        if max_pending < 1:
            raise LedgerError("the writer's queue bound must be at least 1")
        self.store = store
        self.max_batch = max_batch
        self.max_pending = max_pending
        self.on_commit = on_commit
        self._queue: deque[tuple[Entry, _Batch, int]] = deque()
        lock = threading.Lock()
        self._work = threading.Condition(lock)  # the writer waits for entries
        self._room = threading.Condition(lock)  # submitters wait for the bound
        self._idle = threading.Condition(lock)  # flushes wait for commits
        self._batch = _Batch()
        self._count = 0
        self._submitted = 0  # records ever submitted
        self._finished = 0  # records whose transaction ended (committed or failed)
        self._error: BaseException | None = None  # a failed commit no flush has reported yet
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="nexus-ledger-writer", daemon=True)
        self._thread.start()
        _LIVE.add(self)

    @property
    def pending(self) -> int:
        """Records submitted but not yet committed (never more than `max_pending`)."""
        with self._work:
            return self._submitted - self._finished

    def submit(self, entry: Entry) -> Pending:
        """Queue `entry`; blocks while `max_pending` records are uncommitted."""
        with self._work:
            while self._submitted - self._finished >= self.max_pending and not self._closed:
                self._room.wait()
            if self._closed:
                raise LedgerError("the ledger is closed")
            batch, pos = self._batch, self._count
            self._count += 1
            if self._count >= self.max_batch:
                self._batch, self._count = _Batch(), 0
            self._queue.append((entry, batch, pos))
            self._submitted += 1
            if len(self._queue) == 1:
                self._work.notify()
        return Pending(batch, pos, self)

    def _take(self) -> list[tuple[Entry, _Batch, int]] | None:
        with self._work:
            while not self._queue and not self._closed:
                self._work.wait()
            if not self._queue:
                return None
            items = list(self._queue)
            self._queue.clear()
            self._batch, self._count = _Batch(), 0  # later submits go to a fresh batch
            return items

    def _run(self) -> None:
        while (items := self._take()) is not None:
            batches = {id(b): b for _, b, _ in items}
            error: BaseException | None = None
            ids: list[int] = []
            try:  # one transaction for the whole take; a batch never spans two takes
                ids = self.store.append([e for e, _, _ in items])
            except BaseException as exc:  # noqa: BLE001  (every waiter of these batches sees the error)
                error = exc
                for b in batches.values():
                    b.error = exc
            else:
                for (_, b, pos), i in zip(items, ids):
                    if pos >= len(b.ids):
                        b.ids.extend([-1] * (pos + 1 - len(b.ids)))
                    b.ids[pos] = i
            for b in batches.values():
                b.done.set()
            with self._work:
                self._finished += len(items)
                if error is not None:
                    self._error = error
                self._room.notify_all()
                self._idle.notify_all()
            if error is None and ids and self.on_commit is not None:
                try:
                    self.on_commit(max(ids) + 1)
                except Exception:  # a listener's bug must not stop the writer
                    _log.exception("ledger commit listener failed")

    def flush(self) -> None:
        """Wait until everything submitted so far has been committed, including records the
        writer already took into a running transaction. Raises `LedgerError` if a commit
        failed since the last flush (those records are not in the ledger)."""
        with self._work:
            target = self._submitted
            while self._finished < target:
                if not self._thread.is_alive():
                    raise LedgerError("the ledger writer stopped; queued records were not written")
                self._idle.wait(1.0)
            error, self._error = self._error, None
        if error is not None:
            raise LedgerError(f"some queued ledger records failed to commit: {error}") from error

    def close(self) -> None:
        """Commit everything queued, then stop the writer thread (later submits raise).
        Raises `LedgerError` if a commit failed since the last flush."""
        with self._work:
            self._closed = True
            self._work.notify_all()
            self._room.notify_all()
        if self._thread is not threading.current_thread():
            self._thread.join()
        _LIVE.discard(self)
        with self._work:
            error, self._error = self._error, None
        if error is not None:
            raise LedgerError(f"some queued ledger records failed to commit: {error}") from error


@atexit.register
def _flush_at_exit() -> None:
    """A normal interpreter exit loses no submitted record: drain every live writer."""
    for writer in list(_LIVE):
        try:
            writer.close()
        except Exception:  # report, keep draining the others
            _log.exception("flushing the ledger at exit failed")
