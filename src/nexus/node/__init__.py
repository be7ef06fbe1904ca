"""The node process: chain, contracts, pluggable services and the HTTP API."""

from .node import Node
from .service import SERVICE_FACTORIES, Service, register_service

__all__ = ["SERVICE_FACTORIES", "Node", "Service", "register_service"]
