"""The guard as a node service: `nexus up` follows the chain with the monitor in a thread."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from ..node.service import Service, register_service
from .findings import Finding
from .sinks import FindingStream, LedgerSink

if TYPE_CHECKING:
    from ..node.node import Node
    from ..settings import Settings
    from .monitor import Monitor

__all__ = ["GuardService"]

log = logging.getLogger(__name__)


class GuardService(Service):
    """Runs a Monitor on the node's chain: findings go to `<home>/guard/` (SQLite + JSONL), the
    in-process `stream` (API SSE), the node's event bus as `finding` events, and the ledger
    (critical ones) when a ledger service runs beside it."""

    name = "guard"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stream = FindingStream()
        self.monitor: Monitor | None = None
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, node: Node) -> None:
        from ..sandbox import load_sandbox
        from ..sandbox.deploy import sandbox_manifest
        from .build import build_monitor
        from .detectors.anomaly import load_default_anomaly

        nexus = node.require()
        chain = nexus.chain
        path = sandbox_manifest(self.settings.deployments_dir, chain.chain_id)
        sandbox = None
        if path.exists():
            try:
                sandbox = load_sandbox(chain, path, self.settings.cache_dir / "contracts")
            except Exception as exc:
                log.warning("guard: sandbox manifest ignored: %s", exc)
        sinks: list[Any] = [self.stream]
        ledger = next((s for s in getattr(node, "services", []) if getattr(s, "name", "") == "ledger"), None)
        if (ls := LedgerSink.discover(ledger)) is not None:
            sinks.append(ls)
        events = getattr(node, "events", None)
        if events is not None:
            sinks.append(_BusSink(events))
        self.monitor = build_monitor(chain, sandbox=sandbox, home=self.settings.home, sinks=sinks,
                                     anomaly=load_default_anomaly())
        self._halt.clear()
        self._thread = threading.Thread(target=self.monitor.run, args=(self._halt, self.settings.poll_interval),
                                        name="nexus-guard", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._halt.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self.monitor is not None and self.monitor.store is not None:
            self.monitor.store.close()
        self.monitor = None

    def health(self) -> dict[str, Any]:
        m = self.monitor
        if m is None:
            return {"ok": False, "error": "not running"}
        return {"ok": self._thread is not None and self._thread.is_alive(), "next_block": m.next_block,
                **m.stats, "p99_ms": round(m.latency_p(0.99), 3), "last_block": m.last_block_features}


class _BusSink:
    """Publishes findings on the node's event bus (kind `finding`, snake_case `to_dict()`)."""

    def __init__(self, bus: Any) -> None:
        self.bus = bus

    def emit(self, finding: Finding) -> None:
        self.bus.publish("finding", finding.to_dict())


@register_service
def _guard_factory(settings: Settings) -> GuardService | None:
    return GuardService(settings) if getattr(settings, "guard", True) else None
