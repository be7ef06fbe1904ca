"""Assemble a monitor for a chain: detectors, context from the watch targets, store, sinks, breaker."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..chain.base import ChainBackend
from .breaker import CircuitBreaker
from .context import GuardContext
from .detectors import EnvelopeModel, default_detectors
from .detectors.base import Detector
from .monitor import Monitor
from .sinks import JsonlSink, Sink
from .store import GuardStore
from .targets import WatchTargets

__all__ = ["build_monitor", "guard_dir"]


def guard_dir(home: Path) -> Path:
    return home / "guard"


def build_monitor(
    backend: ChainBackend,
    *,
    targets: WatchTargets | None = None,
    home: Path | None = None,
    anomaly: EnvelopeModel | None = None,
    breaker: bool = True,
    detectors: Sequence[Detector] | None = None,
    sinks: Sequence[Sink] = (),
    start: int | None = None,
    traces: bool = True,
) -> Monitor:
    """A monitor watching `targets` (with a breaker when they name a guardian). With `home`, its
    position and findings persist in `<home>/guard/` (SQLite + findings.jsonl); without, in memory."""
    ctx = GuardContext(backend)
    brk = None
    if targets is not None:
        ctx.set_targets(targets)
        if breaker and targets.guardian is not None and targets.operator is not None:
            brk = CircuitBreaker(backend, targets.guardian, targets.operator, targets.pausable())
    store = None
    all_sinks = list(sinks)
    if home is not None:
        gdir = guard_dir(home)
        store = GuardStore(
            gdir / f"state-{backend.chain_id}.db", chain_id=backend.chain_id, genesis=backend.genesis_hash
        )
        store.rewind_to_chain(backend)
        all_sinks.insert(0, JsonlSink(gdir / "findings.jsonl"))
        if brk is not None:
            st = store
            brk.on_action = lambda a, f: st.record_action(
                f.block_number, a.target, a.tx_hash, a.finding, a.ok, a.detail
            )
            brk.on_decision = lambda d: st.record_decision(d.block, d.finding, d.target, d.pause, d.reason)
    dets = list(detectors) if detectors is not None else default_detectors(anomaly)
    return Monitor(backend, dets, ctx=ctx, store=store, sinks=all_sinks, breaker=brk, start=start, traces=traces)
