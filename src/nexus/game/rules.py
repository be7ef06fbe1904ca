"""The game's rules, shared by the fast simulator and the on-chain runner so both play the same game.

An NPC merchant starts an episode owning the materials for `stock` tools (2 WOOD + 1 ORE make one TOOL,
the one crafting recipe). Players visit one at a time (`visits` visits by `players` players, each with
a hidden willingness to pay drawn from the episode's seed). At each visit the NPC either holds or makes
the visiting player a private offer of one TOOL at one of the price LEVELS, crafting it first if it has
none; the player buys when the price is at most what they will pay this visit. The NPC's reward is
what it is paid. What the NPC may know of a player is that player's history with it: the offers they
took and refused (on chain: the market's Listed / Bought / Cancelled events).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

__all__ = [
    "COIN",
    "HOLD",
    "LEVELS",
    "ORE",
    "RECIPE",
    "TIERS",
    "TOOL",
    "WOOD",
    "GameConfig",
    "Observation",
    "PlayerHistory",
    "Visit",
    "craftable",
    "schedule",
]

WOOD, ORE, TOOL = 1, 2, 3
ITEM_NAMES = {WOOD: "WOOD", ORE: "ORE", TOOL: "TOOL"}
RECIPE: dict[int, int] = {WOOD: 2, ORE: 1}  # -> 1 TOOL
LEVELS: tuple[int, ...] = (20, 30, 45, 65, 90)  # offer prices, in coins
HOLD = len(LEVELS)  # the action "make no offer this visit"
N_ACTIONS = len(LEVELS) + 1
COIN = 10**15  # wei per coin on chain (0.001 ether)
TIERS: tuple[int, ...] = (25, 37, 55, 78, 105)  # players' base willingness to pay, before jitter


@dataclass(frozen=True)
class GameConfig:
    """The size of one episode."""

    visits: int = 24
    players: int = 4
    stock: int = 6

    def materials(self) -> dict[int, int]:
        return {item: n * self.stock for item, n in RECIPE.items()}


@dataclass(frozen=True)
class Visit:
    player: int
    wtp: float  # the most this player pays for a TOOL this visit, in coins

    def accepts(self, price: int) -> bool:
        return price <= self.wtp


def schedule(seed: int, cfg: GameConfig) -> list[Visit]:
    """Who visits when, and what they will pay: a pure function of the seed."""
    rng = random.Random(seed)
    base = [rng.choice(TIERS) * rng.uniform(0.9, 1.1) for _ in range(cfg.players)]
    out = []
    for _ in range(cfg.visits):
        p = rng.randrange(cfg.players)
        out.append(Visit(p, round(base[p] * rng.uniform(0.95, 1.05), 3)))
    return out


def craftable(balances: dict[int, int]) -> int:
    """Tools the materials in `balances` make."""
    return min(balances.get(item, 0) // n for item, n in RECIPE.items())


@dataclass
class PlayerHistory:
    """What the NPC learned of one player: offers taken and refused, by price level."""

    offers: list[tuple[int, bool]] = field(default_factory=list)
    floor: int = 0  # 1 + the highest level this player took (0: none taken)
    ceiling: int = len(LEVELS)  # the lowest level this player refused (len(LEVELS): none refused)

    def record(self, level: int, accepted: bool) -> None:
        self.offers.append((level, accepted))
        if accepted:
            self.floor = max(self.floor, level + 1)
        else:
            self.ceiling = min(self.ceiling, level)

    def to_json(self) -> dict[str, object]:
        return {
            "offers": len(self.offers),
            "bought": sum(ok for _, ok in self.offers),
            "paid": sum(LEVELS[lv] for lv, ok in self.offers if ok),
            "floor_price": LEVELS[self.floor - 1] if self.floor else None,
            "refused_price": LEVELS[self.ceiling] if self.ceiling < len(LEVELS) else None,
        }


@dataclass(frozen=True)
class Observation:
    """What an NPC sees before acting: its stock, the visits left, the visiting player's history."""

    stock: int
    visits_left: int
    floor: int
    ceiling: int

    def key(self) -> str:
        """The tabular state: the player's history as is; stock and visits left coarsely (is stock scarce?)."""
        s = 0 if self.stock == 0 else 1 if self.stock <= 2 else 2
        left = 0 if self.visits_left <= self.stock else 1 if self.visits_left <= 2 * self.stock else 2
        return f"{self.floor},{self.ceiling},{s},{left}"
