"""NPCs as chain actors: each NPC and each player has its own account (a key derived from its name), and an
NPC's memory of a player is read back from the market's events, so it survives restarts and anyone can
check it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_account import Account
from eth_utils import keccak, to_checksum_address

from ..chain.base import ChainBackend
from ..exceptions import GameInputError, NpcNotFound
from .rules import COIN, LEVELS, PlayerHistory
from .world import GameWorld

__all__ = ["NPCS", "OfferRecord", "fund", "history_from_chain", "npc_address", "npc_policy_kind", "player_address"]

# The NPCs that play on every chain, by name: the policy each plays.
NPCS: dict[str, str] = {"merchant": "learned", "smith": "fixed", "pedlar": "markdown"}
ETHER = 10**18


def _address(label: str) -> str:
    return str(Account.from_key(keccak(f"symbiotic-nexus game {label}".encode())).address)


def npc_policy_kind(name: str) -> str:
    if name not in NPCS:
        raise NpcNotFound(f"no NPC {name!r}; the NPCs are {', '.join(NPCS)}")
    return NPCS[name]


def npc_address(name: str) -> str:
    """The NPC's own account (its key is derived from its name, as dev accounts are)."""
    npc_policy_kind(name)
    return _address(f"npc {name}")


def player_address(seed: int, index: int) -> str:
    """The account of player `index` of the episode with `seed`."""
    if seed < 0 or index < 0:
        raise GameInputError("seeds and player indices are non-negative")
    return _address(f"player {seed} {index}")


def fund(backend: ChainBackend, address: str, at_least: int, *, sender: str | None = None) -> None:
    """Top `address` up to `at_least` wei from `sender` (the game master pays gas money and allowances)."""
    have = backend.balance(address)
    if have < at_least:
        backend.transact(address, b"", sender=sender, value=at_least - have)


@dataclass(frozen=True)
class OfferRecord:
    """One offer an NPC made, as the market's events tell it."""

    offer: int
    block: int
    buyer: str | None
    price: int
    status: str  # "taken", "refused" (cancelled) or "open"

    @property
    def level(self) -> int | None:
        coins, rest = divmod(self.price, COIN)
        return LEVELS.index(coins) if not rest and coins in LEVELS else None

    def to_json(self) -> dict[str, Any]:
        return {
            "offer": self.offer,
            "block": self.block,
            "player": self.buyer,
            "price_wei": str(self.price),
            "status": self.status,
        }


def history_from_chain(world: GameWorld, npc: str, *, from_block: int = 0) -> list[OfferRecord]:
    """Every offer `npc` made since `from_block`, oldest first, with what became of it."""
    backend = world.backend
    head = backend.block_number()
    listed, done = [], {}
    step = backend.max_log_range
    for lo in range(from_block, head + 1, step):
        hi = min(lo + step - 1, head)
        for ev in world.market.events(None, lo, hi):
            if ev.name == "Listed" and ev.args["seller"].lower() == npc.lower():
                listed.append(ev)
            elif ev.name == "Bought":
                done[int(ev.args["offer"])] = "taken"
            elif ev.name == "Cancelled":
                done[int(ev.args["offer"])] = "refused"
    out = []
    for ev in listed:
        oid = int(ev.args["offer"])
        buyer = None if int(ev.args["buyer"], 16) == 0 else to_checksum_address(ev.args["buyer"])
        out.append(OfferRecord(oid, ev.block_number, buyer, int(ev.args["price"]), done.get(oid, "open")))
    return out


def players_of(records: list[OfferRecord]) -> dict[str, PlayerHistory]:
    """Per player: the NPC's memory (what it offered, what was taken), rebuilt from its offer records."""
    out: dict[str, PlayerHistory] = {}
    for r in records:
        if r.buyer is not None and r.level is not None and r.status != "open":
            out.setdefault(r.buyer, PlayerHistory()).record(r.level, r.status == "taken")
    return out
