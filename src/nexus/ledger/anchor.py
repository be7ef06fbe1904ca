"""Write a log's checkpoints to the Anchor contract, idempotently: never the same one twice."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from ..exceptions import ContractReverted, NotAnchored, UnknownContract, VerificationFailed
from .checkpoint import Anchor

if TYPE_CHECKING:
    from .._client import Nexus
    from ..chain.base import ChainBackend
    from ..chain.contract import Contract
    from .ledger import Ledger

__all__ = ["Anchorer", "anchor_contract"]

log = logging.getLogger(__name__)


def anchor_contract(nexus: Nexus, *, deploy: bool = False) -> Contract:
    """The deployed Anchor contract, with a hint when it is missing. With `deploy`, a missing
    one is deployed (with the rest of the core set) on the embedded chain."""
    try:
        return nexus.contract("Anchor")
    except UnknownContract:
        if deploy and nexus.chain.kind == "embedded":
            return nexus.deploy()["Anchor"]
        raise UnknownContract(
            f"the Anchor contract is not deployed on chain {nexus.chain.chain_id};"
            " run `nexus contracts deploy` (or start the node with `nexus up`)"
        ) from None


class Anchorer:
    """Anchors checkpoints of one ledger through one contract.

    Before every send it reads the contract's latest checkpoint for this log: if that already
    covers the size, it adopts it (finding its transaction in the logs) instead of sending, so a
    retry after a lost receipt or an RPC restart never anchors twice.
    """

    def __init__(self, ledger: Ledger, contract: Contract, *, sender: str | None = None) -> None:
        self.ledger = ledger
        self.contract = contract
        self.chain: ChainBackend = contract.backend
        self.sender = sender
        self.log_key = bytes.fromhex(ledger.log_id)
        self._lock = threading.Lock()

    def latest(self) -> tuple[int, bytes, int, int]:
        """The on-chain (size, root, timestamp, block) of this log; size 0 when never anchored."""
        size, root, ts, block = self.contract.latest(self.log_key)
        return int(size), _b32(root), int(ts), int(block)

    def anchored_size(self) -> int:
        mine = self.ledger.anchors(self.chain.chain_id, self.contract.address)
        return mine[-1].size if mine else 0

    def anchor(self, size: int | None = None, *, wait: bool = True) -> Anchor | None:
        """Anchor the checkpoint at `size` (default: the whole log). Returns the anchor covering
        it (new or adopted), or None for an empty log. Holds the store's anchoring lock, so one
        node anchors a shared log at a time; with `wait` off, returns None at once when another
        anchorer holds it (the batcher skips that round and adopts the other's anchor later)."""
        with self._lock, self.ledger.store.anchoring(wait) as mine:
            if not mine:
                log.debug("another node is anchoring %s; skipping this round", self.ledger.log_id[:12])
                return None
            # the whole log: (size, root) as one checkpoint of the committed log, never a mix
            size, root = self.ledger.store.head() if size is None else (size, None)
            if size == 0:
                return None
            on_size, on_root, ts, block = self.latest()
            if on_size >= size:
                return self._adopt(on_size, on_root, ts, block)
            if root is None:
                root = self.ledger.root(size)  # MTH of exactly the first `size` committed records
            try:
                rc = self.contract.transact("anchor", self.log_key, size, root, sender=self.sender)
            except ContractReverted as exc:
                if exc.reason and "size must grow" in exc.reason:  # someone else got there first
                    return self._adopt(*self.latest())
                raise
            stamp = self.chain.get_block(rc.block_number).timestamp
            anchor = Anchor(size, root, self.chain.chain_id, self.contract.address, rc.tx_hash, rc.block_number, stamp)
            self.chain.make_durable(anchor.block)  # never record (or serve) an anchor a crash can undo
            self.ledger.store.add_anchor(anchor)
            log.info("anchored %s records of %s in %s", size, self.ledger.log_id[:12], rc.tx_hash)
            return anchor

    def _adopt(self, size: int, root: bytes, ts: int, block: int) -> Anchor:
        """Record an on-chain checkpoint this log already has (after checking it is really ours)."""
        if size > self.ledger.size():
            raise VerificationFailed(
                f"the chain holds a checkpoint of size {size} for log {self.ledger.log_id[:12]}…,"
                f" but the local store has only {self.ledger.size()} records (a lost or foreign store?)"
            )
        if self.ledger.root(size) != root:
            raise VerificationFailed(
                f"the on-chain root at size {size} does not match the local log: the store was"
                " altered after it was anchored (run `nexus ledger audit`)"
            )
        for a in self.ledger.anchors(self.chain.chain_id, self.contract.address):
            if a.size == size:
                return a
        anchor = self.find(size, block)
        self.chain.make_durable(anchor.block)
        self.ledger.store.add_anchor(anchor)
        return anchor

    def drop_lost(self) -> list[Anchor]:
        """Start-up check: forget the anchors of this chain and contract whose transaction is not
        on the chain in the recorded block (lost in a crash, or the chain was replaced), so they
        are anchored again and no receipt is served for them. Walks back from the newest and
        stops at the first one still on the chain (the chain keeps a prefix). Returns the dropped."""
        lost: list[Anchor] = []
        for a in reversed(self.ledger.anchors(self.chain.chain_id, self.contract.address)):
            if _on_chain(self.chain, a):
                break
            lost.append(a)
        if lost:
            self.ledger.store.remove_anchors(lost)
            log.warning(
                "dropped %d anchor(s) whose transaction is not on the chain (first: size %d, %s)",
                len(lost),
                lost[-1].size,
                lost[-1].tx_hash,
            )
        return lost

    def find(self, size: int, block: int) -> Anchor:
        """The Anchored event of this log at `size` near `block`, as an Anchor. (The embedded
        chain reports the parent's number as `block.number` during execution, so the block after
        is searched too.)"""
        last = min(self.chain.block_number(), block + 1)
        for ev in self.contract.events("Anchored", from_block=block, to_block=last):
            if _b32(ev.args["log_id"]) == self.log_key and int(ev.args["size"]) == size:
                stamp = self.chain.get_block(ev.block_number).timestamp
                return Anchor(
                    size,
                    _b32(ev.args["root"]),
                    self.chain.chain_id,
                    self.contract.address,
                    ev.tx_hash,
                    ev.block_number,
                    stamp,
                )
        raise NotAnchored(f"no Anchored event for size {size} in block {block}")


def _on_chain(chain: ChainBackend, anchor: Anchor) -> bool:
    rc = chain.receipt(anchor.tx_hash)
    return rc is not None and rc.status and rc.block_number == anchor.block


def _b32(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    text = str(value)
    return bytes.fromhex(text.removeprefix("0x"))
