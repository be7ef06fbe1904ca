"""The on-chain game: ERC-1155 items, a market for them, crafting, and NPC merchants that learn to price.

`rules` is the game both the fast simulator (`sim`) and the chain runner (`onchain`) play; `learn` trains
the Q-table merchant in the simulator; `world` is the client of the GameItems / GameMarket contracts;
`npc` gives each NPC its own chain account; `service` is what the CLI and the API call.
"""

from __future__ import annotations

from .learn import train
from .onchain import play_on_chain
from .policy import FixedPrice, Markdown, NpcPolicy, QPolicy, load_packaged
from .sim import play
from .world import GameWorld

__all__ = [
    "FixedPrice",
    "GameWorld",
    "Markdown",
    "NpcPolicy",
    "QPolicy",
    "load_packaged",
    "play",
    "play_on_chain",
    "train",
]
