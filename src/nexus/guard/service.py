"""The guard as a node service: its monitor consumes the node's block stream."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ..ledger.service import LedgerService
from ..node.blocks import BlockStream
from ..node.service import Service
from .findings import Finding
from .sinks import LedgerSink
from .targets import WatchTargets

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..chain.base import ChainBackend
    from ..node.node import Node
    from ..settings import Settings
    from .monitor import Monitor

__all__ = ["GuardService"]

log = logging.getLogger(__name__)


class GuardService(Service):
    """Runs a Monitor on the node's chain, watching what `targets(chain)` names, fed block by block
    by the node's `BlockStream` (each block fetched once for every consumer). Findings go to
    `<home>/guard/` (SQLite + JSONL), the node's event bus as `finding` events, and the ledger
    (critical ones) when the node runs one."""

    name = "guard"

    def __init__(
        self,
        settings: Settings,
        targets: Callable[[ChainBackend], WatchTargets | None] | None = None,
        model_loader: Callable[[str], Any] | None = None,
    ) -> None:
        self.settings = settings
        self.targets = targets  # called on start with the node's chain
        # the composing layer's `loader(name)`: the DAO's active version, or None (no registry)
        self.model_loader = model_loader
        self.monitor: Monitor | None = None
        self._stream: BlockStream | None = None
        self._base: WatchTargets | None = None  # from the provider (the sandbox), fixed at start

    def watched(self) -> WatchTargets:
        """What the guard watches now: the provider's targets plus the settings' targets file."""
        from .watchlist import load_targets

        base = self._base if self._base is not None else WatchTargets()
        return base.merge(load_targets(self.settings))

    def sources(self) -> dict[str, str]:
        base = self._base.targets if self._base is not None else {}
        file = set(WatchTargets.load(self.settings.guard_targets_path).targets)
        return {a: ("file" if a in file else "provider") for a in set(base) | file}

    def reload(self) -> WatchTargets:
        """Re-read the targets file (after an add/remove); the running monitor follows."""
        targets = self.watched()
        if self.monitor is not None:
            self.monitor.set_targets(targets)
        return targets

    def start(self, node: Node) -> None:
        from .build import build_monitor
        from .detectors.anomaly import load_default_anomaly

        chain = node.require().chain
        stream = node.service(BlockStream)
        self._base = self.targets(chain) if self.targets is not None else None
        targets = self.watched()
        sinks: list[Any] = [_BusSink(node.events)]
        ledger = node.find(LedgerService)
        if ledger is not None:
            sinks.append(LedgerSink(ledger.append))
        self.monitor = build_monitor(
            chain, targets=targets, home=self.settings.home, sinks=sinks, anomaly=load_default_anomaly()
        )
        stream.subscribe(self.monitor)
        self._stream = stream

    def stop(self) -> None:
        if self._stream is not None and self.monitor is not None:
            self._stream.unsubscribe(self.monitor)
        self._stream = None
        if self.monitor is not None:
            self.monitor.close()
        self.monitor = None

    def fraud_model(self) -> Any:
        """The fraud model to serve now (the DAO's active `fraud` version, or the bundled one when
        no model registry is deployed); ModelNotServable when the registry refuses it."""
        from .fraud.model import served_model

        return served_model(self.model_loader)[0]

    def _fraud_source(self) -> str:
        from ..exceptions import NexusError

        try:
            served = self.model_loader("fraud") if self.model_loader is not None else None
        except NexusError as exc:
            return f"refused: {exc}"
        if served is None:
            return "bundled (no model registry deployed)"
        gv = getattr(served, "governed_version", {})
        return f"registry: fraud v{gv.get('version')} {gv.get('fingerprint')}"

    def health(self) -> dict[str, Any]:
        m = self.monitor
        if m is None:
            return {"ok": False, "error": "not running"}
        stream_ok = self._stream is not None and self._stream.health().get("ok", False)
        return {
            "ok": bool(stream_ok),
            "next_block": m.next_block,
            "fraud_model": self._fraud_source(),
            **m.stats,
            "p99_ms": round(m.latency_p(0.99), 3),
            "last_block": m.last_block_features,
        }


class _BusSink:
    """Publishes each finding on the node's event bus (`finding` events for the API's /events)."""

    def __init__(self, bus: Any) -> None:
        self.bus = bus

    def emit(self, finding: Finding) -> None:
        self.bus.publish("finding", finding.to_dict())
