"""Check one receipt on every configured chain: valid on its own chain, and the same checkpoint
(log, size, root) anchored on each other chain; any chain that says otherwise is a disagreement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from eth_utils import keccak

from ..exceptions import ChainError, ChainsDisagree
from ..ledger.onchain import Claim, anchor_problems
from ..ledger.receipt import Receipt
from ..ledger.verify import verify_receipt

if TYPE_CHECKING:
    from ..chain.contract import Contract

__all__ = ["find_checkpoint", "verify_everywhere"]

_ANCHORED = keccak(text="Anchored(bytes32,uint256,bytes32)")


def find_checkpoint(anchor: Contract, log_id: bytes, size: int) -> Claim | None:
    """The `Anchored(log_id, size, root)` event on this chain's Anchor contract, as a Claim (the
    newest one if, impossibly for a sound contract, there are several), or None."""
    chain = anchor.backend
    head = chain.block_number()
    step = max(1, chain.max_log_range)
    want = size.to_bytes(32, "big")
    hi = head
    while hi >= 0:  # newest first: checkpoints are usually recent
        lo = max(0, hi - step + 1)
        for lg in reversed(chain.logs(lo, hi, address=anchor.address, topic0=_ANCHORED)):
            if len(lg.topics) == 3 and lg.topics[1] == log_id and lg.topics[2] == want:
                blk = chain.get_block(lg.block_number)
                return Claim(anchor.address, lg.tx_hash, lg.block_number, blk.timestamp, log_id, size, lg.data[:32])
        hi = lo - 1
    return None


def verify_everywhere(
    receipt: Receipt | dict[str, Any], anchors: Sequence[Contract], *, strict: bool = False
) -> dict[str, Any]:
    """One line per chain: `valid` (checked there), `disagrees` (that chain holds another root
    for this checkpoint, or the receipt's own anchor fails there), `absent` (not anchored there
    at this size), `unreachable`. With `strict`, raise ChainsDisagree unless it is valid on
    every chain; otherwise `agree` is false as soon as one chain disagrees."""
    r = receipt if isinstance(receipt, Receipt) else Receipt.from_json(receipt)
    log_id = bytes.fromhex(r.checkpoint.log_id)
    rows: list[dict[str, Any]] = []
    for c in anchors:
        cid = c.backend.chain_id
        try:
            if cid == r.anchor.chain_id:
                rep = verify_receipt(r, c)
                rows.append(
                    _row(cid, "valid" if rep.valid else "disagrees", rep.failure() or "the receipt's own anchor")
                )
                continue
            if not verify_receipt(r, offline=True).ok:
                rows.append(_row(cid, "disagrees", "the receipt's proof does not hold"))
                continue
            claim = find_checkpoint(c, log_id, r.checkpoint.size)
            if claim is None:
                rows.append(_row(cid, "absent", f"no checkpoint of size {r.checkpoint.size} anchored here"))
            elif claim.root != r.checkpoint.root:
                rows.append(_row(cid, "disagrees", f"this chain anchored another root for size {claim.size}"))
            else:
                problems = anchor_problems(c.backend, claim)
                rows.append(
                    _row(cid, "disagrees", problems[0])
                    if problems
                    else _row(cid, "valid", f"same checkpoint anchored in block {claim.block} ({claim.tx_hash})")
                )
        except ChainError as exc:
            rows.append(_row(cid, "unreachable", str(exc)))
    bad = [x["chain_id"] for x in rows if x["status"] == "disagrees"]
    valid_on = [x["chain_id"] for x in rows if x["status"] == "valid"]
    out = {
        "index": r.index,
        "size": r.checkpoint.size,
        "agree": not bad,
        "valid_on": valid_on,
        "disagree": bad,
        "chains": rows,
    }
    if strict and (bad or len(valid_on) != len(rows)):
        detail = "; ".join(
            f"chain {x['chain_id']}: {x['status']} ({x['detail']})" for x in rows if x["status"] != "valid"
        )
        raise ChainsDisagree(f"the receipt does not hold on every chain — {detail}")
    return out


def _row(chain_id: int, status: str, detail: str) -> dict[str, Any]:
    return {"chain_id": chain_id, "status": status, "detail": detail}
