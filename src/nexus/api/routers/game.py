"""The on-chain game over HTTP: its state, an NPC (policy, holdings, memory of players), the learning
curve (open reads); playing seeded episodes on chain (a write: the token)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from ..dependencies import NexusDep
from ..schemas.game import EpisodesPlayed, GameState, LearningCurve, NpcDetail

__all__ = ["router"]

router = APIRouter(prefix="/game", tags=["game"])


class EpisodesRequest(BaseModel):
    episodes: int = Field(1, ge=1, le=10, description="Games each NPC plays (the CLI plays up to 50).")
    seed: int = Field(2**31, ge=0, lt=2**62, description="Seed of the first game (default: the first held-out one).")
    npcs: list[str] | None = Field(None, max_length=8, description="NPC names (default: every NPC).")


@router.get("", response_model=GameState)
def game(nexus: NexusDep, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    """Contracts, item supply and escrow, every NPC's holdings, the newest open offers."""
    from ...game.service import game_state

    return game_state(nexus, limit=limit)


@router.get("/curve", response_model=LearningCurve)
def curve() -> dict[str, Any]:
    """The packaged merchant's learning curve on held-out games, and the scripted NPCs on the same games."""
    from ...game.service import learning_curve

    return learning_curve()


@router.get("/npcs/{name}", response_model=NpcDetail)
def npc(name: str, nexus: NexusDep, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    """One NPC: what it offers by what it knows of a player, its account's items, its memory of players."""
    from ...game.service import npc_info

    return npc_info(nexus, name, limit=limit)


@router.post("/episodes", response_model=EpisodesPlayed)
def episodes(body: EpisodesRequest, nexus: NexusDep) -> dict[str, Any]:
    """Play seeded games on chain: every NPC the same games, each from its own account (needs the token)."""
    from ...game.service import run_episodes

    return run_episodes(nexus, episodes=body.episodes, seed=body.seed, npcs=body.npcs)
