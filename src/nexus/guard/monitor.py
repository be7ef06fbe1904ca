"""The monitor: follows blocks, decodes transactions, runs detectors, records and routes findings."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from ..chain.base import ChainBackend
from ..chain.types import Block
from ..exceptions import BlockRangeError, NotSupported
from .breaker import CircuitBreaker
from .context import GuardContext
from .detectors.base import Detector
from .findings import Finding
from .sinks import Sink
from .store import GuardStore
from .targets import WatchTargets
from .txview import TxView, decode_tx

__all__ = ["Monitor", "block_features", "evidence"]

log = logging.getLogger(__name__)


def block_features(views: Sequence[TxView]) -> dict[str, float]:
    """Per-block aggregates of the per-transaction features (what `on_block` detectors read)."""
    return {
        "txs": float(len(views)),
        "failed": float(sum(not v.ok for v in views)),
        "gas_used": float(sum(v.receipt.gas_used for v in views)),
        "logs": float(sum(len(v.receipt.logs) for v in views)),
        "transfers": float(sum(len(v.transfers) for v in views)),
        "swaps": float(sum(len(v.swaps) for v in views)),
        "flash_loans": float(sum(v.has_flash_loan for v in views)),
        "reentries": float(sum(len(v.reentries) for v in views)),
        "senders": float(len({v.tx.sender for v in views})),
    }


def evidence(finding: Finding, view: TxView) -> Finding:
    """The finding with what the breaker judges by: each victim's net outflow per asset in the
    transaction (`victim_loss`), and whether the transaction executed a passed governance action."""
    meta = dict(finding.metadata)
    if "victim_loss" not in meta:
        flows = view.net_flows()
        meta["victim_loss"] = {v: {a: str(-d) for a, d in flows.get(v, {}).items() if d < 0} for v in finding.victims()}
    meta.setdefault("governance_action", any(act == "executed" for _, act, _ in view.governance))
    return replace(finding, metadata=meta)


class Monitor:
    """Processes each block exactly once (position kept in `store`), in order, from `start`.

    Per block: decode every transaction (logs, and the call trace where the backend has one), run
    every detector, pause victims of critical findings through the breaker, then commit block +
    findings + position in one store transaction and deliver the new findings to the sinks.
    RPC errors back off and retry; a detector that raises is logged and skipped for that tx.
    """

    def __init__(
        self,
        backend: ChainBackend,
        detectors: Sequence[Detector],
        *,
        ctx: GuardContext | None = None,
        store: GuardStore | None = None,
        sinks: Sequence[Sink] = (),
        breaker: CircuitBreaker | None = None,
        start: int | None = None,
        traces: bool = True,
        latency_window: int = 10_000,
    ) -> None:
        self.backend = backend
        self.detectors = list(detectors)
        self.ctx = ctx or GuardContext(backend)
        self.store = store
        self.sinks = list(sinks)
        self.breaker = breaker
        self.traces = traces
        saved = store.next_block() if store is not None else None
        self.next_block = saved if saved is not None else (start if start is not None else backend.block_number() + 1)
        self.latencies_ms: deque[float] = deque(maxlen=latency_window)
        self.stats = {"blocks": 0, "txs": 0, "findings": 0, "detector_errors": 0, "rpc_errors": 0}
        self.on_finding: Callable[[Finding], None] | None = None
        self.last_block_features: dict[str, float] = {}
        self._lock = threading.Lock()
        if store is not None:
            self._deliver(store.unexported())  # findings committed before a crash, not yet delivered

    # --- one block -------------------------------------------------------------------------
    def _trace(self, tx_hash: str) -> Any:
        if not self.traces:
            return None
        try:
            return self.backend.trace(tx_hash)
        except NotSupported:
            log.info("backend has no traces; detectors run on receipts and logs only")
            self.traces = False
        except Exception as exc:
            log.debug("trace of %s failed: %s", tx_hash, exc)
        return None

    def analyse(self, block: Block) -> list[Finding]:
        """Findings for one block (no side effects outside detector state)."""
        found: dict[str, Finding] = {}
        self.ctx.head = block.number
        views = []
        for tx, rc in zip(block.transactions, block.receipts):
            view = decode_tx(tx, rc, block, self._trace(tx.hash), self.ctx.abis)
            views.append(view)
            self.ctx.touch(view)
            for det in self.detectors:
                try:
                    for f in det.on_tx(view, self.ctx):
                        found.setdefault(f.key, evidence(f, view))
                except Exception:
                    self.stats["detector_errors"] += 1
                    log.exception("detector %s failed on %s", det.name, tx.hash)
            self.ctx.apply(view)
        self.ctx.block_features = self.last_block_features = block_features(views)
        for det in self.detectors:
            try:
                for f in det.on_block(block, self.ctx):
                    found.setdefault(f.key, f)
            except Exception:
                self.stats["detector_errors"] += 1
                log.exception("detector %s failed on block %s", det.name, block.number)
        return [self._label(f) for f in found.values()]

    def _label(self, f: Finding) -> Finding:
        """Name the protocol a finding concerns: its victim's, else any watched address it names."""
        if f.protocol:
            return f
        victims = f.victims()
        name = self.ctx.targets.protocol_of(victims + [a for a in f.addresses if a not in victims])
        return replace(f, protocol=name or "unwatched")

    def set_targets(self, targets: WatchTargets) -> None:
        """Watch `targets` from the next block on (the breaker's pausable set follows)."""
        with self._lock:
            self.ctx.set_targets(targets)
            if self.breaker is not None:
                self.breaker.protected = dict(targets.pausable())

    def process_block(self, block: Block) -> list[Finding]:
        """Analyse, act, commit, deliver. Returns the new findings of this block."""
        with self._lock:
            if block.number != self.next_block:
                raise BlockRangeError(f"monitor expects block {self.next_block}, got {block.number}")
            if self.store is not None:  # act on and record only blocks a crash cannot take back
                self.backend.make_durable(block.number)
            t0 = time.perf_counter()
            findings = self.analyse(block)
            if self.breaker is not None:  # act before committing: a crash re-runs the (idempotent) pause
                for f in findings:
                    self.breaker.handle(f)
            fresh = findings
            if self.store is not None:
                fresh = self.store.commit_block(block.number, block.hash, len(block.transactions), findings)
            self.next_block = block.number + 1
            self.stats["blocks"] += 1
            self.stats["txs"] += len(block.transactions)
            self.stats["findings"] += len(fresh)
            self._deliver(fresh)
            self.latencies_ms.append((time.perf_counter() - t0) * 1000)
            return fresh

    def _deliver(self, findings: Sequence[Finding]) -> None:
        for f in findings:
            for sink in self.sinks:
                try:
                    sink.emit(f)
                except Exception:
                    log.exception("sink %r failed", sink)
            if self.on_finding is not None:
                self.on_finding(f)
        if self.store is not None and findings:
            self.store.mark_exported([f.key for f in findings])

    # --- following ---------------------------------------------------------------------------
    def poll(self, limit: int | None = None) -> list[Finding]:
        """Process every block up to the current head (at most `limit`); returns new findings."""
        out: list[Finding] = []
        head = self.backend.block_number()
        while self.next_block <= head and (limit is None or limit > 0):
            out += self.process_block(self.backend.get_block(self.next_block))
            if limit is not None:
                limit -= 1
        return out

    def run(self, stop: threading.Event, poll_interval: float = 0.2, max_backoff: float = 10.0) -> None:
        """Follow the chain until `stop` is set, riding out RPC errors with exponential backoff."""
        backoff = poll_interval
        while not stop.is_set():
            try:
                for block in self.backend.iter_blocks(self.next_block, poll_interval=poll_interval, stop=stop):
                    self.process_block(block)
                    backoff = poll_interval
            except Exception as exc:  # RPC down, a reorg-shaped surprise, ...: wait and resume
                self.stats["rpc_errors"] += 1
                log.warning("monitor: %s; retrying in %.1fs", exc, backoff)
                stop.wait(backoff)
                backoff = min(backoff * 2, max_backoff)

    def close(self) -> None:
        """Wait for a block being processed, then close the store (the monitor is done)."""
        with self._lock:
            if self.store is not None:
                self.store.close()

    def latency_p(self, q: float) -> float:
        vals = sorted(self.latencies_ms)
        return vals[min(len(vals) - 1, int(q * len(vals)))] if vals else 0.0
