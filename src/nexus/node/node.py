"""The node: one chain, its contracts and the services it is given, started and stopped in order."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from typing import Any, Self, TypeVar

from .._client import Nexus
from ..exceptions import NexusError, ServiceUnavailable
from ..settings import Settings
from .events import EventBus
from .service import Service

__all__ = ["Node"]

log = logging.getLogger(__name__)


S = TypeVar("S", bound=Service)


class Node:
    """Opens the chain, deploys or re-attaches the contracts, starts `services` in the order given
    and stops them in reverse. `nexus.services.build_node(settings)` gives the default set;
    `nexus.api.serve(node)` serves the HTTP API around a node.
    """

    def __init__(self, settings: Settings, services: Sequence[Service]) -> None:
        self.settings = settings
        self.events = EventBus(settings.events_history)  # typed events for the API's /events
        self.services: list[Service] = list(services)
        self.nexus: Nexus | None = None
        self.url: str | None = None
        self.started_at: float | None = None
        self._started: list[Service] = []
        self._ticker: threading.Thread | None = None
        self._halt = threading.Event()

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> Self:
        """Open the chain, deploy missing contracts (attach the rest), start the services."""
        if self.nexus is not None:
            return self
        self._halt.clear()
        self.events.open()
        self.nexus = Nexus(self.settings)
        try:
            deployed = self.nexus.deploy()
            log.info("contracts: %s", ", ".join(f"{n}@{c.address}" for n, c in deployed.items()))
            for svc in self.services:
                svc.start(self)
                self._started.append(svc)
                log.info("service %s started", svc.name)
            self._start_ticker()
        except BaseException:
            self.stop()
            raise
        self.started_at = time.monotonic()
        return self

    def _start_ticker(self) -> None:
        assert self.nexus is not None
        interval = self.settings.flush_interval
        if self.nexus.chain.kind != "embedded" or interval <= 0:
            return  # nothing to flush, or every write flushes already
        chain = self.nexus.chain

        def tick() -> None:
            while not self._halt.wait(interval):
                try:
                    chain.flush()  # the embedded chain takes its own lock
                except Exception:  # keep ticking; the next flush or close retries
                    log.exception("flush failed")

        self._ticker = threading.Thread(target=tick, name="nexus-flush", daemon=True)
        self._ticker.start()

    def stop(self) -> None:
        """Halt every service (the block stream stops feeding), stop them in reverse order, stop the
        flush ticker, then close the chain (which flushes)."""
        self._halt.set()
        self.events.close()  # ends open event streams
        for svc in self._started:  # producers go quiet before any consumer closes
            try:
                svc.halt()
            except Exception:
                log.exception("service %s failed to halt", svc.name)
        while self._started:
            svc = self._started.pop()
            try:
                svc.stop()
            except Exception:
                log.exception("service %s failed to stop", svc.name)
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        if self.nexus is not None:
            nexus, self.nexus = self.nexus, None
            nexus.close()
        self.started_at = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- services ----------------------------------------------------------------------------
    def find(self, kind: type[S]) -> S | None:
        """The node's service of type `kind` (the first one), or None when it runs none."""
        return next((s for s in self.services if isinstance(s, kind)), None)

    def service(self, kind: type[S]) -> S:
        """The node's service of type `kind`; ServiceUnavailable when it runs none."""
        found = self.find(kind)
        if found is None:
            raise ServiceUnavailable(f"this node runs no {kind.name} service")
        return found

    # --- reporting ---------------------------------------------------------------------------
    def require(self) -> Nexus:
        """The open SDK handle; NexusError when the node is not started."""
        if self.nexus is None:
            raise NexusError("the node is not running")
        return self.nexus

    @property
    def uptime(self) -> float:
        return 0.0 if self.started_at is None else time.monotonic() - self.started_at

    def status(self) -> dict[str, Any]:
        """`Nexus.status()` plus uptime, API URL and service names."""
        out = self.require().status()
        out.update(uptime_s=round(self.uptime, 3), url=self.url, services=[s.name for s in self._started])
        return out

    def health(self) -> dict[str, Any]:
        """Liveness of the node and of every started service."""
        services: dict[str, Any] = {}
        for svc in self._started:
            try:
                services[svc.name] = svc.health()
            except Exception as exc:  # noqa: BLE001 - a sick service is reported, not fatal
                services[svc.name] = {"ok": False, "error": str(exc)}
        ok = self.nexus is not None and all(h.get("ok", True) for h in services.values())
        return {"ok": ok, "uptime_s": round(self.uptime, 3), "services": services}
