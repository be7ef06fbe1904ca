"""Dispute verifiers: re-run the registered model on the revealed input and vote the output hash."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._crypto import canonical_hash
from .model import Model
from .registry import ServiceRegistry

__all__ = ["Verifier", "decide"]


def decide(registry: ServiceRegistry, did: int, data: Any, model_of: Callable[[str], Model]) -> str:
    """The output hash an honest verifier votes for dispute `did`, given the client's revealed input.

    An input that does not hash to the committed request proves nothing: the vote is then the
    receipt's own output (the dispute fails)."""
    d = registry.dispute(did)
    if "0x" + canonical_hash(data).hex() != d.request:
        return d.output
    model = model_of(registry.service(d.service).model)
    try:
        _, out = model.answer(data)
    except ValueError:  # the provider signed an answer to an input its model refuses: not its model's
        return "0x" + canonical_hash({"refused": True}).hex()
    return "0x" + out.hex()


class Verifier:
    """A staked verifier account with the models it can re-run (by fingerprint)."""

    def __init__(self, registry: ServiceRegistry, address: str, models: dict[str, Model]) -> None:
        self.registry, self.address, self.models = registry, address, models

    def model_of(self, fingerprint: str) -> Model:
        from ..exceptions import AIServiceNotFound

        model = self.models.get(fingerprint.lower())
        if model is None:
            raise AIServiceNotFound(f"verifier {self.address} does not hold model {fingerprint}")
        return model

    def review(self, did: int, data: Any) -> str:
        """Re-run and vote (unless the dispute is already resolved); returns the voted hash."""
        out = decide(self.registry, did, data, self.model_of)
        if not self.registry.dispute(did).resolved:
            self.registry.vote(did, out, sender=self.address)
        return out
