"""The on-chain game's answers: the game's state, one NPC, played episodes, the learning curve (ether and
wei amounts as decimal strings; revenue in coins of 0.001 ether)."""

from __future__ import annotations

from ._base import Schema

__all__ = ["EpisodesPlayed", "GameState", "LearningCurve", "NpcDetail"]


class Holdings(Schema):
    WOOD: int
    ORE: int
    TOOL: int


class NpcSummary(Schema):
    name: str
    address: str
    policy: str
    holdings: Holdings | None = None
    credit_wei: str | None = None


class MarketOffer(Schema):
    offer: int
    seller: str
    buyer: str | None
    item: str
    amount: int
    price_wei: str


class GameState(Schema):
    deployed: bool
    items: str | None = None
    market: str | None = None
    master: str | None = None
    offers: list[MarketOffer]
    offer_count: int | None = None
    supply: Holdings | None = None
    escrow: Holdings | None = None
    npcs: list[NpcSummary]


class PolicyInfo(Schema):
    open_ended = True  # a learned policy adds its training facts
    kind: str


class PolicyRow(Schema):
    player: str
    plenty: int | str | None
    scarce: int | str | None


class PlayerMemory(Schema):
    player: str
    offers: int
    bought: int
    paid: int
    floor_price: int | None
    refused_price: int | None


class OfferRecord(Schema):
    offer: int
    block: int
    player: str | None
    price_wei: str
    status: str


class NpcDetail(Schema):
    name: str
    address: str
    deployed: bool
    policy: PolicyInfo
    offers_by_player_history: list[PolicyRow]
    eth_wei: str
    credit_wei: str | None = None
    holdings: Holdings
    players: list[PlayerMemory]
    recent_offers: list[OfferRecord]


class EpisodeOutcome(Schema):
    seed: int
    revenue: int
    withdrawn_wei: str
    sold: int
    offers: int
    crafted: int
    first_block: int
    gas: dict[str, int]


class NpcRun(Schema):
    npc: str
    address: str
    policy: str
    mean_revenue: float
    simulated_revenue: float
    episodes: list[EpisodeOutcome]
    gas: dict[str, int]
    holdings: Holdings


class EpisodesPlayed(Schema):
    seeds: list[int]
    market: str
    items: str
    npcs: list[NpcRun]


class CurvePoint(Schema):
    episodes: int
    revenue: float


class Baselines(Schema):
    fixed: float
    markdown: float
    learned: float


class GameConfigInfo(Schema):
    visits: int
    players: int
    stock: int
    prices: list[int]


class LearningCurve(Schema):
    policy: PolicyInfo
    curve: list[CurvePoint]
    baselines: Baselines
    held_out_seeds: list[int]
    config: GameConfigInfo
