"""Check a receipt: its proof from the receipt alone, then its anchor on a chain the caller trusts.

A receipt is valid only when its anchor was checked on chain. `offline=True` is the explicit
way to check the proof alone: the report then says `anchor_checked: false` and lists what it
did not check (see docs/receipts.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..chain.contract import Contract
from ..exceptions import (
    AnchorChainMismatch,
    AnchorMismatch,
    AnchorUnchecked,
    ChainError,
    LedgerInputError,
    VerificationFailed,
)
from .merkle import leaf_hash, root_from_inclusion
from .onchain import Claim, anchor_problems, same_address
from .receipt import Receipt
from .records import canonical_json, decode_leaf, salted_hash

if TYPE_CHECKING:
    from ..chain.base import ChainBackend

__all__ = ["NOT_CHECKED_OFFLINE", "Check", "VerifyReport", "verify_receipt"]

# What an offline check leaves to trust (printed by `nexus verify --offline`).
NOT_CHECKED_OFFLINE = (
    "that the anchor transaction exists on the receipt's chain and succeeded",
    "that it is in the stated block, with the stated timestamp",
    "that it called the ledger's anchor contract with this log id, size and root",
    "that the anchor contract is the one the ledger's operator deployed",
)
_ORIGIN = re.compile(r"nexus\.ledger/[0-9a-f]{64}")
_RAISE = {
    "proof": VerificationFailed,
    "chain": AnchorChainMismatch,
    "anchor": AnchorMismatch,
    "unchecked": AnchorUnchecked,
}


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    kind: str = "proof"  # proof | chain | anchor | unchecked: which error a failure raises


@dataclass
class VerifyReport:
    """Every check run on a receipt. `valid` only when all passed AND the anchor was checked on
    chain; `ok` is `valid`, or (only when offline was asked for) the proof checks passed."""

    checks: list[Check] = field(default_factory=list)
    anchor_checked: bool = False
    offline: bool = False
    not_checked: list[str] = field(default_factory=list)

    @property
    def proof_ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def valid(self) -> bool:
        return self.proof_ok and self.anchor_checked

    @property
    def ok(self) -> bool:
        return self.valid or (self.offline and self.proof_ok)

    @property
    def onchain(self) -> bool:
        return self.anchor_checked

    def add(self, name: str, ok: bool, detail: str, kind: str = "proof") -> bool:
        self.checks.append(Check(name, ok, detail, kind))
        return ok

    def failure(self) -> str | None:
        bad = next((c for c in self.checks if not c.ok), None)
        if bad is None:
            return None if self.ok else "anchor: not checked on chain"
        return f"{bad.name}: {bad.detail}"

    def raise_for_failure(self) -> None:
        """Raise unless the verification asked for passed: VerificationFailed (proof, exit 24),
        AnchorUnchecked (26), AnchorChainMismatch (27) or AnchorMismatch (28)."""
        if self.ok:
            return
        bad = next((c for c in self.checks if not c.ok), None)
        cls = _RAISE[bad.kind] if bad is not None else AnchorUnchecked
        raise cls(f"receipt is NOT valid — {self.failure()}")

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "proof_valid": self.proof_ok,
            "anchor_checked": self.anchor_checked,
            "offline": self.offline,
            "onchain": self.anchor_checked,
            "not_checked": self.not_checked,
            "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks],
        }


def verify_receipt(
    receipt: Receipt | dict[str, Any],
    anchor: Contract | ChainBackend | None = None,
    *,
    offline: bool = False,
    contract: str | None = None,
) -> VerifyReport:
    """Check the proof, then (unless `offline`) the anchor on chain. `anchor` is the trusted
    Anchor contract (its backend is the chain), or a bare chain with `contract` naming the
    trusted address. Without a chain, or without a trusted address, the anchor is reported
    unchecked and the receipt is not valid. Each failure is a failed check; a malformed file
    raises LedgerInputError."""
    r = receipt if isinstance(receipt, Receipt) else Receipt.from_json(receipt)
    chain: ChainBackend | None = anchor.backend if isinstance(anchor, Contract) else anchor
    trusted = contract or (anchor.address if isinstance(anchor, Contract) else None)
    rep = VerifyReport()
    _offline(r, rep)
    if offline:
        rep.offline, rep.not_checked = True, list(NOT_CHECKED_OFFLINE)
    elif rep.proof_ok:
        _onchain(r, chain, trusted, rep)
    return rep


def _offline(r: Receipt, rep: VerifyReport) -> None:
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
            rep.add(
                "content",
                got == leaf["commit"],
                "payload matches the leaf's salted commitment"
                if got == leaf["commit"]
                else "payload or salt does not match the leaf's commitment",
            )
    else:
        why = "erased" if r.erased else "not included"
        rep.add("content", True, f"content {why}; the leaf still commits to it")
    if not _ORIGIN.fullmatch(r.checkpoint.origin):
        rep.add("checkpoint", False, "checkpoint origin is not nexus.ledger/<64 lowercase hex log id>")
        return
    if not r.index < r.tree_size == r.checkpoint.size:
        rep.add(
            "checkpoint",
            False,
            f"index {r.index} / proof size {r.tree_size} / checkpoint size {r.checkpoint.size} do not fit together",
        )
        return
    try:
        root = root_from_inclusion(r.index, r.tree_size, leaf_hash(r.leaf), r.inclusion)
    except ValueError as exc:
        rep.add("inclusion", False, str(exc))
        return
    rep.add(
        "inclusion",
        root == r.checkpoint.root,
        f"leaf {r.index} is in the tree of size {r.tree_size}"
        if root == r.checkpoint.root
        else "inclusion proof does not lead to the checkpoint root",
    )


def _onchain(r: Receipt, chain: ChainBackend | None, trusted: str | None, rep: VerifyReport) -> None:
    a = r.anchor
    if chain is None:
        rep.add("anchor", False, "no chain to check it on (give one, or ask for offline)", "unchecked")
        return
    try:
        cid = chain.chain_id
    except ChainError as exc:
        rep.add("chain", False, f"chain unreachable: {exc}", "unchecked")
        return
    if not rep.add(
        "chain",
        cid == a.chain_id,
        f"chain id {cid}" + ("" if cid == a.chain_id else f", but the receipt names chain {a.chain_id}"),
        "chain",
    ):
        return
    if trusted is None:
        rep.add(
            "contract",
            False,
            f"no trusted anchor contract known for chain {cid}: cannot tell"
            f" whether {a.contract} is the ledger's (CLI: --anchor-contract ADDR)",
            "unchecked",
        )
        return
    if not rep.add(
        "contract",
        same_address(trusted, a.contract),
        f"{a.contract} is the trusted anchor contract"
        if same_address(trusted, a.contract)
        else f"{a.contract} is not the trusted anchor contract {trusted}",
        "anchor",
    ):
        return
    claim = Claim(
        a.contract,
        a.tx_hash,
        a.block,
        a.timestamp,
        bytes.fromhex(r.checkpoint.log_id),
        r.checkpoint.size,
        r.checkpoint.root,
        r.extra.get("block_hash"),
    )
    try:
        problems = anchor_problems(chain, claim)
    except ChainError as exc:
        rep.add("anchor tx", False, f"chain stopped answering: {exc}", "unchecked")
        return
    rep.anchor_checked = True
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    rep.add(
        "anchor tx",
        not problems,
        problems[0] + more
        if problems
        else f"{a.tx_hash} anchored size {claim.size} in block {a.block} at time {a.timestamp}",
        "anchor",
    )
