"""In-process pub/sub of typed node events (new blocks, guard findings, ...) for the SSE stream."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["NodeEvent", "EventBus", "Subscription"]

_KIND = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")


@dataclass(frozen=True, slots=True)
class NodeEvent:
    """One published event. `json` is `data` encoded once, shared by every subscriber."""

    id: int
    kind: str
    data: Any
    time_ms: int
    json: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "time_ms": self.time_ms, "data": self.data}


class Subscription:
    """A bounded queue of events for one consumer; the oldest are dropped when it falls behind.

    Read it from a thread with `get(timeout)` or from an event loop with `await aget(timeout)`
    (pass `loop` to `EventBus.subscribe` for the latter). Both return None on timeout or close.
    """

    def __init__(
        self, bus: EventBus, kinds: frozenset[str] | None, maxsize: int, loop: asyncio.AbstractEventLoop | None
    ) -> None:
        self._bus = bus
        self.kinds = kinds
        self._maxsize = maxsize
        self._items: deque[NodeEvent] = deque()
        self._cond = threading.Condition()
        self._loop = loop
        self._ready = asyncio.Event() if loop is not None else None
        self.dropped = 0
        self.closed = False

    def wants(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds

    def _push(self, event: NodeEvent) -> None:
        with self._cond:
            if self.closed:
                return
            if len(self._items) >= self._maxsize:
                self._items.popleft()
                self.dropped += 1
            self._items.append(event)
            self._cond.notify()
        self._wake()

    def _wake(self) -> None:
        if self._loop is not None and self._ready is not None:
            try:
                self._loop.call_soon_threadsafe(self._ready.set)
            except RuntimeError:  # the loop is closed: its consumer is gone
                pass

    def get(self, timeout: float | None = None) -> NodeEvent | None:
        """The next event, waiting up to `timeout` seconds (None: forever)."""
        with self._cond:
            if not self._items and not self.closed:
                self._cond.wait(timeout)
            return self._items.popleft() if self._items else None

    async def aget(self, timeout: float) -> NodeEvent | None:
        """The next event, waiting up to `timeout` seconds on the subscription's loop."""
        assert self._ready is not None, "subscribe with loop= to read from an event loop"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            with self._cond:
                if self._items:
                    return self._items.popleft()
                if self.closed:
                    return None
                self._ready.clear()  # a wake-up scheduled before this point may still arrive
            left = deadline - loop.time()
            if left <= 0:
                return None
            try:
                await asyncio.wait_for(self._ready.wait(), left)
            except TimeoutError:
                return None

    def take_dropped(self) -> int:
        """How many events were dropped since the last call (the consumer was too slow)."""
        with self._cond:
            n, self.dropped = self.dropped, 0
            return n

    def close(self) -> None:
        """Stop receiving; wakes any waiting reader. Idempotent."""
        with self._cond:
            self.closed = True
            self._cond.notify_all()
        self._wake()
        self._bus._remove(self)


class EventBus:
    """Thread-safe publish/subscribe with a short history for replay (SSE `Last-Event-ID`).

    Kinds are short lowercase names: `block` (the block stream), `finding` (the guard), and any
    `<service>.<what>` a service chooses. Data must be JSON-serialisable; it is encoded once here.
    """

    def __init__(self, history: int = 1000) -> None:
        self._lock = threading.Lock()
        self._history: deque[NodeEvent] = deque(maxlen=max(history, 1))
        self._subs: list[Subscription] = []
        self._next_id = 1
        self.closed = False

    def publish(self, kind: str, data: Any) -> NodeEvent:
        """Send `data` as a `kind` event to every subscriber that wants that kind."""
        if not _KIND.match(kind):
            raise ValueError(f"bad event kind {kind!r}: lowercase letters, digits, '._-'")
        encoded = json.dumps(data, separators=(",", ":"), allow_nan=False)
        with self._lock:
            event = NodeEvent(self._next_id, kind, data, int(time.time() * 1000), encoded)
            self._next_id += 1
            self._history.append(event)
            subs = [s for s in self._subs if s.wants(kind)]
        for sub in subs:
            sub._push(event)
        return event

    def subscribe(
        self,
        kinds: Iterable[str] | None = None,
        *,
        since: int | None = None,
        maxsize: int = 1000,
        loop: asyncio.AbstractEventLoop | None = None,
    ) -> Subscription:
        """A new subscription to `kinds` (None: all), first replaying history after id `since`."""
        wanted = frozenset(kinds) if kinds is not None else None
        sub = Subscription(self, wanted, maxsize, loop)
        with self._lock:
            if self.closed:
                sub.closed = True
                return sub
            backlog = [e for e in self._history if since is not None and e.id > since]
            self._subs.append(sub)
        for event in backlog:
            if sub.wants(event.kind):
                sub._push(event)
        return sub

    def recent(self, kinds: Iterable[str] | None = None, *, since: int = 0, limit: int = 100) -> list[NodeEvent]:
        """The latest `limit` remembered events of `kinds` with id above `since`, oldest first."""
        wanted = frozenset(kinds) if kinds is not None else None
        with self._lock:
            found = [e for e in self._history if e.id > since and (wanted is None or e.kind in wanted)]
        return found[-limit:] if limit > 0 else []

    @property
    def last_id(self) -> int:
        with self._lock:
            return self._next_id - 1

    def subscribers(self) -> int:
        with self._lock:
            return len(self._subs)

    def open(self) -> None:
        """Accept subscribers again after `close` (a node that restarts)."""
        with self._lock:
            self.closed = False

    def close(self) -> None:
        """End every subscription (streams finish promptly on shutdown); new ones start closed."""
        with self._lock:
            self.closed = True
            subs, self._subs = self._subs, []
        for sub in subs:
            sub.close()

    def _remove(self, sub: Subscription) -> None:
        with self._lock:
            if sub in self._subs:
                self._subs.remove(sub)
