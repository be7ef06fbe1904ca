"""What the chain says about one anchor, compared field by field with what a receipt or a store claims.

Shared by `verify_receipt` and `audit`: the anchoring transaction must exist, have succeeded, sit in
the claimed block (number, and hash when claimed), be a direct call of `Anchor.anchor(log_id, size,
root)` at the trusted contract with exactly the claimed arguments, have logged the matching
`Anchored` event, and its block's timestamp must be the claimed one. The contract's stored latest
checkpoint must not contradict it (sizes only grow; the same size must carry the same root).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from eth_utils import keccak

from ..chain.abi import selector
from ..exceptions import ChainError, ContractReverted

if TYPE_CHECKING:
    from ..chain.base import ChainBackend
    from ..chain.types import Block

__all__ = ["Claim", "anchor_problems", "same_address"]

_ANCHOR = selector("anchor(bytes32,uint256,bytes32)")
_LATEST = selector("latest(bytes32)")
_ANCHORED = keccak(text="Anchored(bytes32,uint256,bytes32)")


@dataclass(frozen=True, slots=True)
class Claim:
    """One anchor as someone claims it happened."""

    contract: str
    tx_hash: str
    block: int
    timestamp: int
    log_id: bytes
    size: int
    root: bytes
    block_hash: str | None = None


def same_address(a: str, b: str) -> bool:
    return a.lower().removeprefix("0x") == b.lower().removeprefix("0x")


def anchor_problems(chain: ChainBackend, c: Claim) -> list[str]:
    """Every way the chain contradicts `c` (empty: the chain confirms it). Never raises for a
    missing or foreign transaction; a chain that stops answering raises ChainError."""
    try:
        rc = chain.receipt(c.tx_hash)
    except ContractReverted:
        rc = None
    except ChainError as exc:
        if "not found" in str(exc).lower() or "invalid" in str(exc).lower():
            rc = None
        else:
            raise
    if rc is None:
        return [f"no transaction {c.tx_hash} on this chain"]
    if not rc.status:
        return [f"transaction {c.tx_hash} reverted"]
    out = []
    if rc.block_number != c.block:
        out.append(f"transaction {c.tx_hash} is in block {rc.block_number}, not block {c.block}")
    blk = chain.get_block(rc.block_number)
    out += _block_problems(blk, c)
    want_data = _ANCHOR + c.log_id + c.size.to_bytes(32, "big") + c.root
    if rc.to is None or not same_address(rc.to, c.contract):
        out.append(f"transaction {c.tx_hash} does not call the anchor contract {c.contract} (it calls {rc.to})")
    tx = next((t for t in blk.transactions if t.hash.lower() == c.tx_hash.lower()), None)
    if tx is None or tx.data != want_data:
        out.append(
            f"transaction {c.tx_hash} is not anchor(log {c.log_id.hex()[:12]}…, size {c.size},"
            f" root {c.root.hex()[:12]}…)"
        )
    topics = (_ANCHORED, c.log_id, c.size.to_bytes(32, "big"))
    if not any(
        same_address(lg.address, c.contract) and tuple(lg.topics) == topics and lg.data == c.root for lg in rc.logs
    ):
        out.append(f"transaction {c.tx_hash} did not log Anchored(log, {c.size}, root) at {c.contract}")
    out += _stored_problems(chain, c)
    return out


def _block_problems(blk: Block, c: Claim) -> list[str]:
    out = []
    if blk.timestamp != c.timestamp:
        out.append(f"block {blk.number} has timestamp {blk.timestamp}, not {c.timestamp}")
    if c.block_hash is not None and blk.hash.lower() != c.block_hash.lower():
        out.append(f"block {blk.number} has hash {blk.hash}, not {c.block_hash}")
    return out


def _stored_problems(chain: ChainBackend, c: Claim) -> list[str]:
    """The contract keeps only each log's latest checkpoint: it must be at least as large, and
    equal in root when it is the same size."""
    try:
        out = chain.call(c.contract, _LATEST + c.log_id)
    except ChainError as exc:
        return [f"the contract {c.contract} does not answer latest(): {exc}"]
    if len(out) < 64:
        return [f"{c.contract} is not an Anchor contract (latest() returned {len(out)} bytes)"]
    size, root = int.from_bytes(out[:32], "big"), out[32:64]
    if size < c.size:
        return [f"the contract's latest checkpoint of this log has size {size}, below {c.size}"]
    if size == c.size and root != c.root:
        return [f"the contract stores a different root for size {size}"]
    return []
