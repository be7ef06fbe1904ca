"""Oracle feeds, their on-chain rounds and the rounds this node ran (per-source readings)."""

from __future__ import annotations

from pydantic import Field

from ._base import Schema

__all__ = ["Contribution", "Feed", "FeedHistory", "FeedRound", "FeedRounds", "FeedSources", "JournalRound"]


class Feed(Schema):
    name: str
    address: str
    description: str
    decimals: int
    nodes: int
    f: int = Field(description="faulty nodes tolerated")
    quorum: int
    config_version: int
    latest_round: int = Field(description="0 before the first report")
    answer: float | None
    band: list[float] | None = Field(description="[low, high] of the latest report")
    updated_at: int | None


class Contribution(Schema):
    source: str
    value: float | None = Field(description="the source's reading (median over the nodes)")
    weight: float = Field(description="share of the nodes that kept it, 0..1")
    flags: list[str] = Field(description="why nodes dropped it, e.g. outlier, stale")


class FeedRound(Schema):
    round_id: int
    answer: float
    low: float
    high: float
    updated_at: int
    contributions: list[Contribution] | None = Field(description="null unless this node ran it")


class FeedRounds(Feed):
    rounds: list[FeedRound] = Field(description="newest first")


class Attempt(Schema):
    leader: int
    outcome: str


class SourceReading(Schema):
    source: str
    value: float | None
    z_peer: float | None = Field(description="distance from the other sources, in spreads")
    kept_by: int = Field(description="nodes that kept the reading")
    flags: list[str]


class NodeReport(Schema):
    node: str = Field(description="the node's signing address")
    value: float = Field(description="the value it signed")
    confidence: float
    used: list[str] = Field(description="sources it kept")
    flagged: dict[str, list[str]] = Field(description="sources it dropped, with the reasons")


class FeedSources(Schema):
    name: str
    address: str
    feed: str
    round_id: int
    accepted: bool = Field(description="reported on chain")
    skipped: bool = Field(description="not due (neither deviation nor heartbeat reached)")
    answer: float | None
    band: list[float] | None
    observed_at: int | None
    leader: int | None
    gas_used: int | None
    attempts: list[Attempt]
    observations: int
    time: int
    block: int | None = Field(None, description="the chain head the round was journalled at (durable)")
    block_hash: str | None = Field(None, description="that block's hash: a crash that loses it rewinds the journal")
    sources: list[SourceReading]
    nodes: list[NodeReport]


class JournalRound(Schema):
    time: int
    round_id: int
    accepted: bool
    skipped: bool
    answer: float | None
    band: list[float] | None
    gas_used: int | None
    contributions: list[Contribution] | None
    block: int | None = Field(None, description="the chain head the round was journalled at (durable)")
    block_hash: str | None = Field(None, description="that block's hash: a crash that loses it rewinds the journal")


class FeedHistory(Schema):
    name: str
    address: str
    decimals: int
    rounds: list[JournalRound] = Field(description="oldest first")
