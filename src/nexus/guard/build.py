"""Assemble a monitor for a chain: detectors, context from the sandbox manifest, store, sinks, breaker."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..chain.base import ChainBackend
from .breaker import CircuitBreaker
from .context import GuardContext
from .detectors import EnvelopeModel, default_detectors
from .detectors.base import Detector
from .monitor import Monitor
from .sinks import JsonlSink, Sink
from .store import GuardStore

__all__ = ["build_monitor", "guard_dir"]

_NOT_WATCHED = {"usd", "col", "gov", "feed", "guardian"}


def guard_dir(home: Path) -> Path:
    return home / "guard"


def build_monitor(backend: ChainBackend, *, sandbox: Any = None, home: Path | None = None,
                  anomaly: EnvelopeModel | None = None, breaker: bool = True,
                  detectors: Sequence[Detector] | None = None, sinks: Sequence[Sink] = (),
                  start: int | None = None, traces: bool = True) -> Monitor:
    """A monitor watching the sandbox's protocols (when given). With `home`, its position and
    findings persist in `<home>/guard/` (SQLite + findings.jsonl); without, it runs in memory."""
    ctx = GuardContext(backend)
    brk = None
    if sandbox is not None:
        ctx.protocols = {a: k for a, k in sandbox.labels.items() if k not in _NOT_WATCHED}
        ctx.protected = set(sandbox.protected)
        if breaker:
            brk = CircuitBreaker(backend, sandbox["guardian"].address, sandbox.operator, sandbox.protected)
    store = None
    all_sinks = list(sinks)
    if home is not None:
        gdir = guard_dir(home)
        store = GuardStore(gdir / f"state-{backend.chain_id}.db", chain_id=backend.chain_id,
                           genesis=backend.genesis_hash)
        store.rewind_to_chain(backend)
        all_sinks.insert(0, JsonlSink(gdir / "findings.jsonl"))
        if brk is not None:
            st = store
            brk.on_action = lambda a, f: st.record_action(f.block_number, a.target, a.tx_hash, a.finding, a.ok,
                                                          a.detail)
    dets = list(detectors) if detectors is not None else default_detectors(anomaly)
    return Monitor(backend, dets, ctx=ctx, store=store, sinks=all_sinks, breaker=brk, start=start, traces=traces)
