"""The node: one chain, its contracts, the registered services and the HTTP API, in one process."""

from __future__ import annotations

import logging
import signal
import socket
import threading
import time
from collections.abc import Callable, Sequence
from types import FrameType
from typing import TYPE_CHECKING, Any, Self

from .._client import Nexus
from ..exceptions import ConfigError, NexusError
from ..settings import Settings
from .events import EventBus
from .service import SERVICE_FACTORIES, Service

if TYPE_CHECKING:
    import uvicorn

__all__ = ["Node"]

log = logging.getLogger(__name__)
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Node:
    """Opens the chain, deploys or re-attaches the contracts, runs services and serves the API.

    `start()`/`stop()` manage everything but the HTTP server (tests and embedders use these);
    `serve()` does start, serve until SIGINT/SIGTERM, stop.
    """

    def __init__(self, settings: Settings, services: Sequence[Service] | None = None) -> None:
        self.settings = settings
        self.events = EventBus(settings.events_history)  # typed events for the API's /events
        if services is None:
            services = [s for f in SERVICE_FACTORIES if (s := f(settings)) is not None]
        self.services: list[Service] = list(services)
        self.nexus: Nexus | None = None
        self.url: str | None = None
        self.started_at: float | None = None
        self._started: list[Service] = []
        self._ticker: threading.Thread | None = None
        self._halt = threading.Event()
        self._server: uvicorn.Server | None = None
        self._signals: list[int] = []

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
        """Stop services (reverse order), the flush ticker, then close the chain (which flushes)."""
        self._halt.set()
        self.events.close()  # ends open event streams
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

    # --- serving -----------------------------------------------------------------------------
    def serve(self, on_ready: Callable[[str], None] | None = None) -> None:
        """Start, serve the API until SIGINT/SIGTERM, stop. `on_ready` gets the bound URL."""
        import uvicorn

        from ..api import create_app
        from ..api.runtime import tune_runtime

        sock = self._bind()  # fail on a taken port before touching the chain
        previous = self._trap_signals()
        try:
            self.start()
            app = create_app(self)
            config = uvicorn.Config(
                app, log_config=None, access_log=False,
                log_level=self.settings.log_level.lower(), timeout_graceful_shutdown=5,
            )
            tune_runtime(self.settings.api_tune_runtime)  # process-wide GIL/GC knobs: opt-in
            self._server = uvicorn.Server(config)
            self._server.handle_exit = self._closing_streams(self._server.handle_exit)  # type: ignore[method-assign,assignment]
            if self._signals:  # asked to stop while starting
                return
            log.info("listening on %s", self.url)
            if on_ready is not None:
                on_ready(self.url or "")
            self._server.run(sockets=[sock])
        finally:
            sock.close()
            self._server = None
            self.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _closing_streams(self, inner: Callable[[int, FrameType | None], None]
                         ) -> Callable[[int, FrameType | None], None]:
        """uvicorn's own signal handler, which first ends open event streams (SSE): the server's
        graceful shutdown waits for open responses, and a stream would hold it to the timeout."""

        def handle(sig: int, frame: FrameType | None) -> None:
            # off this frame: the signal may have interrupted code holding the bus's lock
            threading.Thread(target=self.events.close, name="nexus-events-close").start()
            inner(sig, frame)

        return handle

    def _trap_signals(self) -> dict[int, Any]:
        """Turn SIGINT/SIGTERM into a graceful stop (uvicorn re-raises them to these handlers)."""
        if threading.current_thread() is not threading.main_thread():
            return {}

        def handler(sig: int, frame: FrameType | None) -> None:
            self._signals.append(sig)
            # end open event streams so the server stops promptly (off this frame: the bus locks)
            threading.Thread(target=self.events.close, name="nexus-events-close").start()
            if self._server is not None:
                self._server.should_exit = True

        return {sig: signal.signal(sig, handler) for sig in _STOP_SIGNALS}

    def _bind(self) -> socket.socket:
        host, port = self.settings.host, self.settings.port
        try:
            family, kind, proto, _, addr = socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
            sock = socket.socket(family, kind, proto)
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(addr)
            sock.listen(2048)  # connections queue from here on, before the server loop runs
        except OSError as exc:
            sock.close()
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        bound = sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{bound}"
        return sock

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
        out.update(uptime_s=round(self.uptime, 3), url=self.url,
                   services=[s.name for s in self._started])
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
