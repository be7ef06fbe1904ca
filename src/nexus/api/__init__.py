"""HTTP API of the node: a FastAPI app over the node's services, holding no logic of its own."""

from .app import ROUTERS, create_app
from .server import serve

__all__ = ["ROUTERS", "create_app", "serve"]
