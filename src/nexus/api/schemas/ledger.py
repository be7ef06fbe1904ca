"""Provenance ledger: records, receipts, anchors, verification reports and lineage graphs.

Fields that may be withheld from a client (a record's payload and salt) are optional: the routes
leave out what the ledger service left out (`response_model_exclude_unset`), and `null` keeps its
own meaning (an erased payload, an unsalted record).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import Schema

__all__ = [
    "AnchorResult",
    "Appended",
    "LedgerAnchor",
    "Lineage",
    "LineageGraph",
    "LineageNode",
    "Receipt",
    "Record",
    "VerifyReport",
]


class Appended(Schema):
    id: int = Field(description="the record's id (its index in the log)")
    size: int = Field(description="records in the log now")


class Record(Schema):
    id: int
    kind: str
    time_ms: int
    leaf: str = Field(description="the canonical leaf: a salted commitment to the payload")
    leaf_hash: str = Field(description="hex")
    payload: Any = Field(None, description="null once erased; may be withheld")
    salt: str | None = Field(None, description="hex; may be withheld")
    idempotency_key: str | None
    erased_ms: int | None = Field(description="when the payload was erased")
    erased: bool | None = None
    redacted: bool | None = Field(None, description="true when asked without the token: payload-derived parts withheld")


class ReceiptRecord(Schema):
    index: int
    leaf: str
    payload: Any = Field(None, description="null once erased; may be withheld")
    salt: str | None = Field(None, description="hex; may be withheld")
    erased: bool
    redacted: bool | None = Field(None, description="true when asked without the token: payload-derived parts withheld")


class Proof(Schema):
    tree_size: int
    inclusion: list[str] = Field(description="RFC 9162 inclusion path, hex hashes")


class ReceiptAnchor(Schema):
    chain_id: int
    contract: str
    tx_hash: str
    block: int
    timestamp: int


class Receipt(Schema):
    """Everything needed to check a record without this node: its leaf, an inclusion proof, the
    signed checkpoint and the transaction that anchored it."""

    format: str = Field(description="nexus.ledger.receipt/v1")
    record: ReceiptRecord
    proof: Proof
    checkpoint: str = Field(description="the checkpoint note the proof leads to")
    anchor: ReceiptAnchor


class LedgerAnchor(Schema):
    size: int = Field(description="records the anchored checkpoint covers")
    root: str = Field(description="Merkle root, hex")
    chain_id: int
    contract: str
    tx_hash: str
    block: int
    timestamp: int


class AnchorResult(Schema):
    size: int
    anchor: LedgerAnchor | None = Field(description="null when nothing was anchored")


class Check(Schema):
    name: str
    ok: bool
    detail: str


class VerifyReport(Schema):
    valid: bool = Field(description="the verdict: the proof and the anchor on a trusted chain both checked")
    proof_valid: bool = Field(description="the inclusion proof and checkpoint are consistent")
    anchor_checked: bool = Field(description="the anchor transaction was checked on this node's chain")
    offline: bool = Field(description="only the proof was checked, on request")
    onchain: bool = Field(description="same as anchor_checked (kept for older clients)")
    not_checked: list[str] = Field(description="what an offline check left out")
    checks: list[Check]


class LineageAnchor(Schema):
    chain_id: int
    contract: str
    tx_hash: str
    block: int
    size: int


class LineageNode(Schema):
    id: int
    kind: str
    name: str | None = Field(description="withheld (null) without the token")
    time_ms: int
    fingerprint: str | None
    erased: bool
    upstream: list[int] = Field(description="ids of the records this one was made from")
    anchor: LineageAnchor | None
    verified: bool | None
    problem: str | None
    payload: Any = Field(None, description="null once erased; may be withheld")
    redacted: bool | None = Field(None, description="true when asked without the token: payload-derived parts withheld")


class LineageGraph(Schema):
    root: int
    nodes: list[LineageNode] = Field(description="by id")
    redacted: bool | None = Field(None, description="true when asked without the token: payload-derived parts withheld")


class Lineage(Schema):
    graph: LineageGraph
