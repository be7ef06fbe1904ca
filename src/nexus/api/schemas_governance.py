"""Request and response models of the /governance and /models routers."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "BallotIn",
    "ExecuteOut",
    "ModelDetail",
    "ModelFairnessOut",
    "ModelOut",
    "ProposalOut",
    "RejectedBallot",
    "StepRequest",
    "SubmitBallotsOut",
    "SubmitBallotsRequest",
    "VersionOut",
    "VotesOut",
]


class VersionOut(BaseModel):
    """One registered version of a model."""

    name: str
    version: int
    fingerprint: str = Field(description="sha256:<hex> of the model (nexus.fingerprint).")
    lineage: str = Field(description="Leaf hash of the model's ledger record (0x00… if none).")
    fairness_report: str = Field(description="SHA-256 of the fairness report (0x00… if none).")
    fairness_gap: float = Field(description="Reported fairness gap (e.g. 0.05).")
    fairness_gap_raw: int = Field(description="The same in millionths, as stored on chain.")
    registrant: str
    registered_block: int
    active: bool | None = None


class ModelOut(BaseModel):
    """A model: how many versions, which one is active, and what serves now."""

    name: str
    versions: int
    active_version: int | None
    active: VersionOut | None
    paused: bool
    serving: str | None = Field(description="Fingerprint served now; null while paused or none active.")


class ModelDetail(ModelOut):
    version_list: list[VersionOut]


class ModelFairnessOut(BaseModel):
    """A model's active version and its fairness audit (the report when this node's ledger has it)."""

    name: str
    version: int
    fingerprint: str
    lineage: str
    paused: bool
    fairness_gap: float
    max_fairness_gap: float = Field(description="The registry's bound, set only by a vote.")
    report_fingerprint: str | None = Field(description="sha256:<hex> of the audit report; null if none.")
    record: int | None = Field(description="The ledger record anchoring the report, if this ledger has it.")
    report: dict[str, Any] | None = Field(description="The report (nexus.fairness/1), if this ledger has it.")


class VotesOut(BaseModel):
    """A tally in token base units (decimal strings)."""

    model_config = ConfigDict(populate_by_name=True)

    for_: str = Field(alias="for")
    against: str
    abstain: str


class ProposalOut(BaseModel):
    """A proposal with its state and live tally."""

    id: str
    index: int
    proposer: str
    targets: list[str]
    values: list[str]
    calldatas: list[str]
    description: str
    snapshot: int = Field(description="Block whose voting power counts.")
    deadline: int = Field(description="Last block of the vote.")
    block: int
    state: str = Field(description="pending, active, canceled, defeated, succeeded, queued or executed.")
    votes: VotesOut
    quorum: str | None = Field(description="Votes (for + abstain) needed; null before the snapshot.")
    eta: int | None = Field(description="When a queued proposal may execute (timestamp).")
    block_number: int
    timestamp: int


class ExecuteOut(ProposalOut):
    tx: str


class BallotIn(BaseModel):
    """A signed ballot as `nexus gov vote --sign` writes it (format nexus-ballot/1)."""

    format: str = "nexus-ballot/1"
    chain_id: int
    governor: str
    proposal_id: str
    support: str | int = Field(description="for, against, abstain (or 1, 0, 2).")
    voter: str
    nonce: int
    v: int
    r: str
    s: str


class SubmitBallotsRequest(BaseModel):
    """Ballots to count in one castVotesBySig transaction."""

    ballots: list[BallotIn] = Field(min_length=1, max_length=256)
    strict: bool = Field(True, description="Refuse all (nothing sent) if any ballot would be skipped.")
    sender: str | None = Field(None, description="Relaying account (default: the node's account).")


class RejectedBallot(BaseModel):
    voter: str
    reason: str


class SubmitBallotsOut(BaseModel):
    proposal: str
    counted: int
    rejected: list[RejectedBallot]
    tx: str
    gas_used: int
    added: VotesOut
    status: ProposalOut


class StepRequest(BaseModel):
    sender: str | None = Field(None, description="Sending account (default: the node's account).")
