"""Response models of /fl: federations, their rounds, and each client's contribution and reward."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import Schema

__all__ = ["FLClient", "FLCost", "FLFederation", "FLReport", "FLRound"]


class FLCost(Schema):
    method: str = Field(description="shapley (Monte-Carlo permutations), loo or exact")
    values: None = None
    evaluations: int = Field(description="aggregates evaluated on the validation set")
    seconds: float


class FLRound(Schema):
    round: int
    root: str = Field(description="Merkle root of the (client, update hash) leaves, committed before aggregation")
    block: int = Field(description="block holding the commitment")
    model: str = Field(description="fingerprint of the round's global model (finalized on chain)")
    accuracy: float = Field(description="global model accuracy on the held-out test set")
    backdoor: float = Field(description="share of triggered test rows classified as the backdoor target")
    updates: int
    dropped: list[int] = Field(description="clients that crashed or did not answer in time")
    rejected: list[int] = Field(description="clients whose update the robust rule discarded")
    contribution: dict[str, float] = Field(description="client index -> contribution this round")
    weights: dict[str, int] = Field(description="client index -> reward weight paid this round")
    cost: FLCost


class FLClient(Schema):
    index: int
    address: str
    role: str = Field(description="honest, a free-riding mode, an attack or a fault")
    rows: int
    earned_wei: str
    share: float = Field(description="share of everything paid out")
    contribution: float
    rejected_rounds: list[int]
    claimable_wei: str | None = None


class FLFederation(Schema):
    contract: str
    name: str
    strategy: str
    clients: int
    rounds: int
    final_accuracy: float | None
    rejected_updates: int
    paid_wei: str


class FLReport(Schema):
    name: str
    contract: str
    config: dict[str, Any]
    rounds: list[FLRound]
    clients: list[FLClient]
    final_accuracy: float | None
    backdoor_rate: float | None
    paid_wei: str
    gas: dict[str, int] = Field(description="gas spent per contract function over the run")
    gas_per_round_per_client: int
    seconds: float
    lineage_run: int | None = Field(None, description="the lineage training-run record")
