"""The anchoring batcher: a background thread anchoring after N records or T ms, adaptively."""

from __future__ import annotations

import logging
import statistics
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .anchor import Anchorer

__all__ = ["BatchPolicy", "Batcher", "median_gas_price"]

log = logging.getLogger(__name__)


class BatchPolicy:
    """When to anchor. Base rule (Tessera's defaults): `size` records or `delay_ms` after the
    first unanchored one, whichever comes first. Two adaptations:

    - arrival rate: the size threshold grows to rate x delay, so a busy log anchors about once
      per delay instead of once per `size` records (fewer, larger, cheaper checkpoints);
    - gas price: when the price rises above the lowest recently seen, delay and size stretch by
      the same factor, capped at `max_delay_ms` (latency stays bounded).
    """

    def __init__(self, size: int = 256, delay_ms: float = 250.0, max_delay_ms: float = 1000.0) -> None:
        self.size = size
        self.delay_ms = delay_ms
        self.max_delay_ms = max(max_delay_ms, delay_ms)
        self.rate = 0.0  # records/s, exponentially weighted
        self.stretch = 1.0
        self._ref_price: float | None = None

    def observe_rate(self, added: int, seconds: float) -> None:
        if seconds > 0:
            self.rate = 0.7 * self.rate + 0.3 * (added / seconds)

    def observe_gas(self, price: int | None) -> None:
        if not price:
            return
        ref = self._ref_price
        self._ref_price = price if ref is None else min(price, ref * 1.05)  # drifts up slowly
        cap = self.max_delay_ms / self.delay_ms
        self.stretch = max(1.0, min(cap, price / self._ref_price))

    def threshold(self) -> int:
        return max(1, int(max(self.size, self.rate * self.delay_ms / 1000) * self.stretch))

    def delay_s(self) -> float:
        return min(self.max_delay_ms, self.delay_ms * self.stretch) / 1000


def median_gas_price(chain: Any) -> Callable[[], int | None]:
    """Gas price signal from the chain itself: the median price paid in the latest block."""

    def price() -> int | None:
        txs = chain.get_block(chain.block_number()).transactions
        return int(statistics.median(t.gas_price for t in txs)) if txs else None

    return price


class Batcher:
    """Runs `anchorer.anchor()` in its own thread when the policy says so. Callers never wait
    on the chain: `notify(size)` only wakes the thread. Failures back off (0.1 s doubling to
    5 s) and retry; the anchorer checks the chain first, so a retry never anchors twice."""

    def __init__(
        self,
        anchorer: Anchorer,
        policy: BatchPolicy | None = None,
        *,
        gas_price: Callable[[], int | None] | None = None,
        poll_s: float = 0.1,
    ) -> None:
        self.anchorer = anchorer
        self.policy = policy or BatchPolicy()
        self.gas_price = gas_price
        self.poll_s = poll_s
        self.anchors = 0
        self.failures = 0
        self.last_error: str | None = None
        self._cond = threading.Condition()
        self._stop = False
        self._thread: threading.Thread | None = None

    def start(self) -> Batcher:
        self.anchorer.ledger.on_append(self.notify)
        self._thread = threading.Thread(target=self._run, name="nexus-ledger-batcher", daemon=True)
        self._thread.start()
        return self

    def notify(self, size: int = 0) -> None:
        with self._cond:
            self._cond.notify()

    def _wait(self, seconds: float) -> None:
        with self._cond:
            if not self._stop:
                self._cond.wait(max(seconds, 0.0))

    def _run(self) -> None:
        ledger = self.anchorer.ledger
        done = self._safe(self.anchorer.anchored_size) or 0
        first_pending: float | None = None
        last_size, last_t, backoff = done, time.monotonic(), 0.1
        while not self._stop:
            size, now = ledger.size(), time.monotonic()
            self.policy.observe_rate(size - last_size, now - last_t)
            last_size, last_t = size, now
            if size <= done:
                first_pending = None
                self._wait(self.poll_s)
                continue
            first_pending = first_pending or now
            if size - done < self.policy.threshold() and now - first_pending < self.policy.delay_s():
                self._wait(min(self.poll_s, first_pending + self.policy.delay_s() - now))
                continue
            if self.gas_price is not None:
                self.policy.observe_gas(self._safe(self.gas_price))
                if now - first_pending < self.policy.delay_s() and size - done < self.policy.threshold():
                    continue  # the price stretched the window: wait more
            try:
                anchor = self.anchorer.anchor(size, wait=False)  # None: another node anchors
            except Exception as exc:  # noqa: BLE001  (any failure: back off and retry)
                self.failures += 1
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("anchoring failed (retrying in %.1f s): %s", backoff, self.last_error)
                self._wait(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            backoff = 0.1
            self.last_error = None
            if anchor is not None:
                done = anchor.size
                self.anchors += 1
            first_pending = None

    def _safe(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001  (a probe failing must not stop the loop)
            log.debug("batcher probe failed: %s", exc)
            return None

    def stop(self, final: bool = True) -> None:
        """Stop the thread; with `final`, try one last anchor of whatever is pending."""
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if final:
            try:
                self.anchorer.anchor()
            except Exception as exc:  # noqa: BLE001  (stopping must not raise)
                log.warning("final anchor failed: %s", exc)

    def health(self) -> dict[str, Any]:
        return {
            "ok": self.last_error is None,
            "anchors": self.anchors,
            "failures": self.failures,
            "last_error": self.last_error,
            "threshold": self.policy.threshold(),
            "delay_ms": round(self.policy.delay_s() * 1000, 1),
        }
