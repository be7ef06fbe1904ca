"""Demo chapter 14, "A game with learning NPCs": ERC-1155 items with a crafting recipe, a market with
private offers, and two NPC merchants (a Q-learning one, pre-trained in the fast simulator, and a scripted
fixed-markup one) each playing the same held-out game on chain from its own account."""

from __future__ import annotations

from rich.table import Table

from ..game import service as game
from ..game.learn import held_out_seeds
from ..game.npc import history_from_chain, npc_address, players_of
from ..game.onchain import play_on_chain
from ..game.policy import make_policy
from ..game.sim import play
from ._tour import DemoContext, chapter

__all__ = ["game_chapter"]

GAMES = 2


@chapter(14, "A game with learning NPCs")
def game_chapter(ctx: DemoContext) -> None:
    con, nx = ctx.console, ctx.nexus
    ctx.step("Deploy the game: GameItems (ERC-1155: WOOD, ORE, TOOL; 2 WOOD + 1 ORE craft a TOOL) and GameMarket")
    world = game.ensure_world(nx)
    con.print(f"items {world.items.address}, market {world.market.address}, game master {world.master}")

    ctx.step(
        "Two NPC merchants, each with its own account: `merchant` plays a Q-table learned in the simulator,"
        " `smith` a fixed markup. Each gets materials for 6 tools; 4 players visit 24 times."
    )
    seeds = held_out_seeds(GAMES, offset=3)  # games no training run saw
    start = nx.chain.block_number()
    table = Table("NPC", "policy", "account", "revenue", "simulator", "sold/offers")
    gas: dict[str, list[int]] = {}
    for name in ("merchant", "smith"):
        policy = make_policy("learned" if name == "merchant" else "fixed")
        eps = [play_on_chain(world, policy, name, s) for s in seeds]
        for ep in eps:
            for k, v in ep.gas.items():
                gas.setdefault(k, []).extend(v)
        sold, offers = sum(e.sold for e in eps), sum(e.offers for e in eps)
        table.add_row(
            name, policy.kind, eps[0].address[:12] + "…", str(sum(e.revenue for e in eps)),
            str(sum(play(policy, s).revenue for s in seeds)), f"{sold}/{offers}",
        )  # fmt: skip
    con.print(f"{GAMES} held-out games each (revenue in coins of 0.001 ETH; the chain's equals the simulator's):")
    con.print(table)
    con.print("mean gas: " + ", ".join(f"{k} {sum(v) // len(v):,}" for k, v in gas.items() if v))

    ctx.step("The merchant's memory of each player, read back from the market's events (what it personalises on)")
    mem = players_of(history_from_chain(world, npc_address("merchant"), from_block=start + 1))
    shown = 0
    for player, h in mem.items():
        if shown == 5:
            break
        shown += 1
        j = h.to_json()
        con.print(
            f"  {player[:10]}…: took {j['bought']} of {j['offers']} offers, paid {j['paid']};"
            f" highest taken {j['floor_price']}, lowest refused {j['refused_price']}"
        )
    c = game.learning_curve()
    b = c["baselines"]
    con.print(
        f"over 100 held-out games: learned {b['learned']:.0f} coins vs fixed {b['fixed']:.0f} and markdown"
        f" {b['markdown']:.0f} (`python benchmarks/bench_game.py`; `nexus game npc merchant` shows its policy)"
    )
