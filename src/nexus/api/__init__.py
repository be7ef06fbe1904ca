"""HTTP API of the node: a FastAPI app over the node's SDK handle, holding no logic of its own."""

from .app import ROUTERS, create_app

__all__ = ["ROUTERS", "create_app"]
