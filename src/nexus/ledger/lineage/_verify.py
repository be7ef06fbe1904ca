"""`verify model`: the file is a registered model, and every record of its lineage is anchored."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...exceptions import NotAnchored, VerificationFailed
from ..fingerprint import fingerprint
from ._graph import Graph, lineage_graph
from ._records import ARTIFACT, MODEL, Lineage, LineageRecord

if TYPE_CHECKING:
    from ...chain import ChainBackend
    from ...chain.contract import Contract

__all__ = ["ModelVerification", "verify_model"]


class ModelVerification:
    """The outcome: the matched record, the graph (each node with `verified`/`problem`), and
    whether the on-chain anchors were checked too."""

    def __init__(self, record: LineageRecord, graph: Graph, fingerprint: str, onchain: bool) -> None:
        self.record, self.graph, self.fingerprint, self.onchain = record, graph, fingerprint, onchain

    @property
    def failures(self) -> list[str]:
        return [f"record {n.record.id} ({n.record.kind}): {n.problem}" for n in self.graph.walk() if not n.verified]

    @property
    def ok(self) -> bool:
        return not self.failures

    def raise_for_failure(self) -> None:
        bad = [n for n in self.graph.walk() if not n.verified]
        if not bad:
            return
        if all(n.anchor is None and n.problem == "not anchored yet" for n in bad):
            raise NotAnchored(
                f"{len(bad)} lineage record(s) not anchored yet (first: record"
                f" {bad[0].record.id}); run `nexus ledger anchor`"
            )
        raise VerificationFailed(self.failures[0])

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "record": self.record.id,
            "kind": self.record.kind,
            "fingerprint": self.fingerprint,
            "onchain": self.onchain,
            "failures": self.failures,
            "lineage": self.graph.to_json(),
        }


def verify_model(lineage: Lineage, path: str | Path, chain: ChainBackend | Contract | None = None) -> ModelVerification:
    """Fingerprint `path`, find its model (or saved-file) record, and check the receipt of every
    record upstream of it: content against its salted commitment, inclusion in an anchored
    checkpoint, and (with `chain`) the anchoring transaction. Raises UnknownModel if the file
    is not registered; otherwise returns the per-record outcome (see `raise_for_failure`)."""
    from ..verify import verify_receipt

    m = fingerprint(Path(path))
    rec = lineage.model_of(path)
    start = lineage.by_fingerprint(m.root) or rec
    graph = lineage_graph(lineage, start)
    for node in graph.walk():
        if node.problem:  # an upstream link that does not resolve in this ledger
            node.verified = False
            continue
        if (
            node.record.kind in (MODEL, ARTIFACT)
            and node.record.id == start.id
            and (node.record.fingerprint != m.digest)
        ):
            node.verified, node.problem = False, "record's fingerprint does not match the file"
            continue
        try:
            receipt = lineage.ledger.receipt(node.record.id)
        except NotAnchored:
            node.verified, node.problem = False, "not anchored yet"
            continue
        rep = verify_receipt(receipt, chain, offline=chain is None)  # anchors: pass the Anchor contract
        node.verified = rep.ok
        node.problem = None if rep.ok else rep.failure()
    return ModelVerification(start, graph, m.digest, chain is not None)
