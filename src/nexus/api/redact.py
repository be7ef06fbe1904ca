"""Ledger answers without the token: a record's public parts only, never its payload or salt.

The leaf (kind, time and a *salted* commitment) is public: it is what the Merkle log and its
anchors commit to. The payload and its salt are not: with both, anyone can check a guess of
low-entropy content against the leaf, and erasure only works while the salt stays private. So a
request without this node's token gets records, receipts and lineage graphs with those parts
withheld (and `"redacted": true`); the owner's token shows everything. Such answers vary with the
token, so they are marked `Cache-Control: no-store` (the read cache and browsers keep none).
"""

from __future__ import annotations

from typing import Any

from fastapi import Response

__all__ = ["NO_STORE", "no_store", "redact_graph", "redact_receipt", "redact_record"]

NO_STORE = "no-store"


def no_store(response: Response) -> None:
    response.headers["Cache-Control"] = NO_STORE


def redact_record(rec: dict[str, Any]) -> dict[str, Any]:
    """A record as `Record.to_json` shapes it, less payload, salt and idempotency key."""
    return {
        **rec,
        "payload": None,
        "salt": None,
        "idempotency_key": None,
        "redacted": True,
        "erased": rec.get("erased_ms") is not None,
    }


def redact_receipt(receipt: dict[str, Any]) -> dict[str, Any]:
    """A receipt without payload and salt: still verifiable (leaf, proof, checkpoint, anchor),
    like the one `nexus ledger receipt --redact` writes."""
    record = {**receipt["record"], "payload": None, "salt": None, "redacted": True}
    return {**receipt, "record": record}


def redact_graph(graph: dict[str, Any]) -> dict[str, Any]:
    """A lineage graph with each node's payload-derived parts (name, fingerprint, payload)
    withheld; ids, kinds, times, edges and anchors stay."""
    nodes = []
    for node in graph.get("nodes", []):
        problem = node.get("problem")
        nodes.append(
            {
                **node,
                "payload": None,
                "name": None,
                "fingerprint": None,
                "redacted": True,
                "problem": "an upstream record is not in this ledger" if problem else None,
            }
        )
    return {**graph, "nodes": nodes, "redacted": True}
