"""A token's traits, how on-chain events evolve them, and the hashes that pin a state on chain.

A state is `(token, traits)`; its hash (SHA-256 of canonical JSON) is what the contract stores as
`stateOf`. A cause (a guard finding, a market resolution, an oracle feed crossing its threshold, the
holder's action, a manual evolve) moves the traits by `evolve_traits`; the art follows from the
traits alone (the glyph is the digit the model draws: it changes with the level).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from ..exceptions import NFTInputError

__all__ = [
    "AURAS",
    "CAUSES",
    "PALETTES",
    "Cause",
    "attributes",
    "canonical",
    "evolve_traits",
    "genesis_traits",
    "state_hash",
]

# name -> (background RGB, ink RGB)
PALETTES: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "dawn": ((18, 22, 48), (250, 196, 120)),
    "verdant": ((10, 36, 24), (140, 240, 150)),
    "ember": ((40, 10, 10), (255, 120, 70)),
    "gold": ((36, 28, 6), (255, 215, 80)),
    "ice": ((8, 24, 40), (150, 220, 255)),
    "violet": ((26, 10, 40), (210, 150, 255)),
}
# name -> frame RGB
AURAS: dict[str, tuple[int, int, int]] = {
    "calm": (70, 90, 140),
    "alert": (220, 40, 40),
    "bright": (255, 240, 160),
    "bonded": (90, 200, 170),
}
CAUSES = ("guard.finding", "market.resolution", "oracle.crossing", "holder.action", "manual")
_MAX_DETAIL = 2048


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False).encode()


def genesis_traits(token: int) -> dict[str, Any]:
    """A new token's traits: its glyph starts at token mod 10."""
    return {
        "glyph": token % 10,
        "level": 0,
        "palette": "dawn",
        "aura": "calm",
        "findings": 0,
        "resolutions": 0,
        "crossings": 0,
        "actions": 0,
    }


def state_hash(token: int, traits: dict[str, Any]) -> bytes:
    """The 32-byte hash the contract stores for this state."""
    return hashlib.sha256(b"nexus-nft-state" + canonical({"token": token, "traits": traits})).digest()


@dataclass(frozen=True)
class Cause:
    """Why a token evolves: a kind from CAUSES and plain-data details (event id, tx hash, values)."""

    kind: str
    detail: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in CAUSES:
            raise NFTInputError(f"unknown cause {self.kind!r}; choose one of {', '.join(CAUSES)}")
        try:
            size = len(canonical(self.detail))
        except (TypeError, ValueError):
            raise NFTInputError("a cause's detail must be plain JSON data") from None
        if size > _MAX_DETAIL:
            raise NFTInputError(f"a cause's detail is at most {_MAX_DETAIL} bytes of JSON")

    @property
    def hash(self) -> bytes:
        return hashlib.sha256(b"nexus-nft-cause" + canonical({"kind": self.kind, "detail": self.detail})).digest()

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "detail": self.detail, "hash": "0x" + self.hash.hex()}


def evolve_traits(token: int, traits: dict[str, Any], cause: Cause) -> dict[str, Any]:
    """The traits after `cause`: every cause raises the level (so the glyph moves on); each kind
    also counts itself and recolours the token."""
    t = dict(traits)
    t["level"] = int(t["level"]) + 1
    t["glyph"] = (token + t["level"]) % 10
    d = cause.detail
    if cause.kind == "guard.finding":
        t["findings"] = int(t["findings"]) + 1
        t["aura"] = "alert"
    elif cause.kind == "market.resolution":
        t["resolutions"] = int(t["resolutions"]) + 1
        t["palette"] = "verdant" if int(d.get("outcome", 0) or 0) == 0 else "ember"
    elif cause.kind == "oracle.crossing":
        t["crossings"] = int(t["crossings"]) + 1
        t["palette"] = "gold" if d.get("direction") == "up" else "ice"
        t["aura"] = "bright"
    elif cause.kind == "holder.action":
        t["actions"] = int(t["actions"]) + 1
        t["aura"] = "bonded"
        if t["actions"] % 3 == 0:
            t["palette"] = "violet"
    return t


def attributes(traits: dict[str, Any], version: int) -> list[dict[str, Any]]:
    """OpenSea-style `attributes` for the metadata JSON."""
    out: list[dict[str, Any]] = [
        {"trait_type": "Glyph", "value": str(traits["glyph"])},
        {"trait_type": "Palette", "value": traits["palette"]},
        {"trait_type": "Aura", "value": traits["aura"]},
        {"trait_type": "Level", "value": int(traits["level"]), "display_type": "number"},
        {"trait_type": "Version", "value": version, "display_type": "number"},
    ]
    for key, label in (
        ("findings", "Guard findings"),
        ("resolutions", "Market resolutions"),
        ("crossings", "Oracle crossings"),
        ("actions", "Holder actions"),
    ):
        out.append({"trait_type": label, "value": int(traits[key]), "display_type": "number"})
    return out
