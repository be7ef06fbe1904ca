"""NPC policies: scripted merchants (a fixed markup, a markdown script) and the learned Q-table merchant."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from importlib import resources
from typing import Any

from ..exceptions import GameInputError
from .rules import LEVELS, N_ACTIONS, Observation

__all__ = ["POLICY_KINDS", "FixedPrice", "Markdown", "NpcPolicy", "QPolicy", "load_packaged", "make_policy"]

PACKAGED = "merchant.json"


class NpcPolicy(ABC):
    """Chooses an action (a price level, or HOLD) from what the NPC observes."""

    kind: str = "abstract"

    def reset(self) -> None:
        """A new episode begins (scripted policies forget their running state)."""

    @abstractmethod
    def act(self, obs: Observation) -> int: ...

    def feedback(self, action: int, accepted: bool | None) -> None:
        """The outcome of the last action (None: no offer was made)."""

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind}


class FixedPrice(NpcPolicy):
    """Scripted: the same markup price to everyone, while stock lasts."""

    kind = "fixed"

    def __init__(self, level: int = 2) -> None:
        self.level = level

    def act(self, obs: Observation) -> int:
        return self.level

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "price": LEVELS[self.level]}


class Markdown(NpcPolicy):
    """Scripted: one shop price for all, down a level after a refusal, up a level after a sale."""

    kind = "markdown"

    def __init__(self, start: int = len(LEVELS) - 1) -> None:
        self.start = self.level = start

    def reset(self) -> None:
        self.level = self.start

    def act(self, obs: Observation) -> int:
        return self.level

    def feedback(self, action: int, accepted: bool | None) -> None:
        if accepted is True:
            self.level = min(self.level + 1, len(LEVELS) - 1)
        elif accepted is False:
            self.level = max(self.level - 1, 0)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "start_price": LEVELS[self.start]}


class QPolicy(NpcPolicy):
    """Learned: greedy over a Q-table keyed by `Observation.key()` (unseen states: the fixed markup)."""

    kind = "learned"

    def __init__(self, q: dict[str, list[float]] | None = None, meta: dict[str, Any] | None = None) -> None:
        self.q: dict[str, list[float]] = q if q is not None else {}
        self.meta = meta or {}

    def values(self, obs: Observation) -> list[float] | None:
        return self.q.get(obs.key())

    def act(self, obs: Observation) -> int:
        v = self.q.get(obs.key())
        if v is None:
            return 2
        return max(range(N_ACTIONS), key=v.__getitem__)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "states": len(self.q), **{k: v for k, v in self.meta.items() if k != "curve"}}

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "meta": self.meta, "q": {k: [round(x, 2) for x in v] for k, v in self.q.items()}}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> QPolicy:
        if d.get("kind") != cls.kind or not isinstance(d.get("q"), dict):
            raise GameInputError("not a learned NPC policy file")
        q = {str(k): [float(x) for x in v] for k, v in d["q"].items()}
        if any(len(v) != N_ACTIONS for v in q.values()):
            raise GameInputError(f"policy rows must hold {N_ACTIONS} action values")
        return cls(q, dict(d.get("meta") or {}))


def load_packaged() -> QPolicy:
    """The small pre-trained merchant committed with the package (benchmarks/bench_game.py --write retrains it)."""
    text = resources.files("nexus.game").joinpath("data", PACKAGED).read_text()
    return QPolicy.from_json(json.loads(text))


POLICY_KINDS = ("learned", "fixed", "markdown")


def make_policy(kind: str) -> NpcPolicy:
    if kind == "learned":
        return load_packaged()
    if kind == "fixed":
        return FixedPrice()
    if kind == "markdown":
        return Markdown()
    raise GameInputError(f"unknown NPC policy {kind!r}; choose one of {', '.join(POLICY_KINDS)}")
