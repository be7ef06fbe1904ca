"""Parametric insurance: products, policies, claims (amounts as decimal strings of ether)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ._base import Schema

__all__ = [
    "BoughtPolicy",
    "BuyRequest",
    "Claim",
    "Claims",
    "CreateProduct",
    "Policy",
    "Product",
    "Tier",
    "TriggerRequest",
    "Triggered",
]


class Tier(Schema):
    threshold: float = Field(description="severity in feed units at which the tier pays")
    payout: str = Field(description="ether")


class Product(Schema):
    name: str
    address: str
    feed: str = Field(description="the trigger: an oracle feed name")
    feed_address: str
    model: str = Field(description="the severity model behind the feed")
    tiers: list[Tier]
    premium_bps: int
    max_band: float = Field(description="pays only when the nodes' band is at most this wide")
    max_staleness: int = Field(description="pays only on rounds at most this many seconds old")
    decimals: int
    pool: str = Field(description="ether in the pool")
    reserved: str = Field(description="ether owed to open policies")
    free: str
    policies: int
    solvent: bool


class Policy(Schema):
    product: str
    policy_id: int
    holder: str
    threshold: float
    payout: str
    expires: int
    paid: bool


class BoughtPolicy(Policy):
    tier: int
    premium: str


class Claim(Schema):
    product: str
    policy_id: int
    holder: str
    round_id: int
    severity: float
    payout: str
    block: int


class Triggered(Schema):
    product: str
    paid: int
    skipped: str | None = Field(description="why the latest round paid nothing (stale, sources disagree)")


class Claims(Schema):
    claims: list[Claim]
    triggered: list[Triggered] = Field(description="what this call's trigger paid (empty on reads)")


class CreateProduct(BaseModel):
    """A new product: a pool triggered by an oracle feed."""

    name: str
    feed: str
    tiers: list[tuple[float, str]] = Field(description="(threshold in feed units, payout in ether)")
    pool: str = Field(description="starting capital, ether")
    premium_bps: int = 500
    model: str = "seattle-logistic"
    max_band: float = 15.0
    max_staleness: int = 7200
    sender: str | None = None


class BuyRequest(BaseModel):
    tier: int = 0
    duration: int = Field(7 * 86_400, description="seconds of cover")
    sender: str | None = None


class TriggerRequest(BaseModel):
    product: str | None = None
    sender: str | None = None
