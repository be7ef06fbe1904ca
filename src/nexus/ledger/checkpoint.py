"""Checkpoints (C2SP tlog-checkpoint note bodies) and the on-chain anchors that attest them."""

from __future__ import annotations

import base64
import binascii
from dataclasses import asdict, dataclass
from typing import Any

from ..exceptions import LedgerInputError

__all__ = ["Anchor", "Checkpoint", "origin_for"]


def origin_for(log_id: str) -> str:
    """The checkpoint origin line of a log: a stable, schema-less identifier."""
    return f"nexus.ledger/{log_id}"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A commitment to the first `size` records of a log: origin, size and RFC 9162 root."""

    origin: str
    size: int
    root: bytes

    @property
    def log_id(self) -> str:
        return self.origin.rsplit("/", 1)[-1]

    def note(self) -> str:
        """The C2SP checkpoint note body: origin, decimal size, base64 root, one per line."""
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """Read a note body (signature lines after a blank line, if any, are ignored)."""
        body = text.split("\n\n", 1)[0]
        lines = body.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) < 3 or not lines[1].isdigit() or (lines[1] != "0" and lines[1][0] == "0"):
            raise LedgerInputError("checkpoint is not an origin/size/root note")
        try:
            root = base64.b64decode(lines[2], validate=True)
        except (binascii.Error, ValueError):
            raise LedgerInputError("checkpoint root is not base64") from None
        if len(root) != 32:
            raise LedgerInputError("checkpoint root is not a 32-byte hash")
        return cls(lines[0], int(lines[1]), root)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a checkpoint was written on chain: its transaction, block and contract."""

    size: int
    root: bytes
    chain_id: int
    contract: str
    tx_hash: str
    block: int
    timestamp: int

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["root"] = self.root.hex()
        return d

    def row(self) -> tuple[int, str, int, bytes, str, int, int]:
        """The stores' column order: chain id, contract, size, root, transaction, block, timestamp."""
        return (self.chain_id, self.contract, self.size, self.root, self.tx_hash, self.block, self.timestamp)
