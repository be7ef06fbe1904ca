"""`nexus ledger audit`: recompute every leaf, subtree and root, and check every anchor on the chain."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..exceptions import ChainError, LedgerError, LedgerInputError
from .anchor import _b32
from .merkle import CompactRange, leaf_hash
from .onchain import Claim, anchor_problems, same_address
from .records import decode_leaf, salted_hash

if TYPE_CHECKING:
    from ..chain.contract import Contract
    from .checkpoint import Anchor
    from .ledger import Ledger
    from .records import Record
    from .store import LedgerStore

__all__ = ["AuditReport", "audit", "onchain_checkpoints"]

# What a store cell of the wrong type (TEXT where a BLOB belongs) raises while being read.
_UNREADABLE = (TypeError, ValueError, UnicodeError, LedgerError)


@dataclass
class AuditReport:
    """What the audit checked and every problem it found (each names a record, range or anchor)."""

    size: int = 0
    log_id: str = ""
    pinned: bool = False
    records_checked: int = 0
    erased: int = 0
    checkpoints_checked: int = 0
    anchors_stored: int = 0
    anchors_checked: int = 0
    onchain: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "size": self.size,
            "log_id": self.log_id,
            "pinned": self.pinned,
            "records_checked": self.records_checked,
            "erased": self.erased,
            "checkpoints_checked": self.checkpoints_checked,
            "anchors_stored": self.anchors_stored,
            "anchors_checked": self.anchors_checked,
            "onchain": self.onchain,
            "problems": self.problems,
        }


def onchain_checkpoints(contract: Contract, log_id: str, from_block: int = 0) -> dict[int, bytes]:
    """size -> root of every Anchored event of `log_id`, scanned in max_log_range chunks."""
    chain, key, out = contract.backend, bytes.fromhex(log_id), {}
    head, step = chain.block_number(), chain.max_log_range
    for lo in range(from_block, head + 1, step):
        for ev in contract.events("Anchored", from_block=lo, to_block=min(head, lo + step - 1)):
            if _b32(ev.args["log_id"]) == key:
                out[int(ev.args["size"])] = _b32(ev.args["root"])
    return out


def audit(
    ledger: Ledger, contract: Contract | None = None, from_block: int = 0, *, log_id: str | None = None
) -> AuditReport:
    """Stream the whole log once. Per record: leaf encoding, leaf hash recomputed from the leaf
    bytes, salted content commitment. Per completed perfect subtree: the stored interior node.
    At every checkpoint size (local anchors and, with `contract`, every on-chain Anchored event
    of the log): the root. With `contract`, every stored anchor is checked on chain (transaction,
    block, timestamp, calldata, event). `log_id` pins the log (e.g. from a receipt's checkpoint
    origin): a store with another log id is reported, and the chain is read for the pinned one."""
    rep = AuditReport(size=ledger.size(), log_id=ledger.log_id, pinned=log_id is not None)
    if log_id is not None and log_id != ledger.log_id:
        rep.problems.append(
            f"log id: the store's log id {ledger.log_id[:16]}… is not the pinned log id"
            f" {log_id[:16]}… (the store was swapped or rewritten)"
        )
    expected: dict[int, tuple[bytes, str]] = {}
    anchors = _anchors(ledger, rep)
    rep.anchors_stored = len(anchors)
    for a in anchors:
        expected[a.size] = (a.root, f"local anchor {a.tx_hash}")
    if contract is not None:
        rep.onchain = True
        _check_anchors(ledger.log_id, anchors, contract, rep)
        for size, root in onchain_checkpoints(contract, log_id or ledger.log_id, from_block).items():
            local = expected.get(size)
            if local is not None and local[0] != root:
                rep.problems.append(f"checkpoint {size}: the local anchor table disagrees with the chain")
            expected[size] = (root, "on-chain checkpoint")
    if expected and max(expected) > rep.size:
        rep.problems.append(
            f"the anchors cover {max(expected)} records but the store holds {rep.size}: records were deleted"
        )
    _recompute(ledger.store, rep, expected)
    return rep


def _anchors(ledger: Ledger, rep: AuditReport) -> list[Anchor]:
    try:
        return ledger.anchors()
    except _UNREADABLE as exc:
        rep.problems.append(f"anchors table: unreadable ({type(exc).__name__}: {exc}): store corruption")
        return []


def _check_anchors(log_id: str, anchors: list[Anchor], contract: Contract, rep: AuditReport) -> None:
    """Each stored anchor on this chain and contract, against the chain (ChainError propagates)."""
    chain = contract.backend
    for a in anchors:
        if a.chain_id != chain.chain_id or not same_address(a.contract, contract.address):
            rep.problems.append(
                f"anchor {a.size}: names chain {a.chain_id} / {a.contract}, not the"
                f" audited chain {chain.chain_id} / {contract.address}"
            )
            continue
        rep.anchors_checked += 1
        claim = Claim(a.contract, a.tx_hash, a.block, a.timestamp, bytes.fromhex(log_id), a.size, a.root)
        try:
            problems = anchor_problems(chain, claim)
        except ChainError:
            raise
        except _UNREADABLE as exc:  # a tx hash that is not hex, for example
            problems = [f"unusable anchor row ({type(exc).__name__}: {exc})"]
        rep.problems += [f"anchor {a.size} (tx {a.tx_hash[:12]}…): {p}" for p in problems]


def _readable(store: LedgerStore, size: int, rep: AuditReport) -> Iterator[Record]:
    """The records in order; the first one that cannot be read is reported and ends the walk."""
    nxt = 0
    try:
        for rec in store.records(0, size):
            nxt = rec.id + 1
            yield rec
    except _UNREADABLE as exc:
        rep.problems.append(
            f"record {nxt}: unreadable ({type(exc).__name__}: {exc}): a column holds"
            " the wrong type (store corruption); the tree is not recomputed past it"
        )


def _recompute(store: LedgerStore, rep: AuditReport, expected: dict[int, tuple[bytes, str]]) -> None:
    edge, prev, diverged = CompactRange(), 0, 0
    for rec in _readable(store, rep.size, rep):
        i = rec.id
        if i != edge.size:
            rep.problems.append(f"record {edge.size}: missing (next stored id is {i})")
            break
        rep.records_checked += 1
        h = leaf_hash(rec.leaf)
        if h != rec.leaf_hash:
            rep.problems.append(f"record {i}: stored leaf hash does not match its leaf data")
        _check_record(rec, rep)
        for level, idx, node in edge.append(h)[1:]:
            try:
                stored = store.perfect(level, idx)
            except _UNREADABLE:
                stored = b""
            if stored != node:
                lo = idx << level
                rep.problems.append(
                    f"records {lo}..{lo + (1 << level) - 1}: stored subtree"
                    f" ({level}, {idx}) does not match the recomputed one"
                )
        if edge.size in expected:
            root, where = expected[edge.size]
            rep.checkpoints_checked += 1
            if edge.root() != root and diverged:
                diverged += 1
            elif edge.root() != root:
                diverged = 1
                who = f"record {prev}" if edge.size - prev == 1 else f"records {prev}..{edge.size - 1}"
                rep.problems.append(
                    f"checkpoint {edge.size} ({where}): recomputed root differs; an altered record lies in {who}"
                )
            prev = edge.size
    if diverged > 1:
        rep.problems.append(f"{diverged - 1} later checkpoint(s) differ too (they include it)")


def _check_record(rec: Record, rep: AuditReport) -> None:
    i = rec.id
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
