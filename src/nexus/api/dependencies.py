"""FastAPI dependencies: the node serving the request and its SDK handle."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from .._client import Nexus
from ..node.node import Node

__all__ = ["NexusDep", "NodeDep", "get_nexus", "get_node"]


def get_node(request: Request) -> Node:
    node: Node = request.app.state.node
    return node


def get_nexus(request: Request) -> Nexus:
    """The node's open Nexus; a NexusError (HTTP 500) when the node is not running."""
    return get_node(request).require()


NodeDep = Annotated[Node, Depends(get_node)]
NexusDep = Annotated[Nexus, Depends(get_nexus)]
