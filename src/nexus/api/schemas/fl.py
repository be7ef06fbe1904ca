"""Response models of /fl: federations, their rounds, and each client's contribution and reward."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import Schema

__all__ = ["FLClient", "FLCost", "FLFederation", "FLReport", "FLRound", "FLRunCost"]


class FLCost(Schema):
    method: str = Field(description="shapley (Monte-Carlo permutations), loo or exact")
    values: None = None
    evaluations: int = Field(description="aggregates evaluated on the validation set")
    seconds: float


class FLRunCost(Schema):
    """What the whole federation cost: CPU time and energy/CO₂ *estimates* next to the gas it spent."""

    cpu_s: float = Field(description="CPU seconds of the coordinator process (children included)")
    wall_s: float
    estimate: bool = Field(description="always true: energy and CO₂ are modelled, not metered")
    available: bool = Field(description="whether codecarbon produced an energy estimate")
    country: str | None = None
    energy_kwh: float | None = Field(None, description="energy estimate (codecarbon), kWh")
    co2_kg: float | None = Field(None, description="CO₂ estimate from the country's grid intensity, kg")
    carbon_intensity_g_per_kwh: float | None = None
    power_counters: bool | None = Field(None, description="whether real power counters were read")
    method: dict[str, Any] | None = Field(None, description="how codecarbon modelled the power")
    source: str | None = None
    note: str | None = None
    reason: str | None = Field(None, description="why there is no energy estimate")
    gas: int = Field(description="gas of every transaction on the round contract (deployment excluded)")
    gas_by: dict[str, int] = Field(description="that gas by transaction kind, e.g. fl.register, fl.commitUpdates")


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
    did: str | None = Field(None, description="the client's secp256k1 did:key; its key is the address's key")
    did_bound: bool | None = Field(None, description="the contract holds this DID's hash for the address")
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
    cost: FLRunCost | None = None


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
    cost: FLRunCost | None = Field(None, description="CPU, energy and CO₂ estimates and gas (older reports: none)")
