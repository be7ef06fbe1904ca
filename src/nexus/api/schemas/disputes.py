"""Oracle claims and disputes: liveness, bonds, the AI first pass (hashed on chain), the outcome."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ._base import Schema

__all__ = ["AssertRequest", "Assertion", "DisputeRequest", "Recommendation", "SettleRequest"]


class Recommendation(Schema):
    supports_claim: bool | None = Field(description="null: the first pass abstains (left to the committee)")
    p_true: float = Field(description="calibrated probability that the claim is true")
    confidence: float
    evidence: dict[str, Any] = Field(description="claimed value, answer, band and the features the model saw")
    model: str


class Assertion(Schema):
    id: int
    text: str | None
    feed: str | None
    claimed: float | None
    asserter: str
    disputer: str | None
    bond: str = Field(description="ether each side bonds")
    expires: int = Field(description="end of liveness (unix seconds)")
    state: str = Field(description="liveness, disputed, true or false")
    live_seconds_left: int
    recommendation: Recommendation | None
    recommendation_hash: str | None = Field(description="keccak of the recommendation, committed on chain")
    hash_matches: bool | None = Field(description="the stored recommendation hashes to the on-chain value")
    auto_resolvable: bool = Field(description="the first pass took a side (it did not abstain)")
    outcome: str | None


class AssertRequest(BaseModel):
    feed: str
    value: float
    bond: str = "1"
    sender: str | None = None


class DisputeRequest(BaseModel):
    sender: str | None = None


class SettleRequest(BaseModel):
    vote: bool | None = Field(None, description="on a dispute: a committee member's vote")
    sender: str | None = None
