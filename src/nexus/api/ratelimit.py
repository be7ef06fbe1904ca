"""Failed-token limiter: a token bucket per client address, in a bounded LRU table.

Each client may send `per_minute` wrong API tokens in a burst; the allowance refills at
`per_minute` per minute. A client with no allowance left gets 429 (with `Retry-After`) for every
request carrying a token, right or wrong, until it refills: guesses cannot be tested meanwhile.
IPv6 clients are grouped by /64 (one host usually owns the whole prefix). The table keeps the
`max_clients` most recently seen clients, so memory stays bounded whatever the traffic; a client
pushed out starts again with a full allowance, which costs an attacker `max_clients` fresh
addresses to buy `per_minute` more guesses against a 256-bit token.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

__all__ = ["FailureLimiter", "client_key"]


def client_key(host: str | None) -> str:
    """The table key of a client address: the address itself, or its /64 for IPv6."""
    if not host:
        return "?"
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        return host  # a unix socket or a test client name
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped is not None:
            return str(addr.ipv4_mapped)
        return str(ipaddress.ip_network(f"{addr}/64", strict=False))
    return str(addr)


class FailureLimiter:
    """Counts wrong tokens per client; `retry_after(client)` > 0 means refuse it for now."""

    def __init__(
        self, per_minute: int, *, max_clients: int = 4096, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if per_minute < 1 or max_clients < 1:
            raise ValueError("per_minute and max_clients must be positive")
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # allowance regained per second
        self.max_clients = max_clients
        self._clock = clock
        self._table: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (left, at)
        self._lock = threading.Lock()  # the route dependency may run in the threadpool

    def __len__(self) -> int:
        return len(self._table)

    def _left(self, key: str, now: float) -> float:
        entry = self._table.get(key)
        if entry is None:
            return self.capacity
        left, at = entry
        return min(self.capacity, left + (now - at) * self.rate)

    def retry_after(self, client: str | None) -> int:
        """Whole seconds until `client` may try a token again (0: now)."""
        key = client_key(client)
        with self._lock:
            if key not in self._table:
                return 0
            left = self._left(key, self._clock())
        return 0 if left >= 1.0 else max(1, math.ceil((1.0 - left) / self.rate))

    def failed(self, client: str | None) -> int:
        """Count one wrong token from `client`; returns `retry_after` after it."""
        key = client_key(client)
        with self._lock:
            now = self._clock()
            left = max(0.0, self._left(key, now) - 1.0)
            self._table[key] = (left, now)
            self._table.move_to_end(key)
            while len(self._table) > self.max_clients:
                self._table.popitem(last=False)
        return 0 if left >= 1.0 else max(1, math.ceil((1.0 - left) / self.rate))
