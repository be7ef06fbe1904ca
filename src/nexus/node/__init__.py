"""The node process: chain, contracts, pluggable services and the HTTP API."""

from ..ledger import service as _ledger_service  # noqa: F401, I001  (services start in import order)
from . import follower as _follower  # noqa: F401  (registers the chain follower)
from ..guard import service as _guard_service  # noqa: F401  (registers the guard monitor)
from ..oracle import service as _oracle_service  # noqa: F401  (registers the oracle network)
from .events import Event, EventBus
from .node import Node
from .service import SERVICE_FACTORIES, Service, register_service

__all__ = ["SERVICE_FACTORIES", "Event", "EventBus", "Node", "Service", "register_service"]
