"""AI services: services (price, calls' earnings, disputes), payment channels, disputes, compute jobs,
zero-knowledge verifiers (amounts in wei as decimal strings)."""

from __future__ import annotations

from pydantic import Field

from ._base import Schema

__all__ = ["AIService", "Channel", "Dispute", "Job", "ZkVerifier"]


class AIService(Schema):
    id: int
    provider: str
    model: str = Field(description="The model's fingerprint (0x hex).")
    schema_: str = Field(alias="schema", description="Hash of the input schema.")
    name: str
    price: str = Field(description="wei per call")
    stake: str
    slash: str = Field(description="wei slashed per lost dispute")
    dispute_window: int
    verifier: str | None = Field(description="Linked zk verifier contract, if any.")
    zk_price: str
    active: bool
    open_disputes: int
    channels: int
    earned: str = Field(description="wei claimed through its channels")
    disputes: int
    slashed: int
    contract: str


class Channel(Schema):
    id: int
    client: str
    service: int
    value: str = Field(description="deposit left, wei")
    nonce: int
    expiry: int
    claimed: str


class Dispute(Schema):
    id: int
    service: int
    client: str
    request: str
    output: str
    issued_at: int
    bond: str
    opened_at: int
    resolved: bool
    upheld: bool = Field(description="The provider's answer differed from the re-run: it was slashed.")
    decided: str | None
    voters: list[str]


class Job(Schema):
    id: int
    client: str
    fn: str
    input: str
    price: str
    k: int
    n: int
    deadline: int
    bond: str
    window: int
    arbiter: str
    state: str
    result: str | None
    agreed_at: int
    workers: list[str]


class ZkVerifier(Schema):
    service: int
    model: str
    verifier: str
    zk_price: str
    proofs: int = Field(description="Proofs made on this node for the service's model.")
