"""Rich renderings shared by demo chapters: values, decoded events and call traces."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eth_abi import decode as abi_decode
from rich.table import Table
from rich.tree import Tree

from ..chain import CallFrame, Contract, Event
from ..chain.abi import selector

__all__ = ["call_tree", "events_table", "fmt", "short"]


def short(value: str) -> str:
    """0x1234…abcd for addresses and hashes."""
    return value if len(value) <= 14 else f"{value[:6]}…{value[-4:]}"


def fmt(value: Any) -> str:
    """A readable value: bytes32 names as text when they are ASCII, addresses shortened."""
    if isinstance(value, bytes):
        value = "0x" + value.hex()
    if isinstance(value, str) and value.startswith("0x") and len(value) == 66:
        raw = bytes.fromhex(value[2:]).rstrip(b"\0")
        if raw and all(32 <= b < 127 for b in raw):
            return repr(raw.decode())
    if isinstance(value, str) and value.startswith("0x"):
        return short(value)
    return str(value)


def events_table(events: Iterable[Event], title: str = "events") -> Table:
    table = Table(title=title, title_justify="left")
    for col in ("block", "event", "arguments"):
        table.add_column(col)
    for ev in events:
        args = ", ".join(f"{k}={fmt(v)}" for k, v in ev.args.items())
        table.add_row(str(ev.block_number), f"[green]{ev.name}[/]", args)
    return table


def _signature(item: dict[str, Any]) -> str:
    return f"{item['name']}({','.join(p['type'] for p in item.get('inputs', []))})"


def _describe(frame: CallFrame, known: dict[str, Contract]) -> str:
    contract = known.get(frame.to or "")
    target = contract.name if contract else short(frame.to or "?")
    label = f"[bold]{frame.type}[/] {short(frame.sender)} → [magenta]{target}[/]"
    if contract and len(frame.input) >= 4:
        items = {selector(_signature(i)): i for i in contract.abi.functions.values()}
        item = items.get(frame.input[:4])
        if item is not None:
            types = [p["type"] for p in item.get("inputs", [])]
            try:
                args = ", ".join(fmt(a) for a in abi_decode(types, frame.input[4:]))
            except Exception:  # noqa: BLE001 - display only
                args = "…"
            label += f".{item['name']}({args})"
    label += f"  gas {frame.gas_used:,}"
    if frame.error:
        label += f"  [red]{frame.error}[/]"
    return label


def call_tree(frame: CallFrame, known: Iterable[Contract]) -> Tree:
    """The call trace as a tree, naming the project's contracts and their functions."""
    by_addr = {c.address: c for c in known}

    def grow(node: Tree, f: CallFrame) -> None:
        for child in f.calls:
            grow(node.add(_describe(child, by_addr)), child)

    root = Tree(_describe(frame, by_addr))
    grow(root, frame)
    return root
