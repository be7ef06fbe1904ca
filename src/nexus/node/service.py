"""The `Service` plug-in point: a capability the node starts, stops and reports on."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..settings import Settings
    from .node import Node

__all__ = ["SERVICE_FACTORIES", "Service", "register_service"]


class Service(ABC):
    """A long-running capability (ledger, guard, oracle, ...) hosted by a `Node`.

    `start` is called once the chain is open and the contracts are attached; it must return
    promptly (run loops in a thread it owns). `stop` is called on shutdown in reverse start order
    and must be idempotent. Services reach the chain only through `node.nexus`.
    """

    name: str = "service"

    @abstractmethod
    def start(self, node: Node) -> None: ...

    @abstractmethod
    def stop(self) -> None: ...

    def health(self) -> dict[str, Any]:
        """Plain data for GET /health; override to report more than liveness."""
        return {"ok": True}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


ServiceFactory = Callable[["Settings"], "Service | None"]

# Factories the node calls, in order, to build its services. A factory returns None to opt out
# (e.g. when its settings are off). Each capability appends its own with `register_service`.
SERVICE_FACTORIES: list[ServiceFactory] = []


def register_service(factory: ServiceFactory) -> ServiceFactory:
    """Add a service factory (usable as a decorator on a Service subclass or a function)."""
    if factory not in SERVICE_FACTORIES:
        SERVICE_FACTORIES.append(factory)
    return factory
