"""`nexus game run|npc`: play seeded episodes of the on-chain game with the NPC merchants, inspect an NPC."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ._common import console, get_settings, open_nexus, print_json

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@app.command()
def run(
    ctx: typer.Context,
    episodes: Annotated[int, typer.Option(help="Episodes (games) each NPC plays, 1-50.")] = 1,
    seed: Annotated[int, typer.Option(help="Seed of the first game (default: the first held-out seed).")] = 2**31,
    npc: Annotated[
        list[str] | None, typer.Option("--npc", help="NPC to play (repeatable; default: all of them).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Play N seeded games on chain; every NPC plays the same games from its own account."""
    from ..game.service import run_episodes

    nexus, _ = open_nexus(get_settings(ctx))
    with nexus:
        out = run_episodes(nexus, episodes=episodes, seed=seed, npcs=npc)
    if as_json:
        print_json(out)
        return
    con = console()
    con.print(f"games {out['seeds'][0]}..{out['seeds'][-1]} on market {out['market']}")
    for n in out["npcs"]:
        con.print(
            f"{n['npc']:>9} ({n['policy']}, {n['address']}): mean revenue {n['mean_revenue']:g} coins"
            f" (simulator {n['simulated_revenue']:g}); gas {n['gas']}; holds {n['holdings']}"
        )


@app.command()
def npc(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="merchant (learned), smith (fixed price) or pedlar (markdown).")],
    limit: Annotated[int, typer.Option(help="Players and offers to show.")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """An NPC's policy (what it offers by what it knows of a player), holdings and history."""
    from ..exceptions import GameInputError
    from ..game.service import npc_info

    if not 1 <= limit <= 500:
        raise GameInputError("--limit must be 1..500")
    nexus, _ = open_nexus(get_settings(ctx), allow_readonly=True)
    with nexus:
        out = npc_info(nexus, name, limit=limit)
    if as_json:
        print_json(out)
        return
    _show_npc(out)


def _show_npc(out: dict[str, Any]) -> None:
    con = console()
    con.print(f"{out['name']} at {out['address']}: policy {out['policy']}")
    con.print(f"holds {out['holdings']} and {int(out['eth_wei']) / 1e18:.4f} ETH")
    con.print("offers by what it knows of the player (stock plenty / scarce):")
    for row in out["offers_by_player_history"]:
        con.print(f"  {row['player']:<28} {row['plenty']!s:>6} / {row['scarce']!s:<6}")
    for p in out["players"]:
        con.print(f"  player {p['player']}: {p['bought']} of {p['offers']} offers taken, paid {p['paid']}")
