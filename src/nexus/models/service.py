"""The node's model service: what each model serves now, following the registry block by block.

It consumes the node's BlockStream. On a block holding the registry's Activated, Paused or
Unpaused event for a model, that model is reloaded (or refused, while paused) before the next
block is handed out: an activation voted on chain serves from the next block on, no restart.
With no registry on the chain, serving code falls back to its bundled models, and `health()`
says so; the service keeps looking for a registry as blocks come.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from ..exceptions import ModelNotServable
from ..governance.client import Governance
from ..governance.registry import _name_str
from ..governance.store import ModelStore
from ..node import BlockStream, Service
from .governed import GovernedModel
from .loader import load_from

if TYPE_CHECKING:
    from ..chain.types import Block
    from ..node import Node
    from ..settings import Settings

__all__ = ["ModelService"]

log = logging.getLogger(__name__)
_WATCHED = ("Activated", "Paused", "Unpaused")


class ModelService(Service):
    """`get(name)` is the model that serves now (ModelNotServable otherwise); `loader` is the
    callable handed to other services (None from it: no registry, use the bundled model)."""

    name = "models"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = ModelStore.of(settings)
        self.next_block = 0
        self.reloads = 0
        self._gov: Governance | None = None
        self._served: dict[str, GovernedModel | str] = {}  # a model, or why it is refused
        self._lock = threading.Lock()
        self._node: Node | None = None
        self._stream: BlockStream | None = None

    def start(self, node: Node) -> None:
        nexus = node.require()
        self._node = node
        self.next_block = nexus.chain.block_number() + 1
        self._attach()
        if self._gov is None:
            log.info("models: no model registry on this chain; serving bundled models")
        stream = node.find(BlockStream)
        if stream is not None:
            stream.subscribe(self)
            self._stream = stream

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.unsubscribe(self)
            self._stream = None

    def _attach(self) -> None:
        """Find the registry (once deployed) and load every registered model."""
        if self._node is None or self._node.nexus is None:
            return
        nexus = self._node.nexus
        gov = Governance(nexus.chain, nexus.deployer)
        if not gov.deployed():
            return
        self._gov = gov
        log.info("models: following the model registry at %s", gov.registry.address)
        for name in gov.registry.names():
            self._reload(name)

    def _reload(self, name: str) -> None:
        served: GovernedModel | str
        try:
            model = load_from(self._gov, name, self.store, settings=self.settings)
            log.info("models: %s serves v%d (%s)", name, model.version, model.fingerprint)
            served = model
        except ModelNotServable as exc:
            served = str(exc)
            log.warning("%s", exc)
        with self._lock:
            self._served[name] = served
            self.reloads += 1

    def process_block(self, block: Block) -> None:
        if self._gov is None:
            self._attach()
        elif block.logs:
            reg = self._gov.registry.contract
            topics = {reg.abi.event_topic(e) for e in _WATCHED}
            addr = reg.address.lower()
            names = {
                _name_str(lg.topics[1])
                for lg in block.logs
                if lg.address.lower() == addr and lg.topics and lg.topics[0] in topics
            }
            for name in sorted(names):
                self._reload(name)
        self.next_block = block.number + 1

    # --- what serving code calls --------------------------------------------------------------
    def get(self, name: str) -> GovernedModel:
        """The model `name` serves now, or ModelNotServable (why)."""
        if self._gov is None:
            raise ModelNotServable(f"models: no model registry on this chain, so {name!r} cannot be served")
        with self._lock:
            served = self._served.get(name)
        if served is None:
            self._reload(name)
            with self._lock:
                served = self._served[name]
        if isinstance(served, str):
            raise ModelNotServable(served)
        return served

    def loader(self, name: str) -> GovernedModel | None:
        """None while the chain has no registry (callers fall back to bundled models)."""
        return None if self._gov is None else self.get(name)

    def health(self) -> dict[str, Any]:
        with self._lock:
            served = dict(self._served)
        if self._gov is None:
            return {
                "ok": True,
                "registry": None,
                "serving": "bundled models (no model registry deployed)",
                "models": {},
            }
        return {
            "ok": True,
            "registry": self._gov.registry.address,
            "next_block": self.next_block,
            "reloads": self.reloads,
            "models": {
                n: ({"refused": s} if isinstance(s, str) else s.governed_version) for n, s in sorted(served.items())
            },
        }
