"""`nexus ledger audit`: recompute every leaf, subtree and root, and compare them with the chain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..exceptions import LedgerInputError
from .anchor import _b32
from .merkle import CompactRange, leaf_hash
from .records import decode_leaf, salted_hash

if TYPE_CHECKING:
    from ..chain.contract import Contract
    from .ledger import Ledger

__all__ = ["AuditReport", "audit", "onchain_checkpoints"]


@dataclass
class AuditReport:
    """What the audit checked and every problem it found (each names a record or range)."""

    size: int = 0
    records_checked: int = 0
    erased: int = 0
    checkpoints_checked: int = 0
    onchain: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "size": self.size, "records_checked": self.records_checked,
                "erased": self.erased, "checkpoints_checked": self.checkpoints_checked,
                "onchain": self.onchain, "problems": self.problems}


def onchain_checkpoints(contract: Contract, log_id: str, from_block: int = 0) -> dict[int, bytes]:
    """size -> root of every Anchored event of `log_id`, scanned in max_log_range chunks."""
    chain, key, out = contract.backend, bytes.fromhex(log_id), {}
    head, step = chain.block_number(), chain.max_log_range
    for lo in range(from_block, head + 1, step):
        for ev in contract.events("Anchored", from_block=lo, to_block=min(head, lo + step - 1)):
            if _b32(ev.args["log_id"]) == key:
                out[int(ev.args["size"])] = _b32(ev.args["root"])
    return out


def audit(ledger: Ledger, contract: Contract | None = None, from_block: int = 0) -> AuditReport:
    """Stream the whole log once. Per record: leaf encoding, stored leaf hash, salted content
    commitment. Per completed perfect subtree: the stored interior node. At every checkpoint
    size (local anchors and, with `contract`, every on-chain Anchored event): the root."""
    rep = AuditReport(size=ledger.size())
    expected: dict[int, tuple[bytes, str]] = {}
    for a in ledger.anchors():
        expected[a.size] = (a.root, f"local anchor {a.tx_hash}")
    if contract is not None:
        rep.onchain = True
        for size, root in onchain_checkpoints(contract, ledger.log_id, from_block).items():
            local = expected.get(size)
            if local is not None and local[0] != root:
                rep.problems.append(f"checkpoint {size}: the local anchor table disagrees with the chain")
            expected[size] = (root, "on-chain checkpoint")
        if expected and max(expected) > rep.size:
            rep.problems.append(f"the chain anchors {max(expected)} records but the store holds"
                                f" {rep.size}: records were deleted")
    edge, prev, diverged = CompactRange(), 0, 0
    store = ledger.store
    for rec in store.records(0, rep.size):
        i = rec.id
        if i != edge.size:
            rep.problems.append(f"record {edge.size}: missing (next stored id is {i})")
            break
        rep.records_checked += 1
        h = leaf_hash(rec.leaf)
        if h != rec.leaf_hash:
            rep.problems.append(f"record {i}: stored leaf hash does not match its leaf data")
        try:
            leaf = decode_leaf(rec.leaf)
            if leaf["kind"] != rec.kind or leaf["t"] != rec.time_ms:
                rep.problems.append(f"record {i}: kind/time columns differ from the leaf")
            if rec.erased:
                rep.erased += 1
            elif rec.content is None or rec.salt is None:
                rep.problems.append(f"record {i}: content or salt missing but not marked erased")
            elif "sha256:" + salted_hash(rec.salt, rec.content).hex() != leaf["commit"]:
                rep.problems.append(f"record {i}: content does not match the leaf's commitment")
        except LedgerInputError as exc:
            rep.problems.append(f"record {i}: {exc}")
        for level, idx, node in edge.append(h)[1:]:
            if store.perfect(level, idx) != node:
                lo = idx << level
                rep.problems.append(f"records {lo}..{lo + (1 << level) - 1}: stored subtree"
                                    f" ({level}, {idx}) does not match the recomputed one")
        if edge.size in expected:
            root, where = expected[edge.size]
            rep.checkpoints_checked += 1
            if edge.root() != root and diverged:
                diverged += 1
            elif edge.root() != root:
                diverged = 1
                who = f"record {prev}" if edge.size - prev == 1 else f"records {prev}..{edge.size - 1}"
                rep.problems.append(f"checkpoint {edge.size} ({where}): recomputed root differs;"
                                    f" an altered record lies in {who}")
            prev = edge.size
    if diverged > 1:
        rep.problems.append(f"{diverged - 1} later checkpoint(s) differ too (they include it)")
    return rep
