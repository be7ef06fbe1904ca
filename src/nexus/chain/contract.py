"""A deployed contract bound to a backend: call views, send transactions, read decoded events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .abi import ABI
from .base import ChainBackend
from .types import Event, TxReceipt

__all__ = ["Contract"]


class Contract:
    """`contract.fn(*args)` calls a view or sends a transaction, by the function's mutability."""

    def __init__(
        self, backend: ChainBackend, address: str, abi: ABI | Sequence[dict[str, Any]], name: str = "contract"
    ) -> None:
        self.backend = backend
        self.address = address
        self.abi = abi if isinstance(abi, ABI) else ABI(abi)
        self.name = name

    def call(self, fn: str, *args: Any, sender: str | None = None) -> Any:
        out = self.backend.call(self.address, self.abi.encode_call(fn, args), sender=sender)
        return self.abi.decode_output(fn, out)

    def transact(
        self, fn: str, *args: Any, sender: str | None = None, value: int = 0, gas: int | None = None, check: bool = True
    ) -> TxReceipt:
        data = self.abi.encode_call(fn, args)
        return self.backend.transact(self.address, data, sender=sender, value=value, gas=gas, check=check)

    def decode(self, receipt: TxReceipt) -> list[Event]:
        """Events this contract emitted in `receipt`."""
        out = []
        for log in receipt.logs:
            if log.address == self.address and (ev := self.abi.decode_log(log)) is not None:
                out.append(ev)
        return out

    def events(self, name: str | None = None, from_block: int = 0, to_block: int | None = None) -> list[Event]:
        """Decoded events of this contract in a block range, optionally of one kind."""
        topic = self.abi.event_topic(name) if name else None
        logs = self.backend.logs(from_block, to_block, address=self.address, topic0=topic)
        return [ev for log in logs if (ev := self.abi.decode_log(log)) is not None]

    def __getattr__(self, fn: str) -> Any:
        if fn.startswith("_") or fn not in self.abi.functions:
            raise AttributeError(fn)

        def method(*args: Any, **kwargs: Any) -> Any:
            if self.abi.is_view(fn):
                return self.call(fn, *args, **kwargs)
            return self.transact(fn, *args, **kwargs)

        method.__name__ = fn
        return method

    def __repr__(self) -> str:
        return f"<{self.name} at {self.address}>"
