"""Plain, backend-neutral records of chain data: transactions, receipts, logs, blocks, traces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Block", "CallFrame", "Event", "Log", "TxReceipt", "Tx"]


@dataclass(frozen=True, slots=True)
class Log:
    """One raw log entry, as it sits in a receipt."""

    address: str
    topics: tuple[bytes, ...]
    data: bytes
    block_number: int
    tx_hash: str
    tx_index: int
    log_index: int


@dataclass(frozen=True, slots=True)
class Event:
    """A log decoded against a known ABI."""

    name: str
    args: dict[str, Any]
    address: str
    block_number: int
    tx_hash: str
    log_index: int


@dataclass(frozen=True, slots=True)
class Tx:
    """A transaction as included in a block."""

    hash: str
    sender: str
    to: str | None
    value: int
    data: bytes
    nonce: int
    gas: int
    gas_price: int
    block_number: int
    index: int


@dataclass(frozen=True, slots=True)
class TxReceipt:
    """The outcome of a mined transaction."""

    tx_hash: str
    block_number: int
    tx_index: int
    sender: str
    to: str | None
    status: bool
    gas_used: int
    contract_address: str | None
    logs: tuple[Log, ...] = ()
    revert_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A block with its transactions and their receipts, in order."""

    number: int
    hash: str
    parent_hash: str
    timestamp: int
    transactions: tuple[Tx, ...] = ()
    receipts: tuple[TxReceipt, ...] = ()

    @property
    def logs(self) -> tuple[Log, ...]:
        return tuple(log for r in self.receipts for log in r.logs)


@dataclass(frozen=True, slots=True)
class CallFrame:
    """One frame of a call trace, in the shape of geth's callTracer."""

    type: str
    sender: str
    to: str | None
    value: int
    input: bytes
    output: bytes
    gas_used: int
    error: str | None = None
    calls: tuple[CallFrame, ...] = field(default=())

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> CallFrame:
        """Build from a callTracer-style dict (hex strings, `calls` children)."""

        def num(x: Any) -> int:
            return int(x, 16) if isinstance(x, str) else int(x or 0)

        def raw(x: Any) -> bytes:
            return bytes.fromhex(x[2:]) if isinstance(x, str) and x.startswith("0x") else b""

        return cls(
            type=str(d.get("type", "CALL")).upper(),
            sender=d.get("from", ""),
            to=d.get("to"),
            value=num(d.get("value", 0)),
            input=raw(d.get("input")),
            output=raw(d.get("output")),
            gas_used=num(d.get("gasUsed", 0)),
            error=d.get("error"),
            calls=tuple(cls.from_json(c) for c in d.get("calls") or ()),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type,
            "from": self.sender,
            "to": self.to,
            "value": hex(self.value),
            "input": "0x" + self.input.hex(),
            "output": "0x" + self.output.hex(),
            "gasUsed": hex(self.gas_used),
        }
        if self.error:
            out["error"] = self.error
        if self.calls:
            out["calls"] = [c.to_json() for c in self.calls]
        return out
