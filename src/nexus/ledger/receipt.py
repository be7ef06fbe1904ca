"""Receipts: a record's leaf, inclusion proof, checkpoint and on-chain anchor, as one JSON file."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import LedgerInputError
from .checkpoint import Anchor, Checkpoint

if TYPE_CHECKING:
    from .ledger import Ledger

__all__ = ["FORMAT", "Receipt", "build_receipt"]

FORMAT = "nexus.ledger.receipt/v1"


@dataclass(frozen=True)
class Receipt:
    """Everything needed to check one record years later, offline (see docs/receipts.md)."""

    index: int
    leaf: bytes
    payload: Any
    salt: bytes | None
    erased: bool
    tree_size: int
    inclusion: list[bytes]
    checkpoint: Checkpoint
    anchor: Anchor
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        a = self.anchor
        return {
            "format": FORMAT,
            "record": {
                "index": self.index,
                "leaf": self.leaf.decode(),
                "payload": self.payload,
                "salt": self.salt.hex() if self.salt else None,
                "erased": self.erased,
            },
            "proof": {"tree_size": self.tree_size, "inclusion": [h.hex() for h in self.inclusion]},
            "checkpoint": self.checkpoint.note(),
            "anchor": {
                "chain_id": a.chain_id,
                "contract": a.contract,
                "tx_hash": a.tx_hash,
                "block": a.block,
                "timestamp": a.timestamp,
                **({"block_hash": self.extra["block_hash"]} if "block_hash" in self.extra else {}),
            },
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, d: Any) -> Receipt:
        """Parse a receipt; `LedgerInputError` naming the first malformed field."""
        try:
            if not isinstance(d, dict) or d.get("format") != FORMAT:
                raise LedgerInputError(f"not a {FORMAT} receipt")
            rec, proof, anc = d["record"], d["proof"], d["anchor"]
            cp = Checkpoint.parse(str(d["checkpoint"]))
            salt = rec.get("salt")
            return cls(
                index=_int(rec["index"], "record.index"),
                leaf=str(rec["leaf"]).encode(),
                payload=rec.get("payload"),
                salt=bytes.fromhex(salt) if salt else None,
                erased=bool(rec.get("erased", False)),
                tree_size=_int(proof["tree_size"], "proof.tree_size"),
                inclusion=[_hash(h) for h in proof["inclusion"]],
                checkpoint=cp,
                anchor=Anchor(
                    cp.size,
                    cp.root,
                    _int(anc["chain_id"], "anchor.chain_id"),
                    str(anc["contract"]),
                    str(anc["tx_hash"]),
                    _int(anc["block"], "anchor.block"),
                    _int(anc.get("timestamp", 0), "anchor.timestamp"),
                ),
                extra={"block_hash": _block_hash(anc["block_hash"])} if "block_hash" in anc else {},
            )
        except LedgerInputError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise LedgerInputError(f"malformed receipt: {type(exc).__name__} {exc}") from None

    @classmethod
    def load(cls, path: Path | str) -> Receipt:
        from .._jsonsafe import read_json  # size, depth, UTF-8 and JSON checked before parsing

        data = read_json(path, what="receipt", error=LedgerInputError)
        return cls.from_json(data)


def _int(v: Any, name: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise LedgerInputError(f"malformed receipt: {name} is not a non-negative integer")
    return v


def _block_hash(v: Any) -> str:
    if not isinstance(v, str) or len(bytes.fromhex(v.removeprefix("0x"))) != 32:
        raise LedgerInputError("malformed receipt: anchor.block_hash is not a 32-byte hex hash")
    return v


def _hash(v: Any) -> bytes:
    raw = bytes.fromhex(str(v))
    if len(raw) != 32:
        raise LedgerInputError("malformed receipt: a proof hash is not 32 bytes")
    return raw


def build_receipt(ledger: Ledger, index: int, anchor: Anchor, *, redact: bool = False) -> Receipt:
    """The receipt of record `index` against the anchored checkpoint `anchor`."""
    rec = ledger.record(index)
    cp = ledger.checkpoint(anchor.size)
    if cp.root != anchor.root:
        raise LedgerInputError(
            f"the local root at size {anchor.size} differs from its anchor; run `nexus ledger audit`"
        )
    show = not redact and not rec.erased
    return Receipt(
        index,
        rec.leaf,
        rec.payload if show else None,
        rec.salt if show else None,
        rec.erased,
        anchor.size,
        ledger.inclusion_proof(index, anchor.size),
        cp,
        anchor,
    )
