"""Enum values as membership tests: `roles[msg.sender] == Role.Admin` asks whether the caller holds a
role, unless the value is the enum's first member, the one every address that was never registered has
(`== Role.None` lets anyone new through). Read from the file's own `enum E { A, B }` declarations."""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from .ir import Expr, SourceUnit

__all__ = ["enum_member_is_default"]

_ENUM = re.compile(r"\benum\s+(\w+)\s*\{\s*(\w+)")
_FIRST: WeakKeyDictionary[SourceUnit, dict[str, str]] = WeakKeyDictionary()


def _firsts(unit: SourceUnit) -> dict[str, str]:
    if unit not in _FIRST:
        _FIRST[unit] = {m.group(1): m.group(2) for m in _ENUM.finditer("\n".join(unit.lines))}
    return _FIRST[unit]


def enum_member_is_default(e: Expr, unit: SourceUnit) -> bool | None:
    """For `E.X` with `E` an enum this file declares: whether X is its first (default) member; else None."""
    if e.kind != "member" or not e.args or e.args[0].kind != "ident":
        return None
    first = _firsts(unit).get(e.args[0].name)
    return None if first is None else e.name == first
