"""The node process: chain, contracts, pluggable services and the HTTP API."""

from .node import Node
from .service import SERVICE_FACTORIES, Service, register_service
from ..ledger import service as _ledger_service  # noqa: F401,E402  (registers the ledger service)

__all__ = ["SERVICE_FACTORIES", "Node", "Service", "register_service"]
