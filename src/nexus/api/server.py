"""Serving a node: bind the socket, start the node, run uvicorn until SIGINT/SIGTERM, stop."""

from __future__ import annotations

import logging
import signal
import socket
import threading
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

from ..exceptions import ConfigError

if TYPE_CHECKING:
    import uvicorn

    from ..node import Node

__all__ = ["bind", "serve"]

log = logging.getLogger(__name__)
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def serve(node: Node, on_ready: Callable[[str], None] | None = None) -> None:
    """Start `node`, serve its API until SIGINT/SIGTERM, stop it. `on_ready` gets the bound URL
    (also in `node.url`). The port is bound before the chain is touched, so a taken port fails fast."""
    _Server(node).run(on_ready)


def bind(host: str, port: int) -> tuple[socket.socket, str]:
    """A listening socket on host:port (0 picks a free port) and the URL it is reached at."""
    try:
        family, kind, proto, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[
            0
        ]
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
    shown = f"[{host}]" if ":" in host else host
    return sock, f"http://{shown}:{sock.getsockname()[1]}"


class _Server:
    """One serving run of a node: signals trapped for its duration, restored after."""

    def __init__(self, node: Node) -> None:
        self.node = node
        self.server: uvicorn.Server | None = None
        self.signals: list[int] = []

    def run(self, on_ready: Callable[[str], None] | None) -> None:
        import uvicorn

        from .app import create_app
        from .runtime import tune_runtime

        node, settings = self.node, self.node.settings
        sock, node.url = bind(settings.host, settings.port)
        previous = self._trap_signals()
        try:
            node.start()
            config = uvicorn.Config(
                create_app(node),
                log_config=None,
                access_log=False,
                log_level=settings.log_level.lower(),
                timeout_graceful_shutdown=5,
            )
            tune_runtime(settings.api_tune_runtime)  # process-wide GIL/GC knobs: opt-in
            self.server = uvicorn.Server(config)
            self.server.handle_exit = self._closing_streams(self.server.handle_exit)  # type: ignore[method-assign,assignment]
            if self.signals:  # asked to stop while starting
                return
            log.info("listening on %s", node.url)
            if on_ready is not None:
                on_ready(node.url)
            self.server.run(sockets=[sock])
        finally:
            sock.close()
            self.server = None
            node.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _end_streams(self) -> None:
        # off the signal frame: the signal may have interrupted code holding the bus's lock
        threading.Thread(target=self.node.events.close, name="nexus-events-close").start()

    def _closing_streams(
        self, inner: Callable[[int, FrameType | None], None]
    ) -> Callable[[int, FrameType | None], None]:
        """uvicorn's own signal handler, which first ends open event streams (SSE): the server's
        graceful shutdown waits for open responses, and a stream would hold it to the timeout."""

        def handle(sig: int, frame: FrameType | None) -> None:
            self._end_streams()
            inner(sig, frame)

        return handle

    def _trap_signals(self) -> dict[int, Any]:
        """Turn SIGINT/SIGTERM into a graceful stop (uvicorn re-raises them to these handlers)."""
        if threading.current_thread() is not threading.main_thread():
            return {}

        def handler(sig: int, frame: FrameType | None) -> None:
            self.signals.append(sig)
            self._end_streams()
            if self.server is not None:
                self.server.should_exit = True

        return {sig: signal.signal(sig, handler) for sig in _STOP_SIGNALS}
