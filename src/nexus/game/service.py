"""The game as plain data for the CLI, the API and the SDK: run episodes on chain, inspect NPCs, the market
and the learning curve."""

from __future__ import annotations

import copy
from functools import lru_cache
from statistics import fmean
from typing import TYPE_CHECKING, Any

from ..exceptions import GameInputError
from .learn import HELD_OUT, evaluate, held_out_seeds
from .npc import NPCS, history_from_chain, npc_address, npc_policy_kind, players_of
from .onchain import play_on_chain
from .policy import FixedPrice, Markdown, NpcPolicy, QPolicy, load_packaged, make_policy
from .rules import HOLD, ITEM_NAMES, LEVELS, GameConfig, Observation
from .sim import play
from .world import GameWorld

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["ensure_world", "game_state", "learning_curve", "npc_info", "run_episodes"]

MAX_EPISODES = 50


def ensure_world(nexus: Nexus) -> GameWorld:
    """The game's contracts on this chain, deployed (by the default account, the game master) if missing."""
    if GameWorld.deployed(nexus.deployer):
        return GameWorld.attach(nexus.chain, nexus.deployer)
    return GameWorld.deploy(nexus.chain, nexus.deployer)


def _world(nexus: Nexus) -> GameWorld | None:
    return GameWorld.attach(nexus.chain, nexus.deployer) if GameWorld.deployed(nexus.deployer) else None


def run_episodes(
    nexus: Nexus, *, episodes: int = 1, seed: int = HELD_OUT, npcs: list[str] | None = None
) -> dict[str, Any]:
    """Play `episodes` seeded episodes (seeds seed, seed+1, ...) on chain for each NPC in `npcs`; each NPC
    plays the same games, so their takings compare. The simulator's revenue for each game is reported too."""
    if not 1 <= episodes <= MAX_EPISODES:
        raise GameInputError(f"episodes must be 1..{MAX_EPISODES}")
    if not 0 <= seed < 2**62:
        raise GameInputError("seed must be a non-negative integer below 2**62")
    names = npcs or list(NPCS)
    for n in names:
        npc_policy_kind(n)
    world = ensure_world(nexus)
    seeds = list(range(seed, seed + episodes))
    out = []
    for name in names:
        policy = make_policy(npc_policy_kind(name))
        eps = [play_on_chain(world, policy, name, s) for s in seeds]
        gas: dict[str, list[int]] = {}
        for e in eps:
            for k, v in e.gas.items():
                gas.setdefault(k, []).extend(v)
        out.append(
            {
                "npc": name,
                "address": npc_address(name),
                "policy": policy.kind,
                "mean_revenue": round(fmean(e.revenue for e in eps), 3),
                "simulated_revenue": round(fmean(play(policy, s).revenue for s in seeds), 3),
                "episodes": [e.to_json() for e in eps],
                "gas": {k: round(fmean(v)) for k, v in gas.items() if v},
                "holdings": world.holdings(npc_address(name)),
            }
        )
    return {"seeds": seeds, "market": world.market.address, "items": world.items.address, "npcs": out}


def _describe_state(floor: int, ceiling: int) -> str:
    took = f"took {LEVELS[floor - 1]}" if floor else ""
    refused = f"refused {LEVELS[ceiling]}" if ceiling < len(LEVELS) else ""
    return ", ".join(x for x in (took, refused) if x) or "new player"


def policy_table(policy: NpcPolicy) -> list[dict[str, Any]]:
    """What the NPC offers, by what it knows of the player, with stock plentiful and with stock scarce."""
    rows = []
    keys = {(0, len(LEVELS))}
    if isinstance(policy, QPolicy):
        keys |= {(int(k.split(",")[0]), int(k.split(",")[1])) for k in policy.q}
    for floor, ceiling in sorted(keys, key=lambda fc: (fc[0], -fc[1])):
        row: dict[str, Any] = {"player": _describe_state(floor, ceiling)}
        for label, stock, left in (("plenty", 6, 6), ("scarce", 2, 12)):
            if isinstance(policy, QPolicy) and policy.values(Observation(stock, left, floor, ceiling)) is None:
                row[label] = None
                continue
            a = policy.act(Observation(stock, left, floor, ceiling))
            row[label] = "hold" if a == HOLD else LEVELS[a]
        rows.append(row)
    return rows


def npc_info(nexus: Nexus, name: str, *, limit: int = 20) -> dict[str, Any]:
    """One NPC: its policy (and what it offers whom), its account's holdings, its memory of players."""
    kind = npc_policy_kind(name)
    policy = make_policy(kind)
    addr = npc_address(name)
    out: dict[str, Any] = {
        "name": name,
        "address": addr,
        "policy": policy.describe(),
        "offers_by_player_history": policy_table(policy),
        "eth_wei": str(nexus.chain.balance(addr)),
        "holdings": {v: 0 for v in ITEM_NAMES.values()},
        "players": [],
        "recent_offers": [],
        "deployed": False,
    }
    world = _world(nexus)
    if world is None:
        return out
    records = history_from_chain(world, addr, from_block=_market_block(nexus))
    out.update(
        deployed=True,
        holdings=world.holdings(addr),
        credit_wei=str(world.market.credit(addr)),
        players=[{"player": p, **h.to_json()} for p, h in list(players_of(records).items())[-limit:]],
        recent_offers=[r.to_json() for r in records[-limit:]][::-1],
    )
    return out


def _market_block(nexus: Nexus) -> int:
    m = nexus.deployer.manifest()
    dep = m.contracts.get("GameMarket") if m else None
    return dep.block if dep else 0


def game_state(nexus: Nexus, *, limit: int = 20) -> dict[str, Any]:
    """The game on this chain: contracts, supply and escrow, the NPCs' holdings, open offers."""
    world = _world(nexus)
    npcs: list[dict[str, Any]] = [{"name": n, "address": npc_address(n), "policy": k} for n, k in NPCS.items()]
    if world is None:
        return {"deployed": False, "npcs": npcs, "offers": []}
    for n in npcs:
        n["holdings"] = world.holdings(n["address"])
        n["credit_wei"] = str(world.market.credit(n["address"]))
    return {
        "deployed": True,
        **world.state(),
        "npcs": npcs,
        "offers": [o.to_json() for o in world.open_offers(limit)],
    }


def learning_curve() -> dict[str, Any]:
    """The packaged merchant's learning curve (mean held-out revenue by training episodes), with the
    scripted NPCs' revenue on the same held-out games."""
    return copy.deepcopy(_curve())


@lru_cache(maxsize=1)
def _curve(baseline_seeds: int = 100) -> dict[str, Any]:  # the packaged policy never changes in a process
    policy = load_packaged()
    seeds = held_out_seeds(baseline_seeds, offset=10**6)
    cfg = GameConfig()
    return {
        "policy": policy.describe(),
        "curve": [{"episodes": int(n), "revenue": float(v)} for n, v in policy.meta.get("curve", [])],
        "baselines": {
            "fixed": round(evaluate(FixedPrice(), seeds, cfg), 3),
            "markdown": round(evaluate(Markdown(), seeds, cfg), 3),
            "learned": round(evaluate(policy, seeds, cfg), 3),
        },
        "held_out_seeds": [seeds[0], seeds[-1]],
        "config": {"visits": cfg.visits, "players": cfg.players, "stock": cfg.stock, "prices": list(LEVELS)},
    }
