"""Guard findings (snake_case; the Forta shape is an explicit export format) and monitor status."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ...guard.findings import FindingType, Severity
from ._base import Schema

__all__ = [
    "BreakerDecision",
    "Finding",
    "FortaFinding",
    "FortaLabel",
    "GuardStatus",
    "Label",
    "Signal",
    "WatchTargetIn",
    "WatchTargetOut",
    "WatchTargetRemoved",
]


class GuardStatus(Schema):
    ok: bool = Field(description="the monitor thread is alive")
    next_block: int | None = Field(description="the next block the monitor will read")
    blocks: int
    txs: int
    findings: int
    detector_errors: int
    rpc_errors: int
    p99_ms: float = Field(description="99th percentile of the time to process one block")
    last_block: dict[str, float] = Field(description="features of the last block processed")
    fraud_model: str | None = Field(
        None,
        description="which fraud model scores accounts: the governance registry's"
        " active version, or the bundled one when no registry runs",
    )


class Signal(Schema):
    """One piece of evidence: what was measured, its value and the threshold it crossed."""

    name: str
    value: float
    threshold: float
    detail: str


class Label(Schema):
    entity: str = Field(description="an address")
    entity_type: str = Field(description="always Address")
    label: str = Field(description="its role: attacker, victim, ...")
    confidence: float
    remove: bool


class Finding(Schema):
    """A guard alert. `score` is compared with `threshold`; `signals` is the evidence; `roles`
    maps each address to its part; `key` deduplicates re-deliveries."""

    name: str
    description: str
    alert_id: str = Field(description="e.g. NEXUS-REENTRANCY")
    severity: Severity
    type: FindingType
    protocol: str
    metadata: dict[str, str] = Field(description="values are strings (JSON for structured ones)")
    addresses: list[str]
    labels: list[Label]
    block_number: int
    tx_hash: str | None
    detector: str
    score: float
    threshold: float
    signals: list[Signal]
    roles: dict[str, str]
    key: str
    dedup_scope: str


class FortaLabel(Label):
    entity_type: str = Field(alias="entityType")


class FortaFinding(Finding):
    """The same finding in the Forta Finding shape (camelCase), as `?format=forta` exports it."""

    alert_id: str = Field(alias="alertId")
    labels: list[FortaLabel]  # type: ignore[assignment]
    block_number: int = Field(alias="blockNumber")
    tx_hash: str | None = Field(alias="txHash")
    dedup_scope: str = Field(alias="dedupScope")


class WatchTargetIn(BaseModel):
    """A contract to watch: `kind` is a standard (erc20, erc721, erc4626, uniswap-v2-pair,
    uniswap-v3-pool, lending, governor, timelock, bridge, proxy) or any role name."""

    address: str = Field(description="0x + 40 hex digits")
    kind: str = Field("contract", max_length=40)
    pausable: bool = Field(False, description="the guardian may pause it on a critical loss")
    protocol: str = Field("", max_length=80, description="the name findings about it carry")
    abi: list[dict[str, Any]] = Field(default_factory=list, description="extra event ABI entries")


class WatchTargetOut(Schema):
    address: str
    kind: str
    pausable: bool
    protocol: str = Field(description="the name findings about it carry")
    standard: str | None = Field(description="the standard interface decoded, if any")
    abi: list[dict[str, Any]] | None = None
    last_activity: int | None = Field(None, description="block of the last transaction touching it")
    source: str = Field("file", description="file (settings/CLI/API/dashboard) or provider (the sandbox)")


class WatchTargetRemoved(Schema):
    removed: str


class BreakerDecision(Schema):
    """The breaker's verdict on one victim of one finding: pause or not, and why."""

    block: int
    finding: str = Field(description="the finding's key")
    target: str | None = Field(description="the victim contract (None: the finding names none)")
    pause: bool
    reason: str
