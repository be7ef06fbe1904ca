"""Where findings go: a JSONL file, an in-process stream (for SSE), and the provenance ledger."""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

from .._fs import private_file
from .findings import Finding, Severity

__all__ = ["FindingStream", "JsonlSink", "LedgerSink", "Sink"]

log = logging.getLogger(__name__)


class Sink(Protocol):
    def emit(self, finding: Finding) -> None: ...


class JsonlSink:
    """Appends one JSON line per finding (the Forta fields plus evidence and dedup key)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        private_file(self.path)  # findings name addresses and evidence: owner-only
        self._lock = threading.Lock()

    def emit(self, finding: Finding) -> None:
        line = json.dumps(finding.to_json(), sort_keys=True)
        with self._lock, self.path.open("a") as fh:
            fh.write(line + "\n")


class FindingStream:
    """In-process publish/subscribe with a bounded backlog: the API's SSE endpoint reads from it.
    A slow subscriber loses its oldest items rather than blocking the monitor."""

    def __init__(self, backlog: int = 1000, per_subscriber: int = 1000) -> None:
        self.recent: deque[dict[str, Any]] = deque(maxlen=backlog)
        self._subs: list[queue.Queue[dict[str, Any]]] = []
        self._lock = threading.Lock()
        self.per_subscriber = per_subscriber

    def emit(self, finding: Finding) -> None:
        self.publish(finding.to_json())

    def publish(self, item: dict[str, Any]) -> None:
        with self._lock:
            self.recent.append(item)
            subs = list(self._subs)
        for q in subs:
            while True:
                try:
                    q.put_nowait(item)
                    break
                except queue.Full:
                    try:
                        q.get_nowait()
                    except queue.Empty:
                        pass

    def subscribe(self) -> queue.Queue[dict[str, Any]]:
        q: queue.Queue[dict[str, Any]] = queue.Queue(maxsize=self.per_subscriber)
        with self._lock:
            self._subs.append(q)
        return q

    def unsubscribe(self, q: queue.Queue[dict[str, Any]]) -> None:
        with self._lock:
            if q in self._subs:
                self._subs.remove(q)

    def listen(self, timeout: float = 1.0, stop: Callable[[], bool] | None = None) -> Iterator[dict[str, Any] | None]:
        """Yield items as they come (None on each idle `timeout`, so callers can send keep-alives)."""
        q = self.subscribe()
        try:
            while stop is None or not stop():
                try:
                    yield q.get(timeout=timeout)
                except queue.Empty:
                    yield None
        finally:
            self.unsubscribe(q)


class LedgerSink:
    """Records critical findings in the provenance ledger through its `append(kind, payload)`."""

    def __init__(self, append: Callable[[str, dict[str, Any]], Any],
                 min_severity: Severity = Severity.CRITICAL) -> None:
        self._append = append
        self.min_severity = min_severity

    def emit(self, finding: Finding) -> None:
        if finding.severity.rank >= self.min_severity.rank:
            self._append("guard.finding", finding.to_json())

    @classmethod
    def discover(cls, owner: Any = None) -> LedgerSink | None:
        """A sink on the ledger if one is reachable: an object with `append` (e.g. the node's ledger
        service), else a module-level `nexus.ledger.append`; None when there is no ledger."""
        append = getattr(owner, "append", None) if owner is not None else None
        if append is None:
            try:
                from .. import ledger  # type: ignore[attr-defined]
            except ImportError:
                return None
            append = getattr(ledger, "append", None)
        return cls(append) if callable(append) else None
