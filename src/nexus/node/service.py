"""The `Service` plug-in point: a capability the node starts, stops and reports on."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .node import Node

__all__ = ["Service"]


class Service(ABC):
    """A long-running capability (ledger, guard, oracle, ...) hosted by a `Node`.

    `start` is called once the chain is open and the contracts are attached; it must return
    promptly (run loops in a thread it owns). `stop` is called on shutdown in reverse start order
    and must be idempotent. Services reach the chain only through `node.nexus`, and each other
    through `node.service(SomeService)`. Which services a node runs, and in which order, is
    decided in one place: `nexus.services.default_services`.
    """

    name: str = "service"

    @abstractmethod
    def start(self, node: Node) -> None: ...

    @abstractmethod
    def stop(self) -> None: ...

    def halt(self) -> None:
        """Stop handing work to other services. On shutdown the node calls it on every service
        before it stops any, so a producer (the block stream) is quiet before its consumers close;
        it must be idempotent. Default: nothing to do."""

    def health(self) -> dict[str, Any]:
        """Plain data for GET /health; override to report more than liveness."""
        return {"ok": True}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"
