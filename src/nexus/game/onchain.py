"""Play episodes on the chain: the NPC acts from its own account, reading its stock from its on-chain
balances and its memory of each player from its offers; players take or refuse its private offers."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from ..exceptions import GameError
from .npc import ETHER, fund, npc_address, player_address
from .policy import NpcPolicy
from .rules import COIN, HOLD, LEVELS, RECIPE, TOOL, GameConfig, Observation, PlayerHistory, craftable, schedule
from .world import GameWorld

__all__ = ["ChainEpisode", "play_on_chain"]

GAS_KINDS = ("craft", "list", "buy", "cancel", "withdraw")


@dataclass
class ChainEpisode:
    """One episode played on chain: the NPC's takings (withdrawn ether) and the gas of each kind of step."""

    npc: str
    address: str
    seed: int
    revenue: int = 0  # coins
    withdrawn_wei: int = 0
    sold: int = 0
    offers: int = 0
    crafted: int = 0
    first_block: int = 0
    gas: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in GAS_KINDS})

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "revenue": self.revenue,
            "withdrawn_wei": str(self.withdrawn_wei),
            "sold": self.sold,
            "offers": self.offers,
            "crafted": self.crafted,
            "first_block": self.first_block,
            "gas": {k: round(fmean(v)) for k, v in self.gas.items() if v},
        }


def _stock(world: GameWorld, npc: str) -> int:
    bal = world.balances(npc)
    return bal[TOOL] + craftable(bal)


def _provision(world: GameWorld, npc: str, cfg: GameConfig) -> None:
    """The game master tops the NPC's materials up to `cfg.stock` tools' worth (leftover tools count)."""
    need = cfg.stock - _stock(world, npc)
    if need > 0:
        world.mint(npc, {i: need * n for i, n in RECIPE.items()})


def play_on_chain(
    world: GameWorld, policy: NpcPolicy, name: str, seed: int, cfg: GameConfig | None = None
) -> ChainEpisode:
    """One episode of the game of `seed`, played by NPC `name` with `policy` through its own account."""
    cfg = cfg or GameConfig()
    backend = world.backend
    npc = npc_address(name)
    out = ChainEpisode(name, npc, seed, first_block=backend.block_number() + 1)
    master = world.master
    fund(backend, npc, ETHER, sender=master)
    _provision(world, npc, cfg)
    visits = schedule(seed, cfg)
    players = {p: player_address(seed, p) for p in {v.player for v in visits}}
    for addr in players.values():
        fund(backend, addr, ETHER, sender=master)
    memory: dict[int, PlayerHistory] = {}
    policy.reset()
    for t, visit in enumerate(visits):
        bal = world.balances(npc)  # the NPC's own items, read from the chain at every visit
        stock = min(bal[TOOL] + craftable(bal), cfg.stock - out.sold)
        h = memory.get(visit.player) or PlayerHistory()
        action = policy.act(Observation(stock, len(visits) - t, h.floor, h.ceiling))
        if action == HOLD or stock == 0:
            policy.feedback(action, None)
            continue
        if bal[TOOL] == 0:
            out.gas["craft"].append(world.craft(npc).gas_used)
            out.crafted += 1
        price = LEVELS[action]
        oid, rc = world.offer(npc, TOOL, 1, price * COIN, buyer=players[visit.player])
        out.gas["list"].append(rc.gas_used)
        out.offers += 1
        took = visit.accepts(price)
        if took:
            out.gas["buy"].append(world.buy(players[visit.player], oid).gas_used)
            out.sold += 1
            out.revenue += price
        else:
            out.gas["cancel"].append(world.cancel(npc, oid).gas_used)
        memory.setdefault(visit.player, PlayerHistory()).record(action, took)
        policy.feedback(action, took)
    credit, paid = world.withdraw(npc)
    if paid is not None:
        out.gas["withdraw"].append(paid.gas_used)
    out.withdrawn_wei = credit
    if credit != out.revenue * COIN:
        raise GameError(f"game: NPC {name} was credited {credit} wei for {out.revenue} coins of sales")
    return out
