"""Chain records as JSON-ready data: bytes as 0x-hex, ether values as 0x-hex, tuples as lists."""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["to_json"]

_HEX_INTS = frozenset({"value"})  # may exceed 2**53, which JavaScript numbers cannot hold


def to_json(obj: Any) -> Any:
    """Recursively convert dataclasses, bytes, tuples and dicts into JSON-ready values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _field(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (bytes, bytearray)):
        return "0x" + bytes(obj).hex()
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_json(v) for k, v in obj.items()}
    return obj


def _field(name: str, value: Any) -> Any:
    if name in _HEX_INTS and isinstance(value, int):
        return hex(value)
    return to_json(value)
