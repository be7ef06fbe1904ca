"""Check a receipt: offline against its own checkpoint, then on chain when a chain is at hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..chain.abi import ABI
from ..exceptions import ChainError, LedgerInputError, VerificationFailed
from .anchor import _b32
from .merkle import leaf_hash, root_from_inclusion
from .receipt import Receipt
from .records import canonical_json, decode_leaf, salted_hash

if TYPE_CHECKING:
    from ..chain.base import ChainBackend

__all__ = ["Check", "Report", "verify_receipt"]

# The one event a verifier needs (as in contracts/ledger/Anchor.vy), so verifying compiles nothing.
_ANCHORED = [{"type": "event", "name": "Anchored", "anonymous": False, "inputs": [
    {"name": "log_id", "type": "bytes32", "indexed": True},
    {"name": "size", "type": "uint256", "indexed": True},
    {"name": "root", "type": "bytes32", "indexed": False}]}]


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Report:
    """Every check run on a receipt; `ok` only when all passed."""

    checks: list[Check] = field(default_factory=list)
    onchain: bool = False

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def add(self, name: str, ok: bool, detail: str) -> bool:
        self.checks.append(Check(name, ok, detail))
        return ok

    def failure(self) -> str | None:
        bad = next((c for c in self.checks if not c.ok), None)
        return None if bad is None else f"{bad.name}: {bad.detail}"

    def raise_for_failure(self) -> None:
        if not self.ok:
            raise VerificationFailed(f"receipt is NOT valid — {self.failure()}")

    def to_json(self) -> dict[str, Any]:
        return {"valid": self.ok, "onchain": self.onchain,
                "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks]}


def verify_receipt(receipt: Receipt | dict[str, Any], chain: ChainBackend | None = None) -> Report:
    """Run the offline checks, then (with `chain`) the on-chain ones. Never raises on a bad
    receipt body: each failure is a failed check (a malformed file raises LedgerInputError)."""
    r = receipt if isinstance(receipt, Receipt) else Receipt.from_json(receipt)
    rep = Report()
    _offline(r, rep)
    if chain is not None and rep.ok:
        rep.onchain = True
        _onchain(r, chain, rep)
    return rep


def _offline(r: Receipt, rep: Report) -> None:
    try:
        leaf = decode_leaf(r.leaf)
        rep.add("leaf", True, f"{leaf['kind']} record at {leaf['t']} ms")
    except LedgerInputError as exc:
        rep.add("leaf", False, str(exc))
        return
    if r.payload is not None or r.salt is not None:
        if r.salt is None or r.payload is None:
            rep.add("content", False, "payload and salt must be both present or both absent")
        else:
            got = "sha256:" + salted_hash(r.salt, canonical_json(r.payload)).hex()
            rep.add("content", got == leaf["commit"],
                    "payload matches the leaf's salted commitment" if got == leaf["commit"]
                    else "payload or salt does not match the leaf's commitment")
    else:
        why = "erased" if r.erased else "not included"
        rep.add("content", True, f"content {why}; the leaf still commits to it")
    if not r.index < r.tree_size == r.checkpoint.size:
        rep.add("checkpoint", False, f"index {r.index} / proof size {r.tree_size} / checkpoint"
                f" size {r.checkpoint.size} do not fit together")
        return
    try:
        root = root_from_inclusion(r.index, r.tree_size, leaf_hash(r.leaf), r.inclusion)
    except ValueError as exc:
        rep.add("inclusion", False, str(exc))
        return
    rep.add("inclusion", root == r.checkpoint.root,
            f"leaf {r.index} is in the tree of size {r.tree_size}" if root == r.checkpoint.root
            else "inclusion proof does not lead to the checkpoint root")


def _onchain(r: Receipt, chain: ChainBackend, rep: Report) -> None:
    a = r.anchor
    if not rep.add("chain", chain.chain_id == a.chain_id,
                   f"chain id {chain.chain_id}" + ("" if chain.chain_id == a.chain_id
                                                    else f", the receipt names {a.chain_id}")):
        return
    try:
        tx = chain.receipt(a.tx_hash)
    except ChainError as exc:
        rep.add("anchor tx", False, f"cannot read {a.tx_hash}: {exc}")
        return
    if tx is None or not tx.status:
        rep.add("anchor tx", False, f"no successful transaction {a.tx_hash} on this chain")
        return
    abi = ABI(_ANCHORED)
    want = (bytes.fromhex(r.checkpoint.log_id), r.checkpoint.size, r.checkpoint.root)
    found = False
    for lg in tx.logs:
        ev = abi.decode_log(lg) if lg.address.lower() == a.contract.lower() else None
        if ev is not None and ev.name == "Anchored":
            got = (_b32(ev.args["log_id"]), int(ev.args["size"]), _b32(ev.args["root"]))
            found = found or got == want
    rep.add("anchor tx", found, f"{a.contract} logged this checkpoint in block {tx.block_number}"
            if found else f"transaction {a.tx_hash} did not anchor this log/size/root at {a.contract}")
