"""The plug-in layer: the `Service` base class, the event bus, the block stream and the `Node`
that starts services in the order it is given (`nexus.services` builds the default list)."""

from .blocks import BlockStream
from .events import EventBus, NodeEvent
from .node import Node
from .service import Service

__all__ = ["BlockStream", "NodeEvent", "EventBus", "Node", "Service"]
