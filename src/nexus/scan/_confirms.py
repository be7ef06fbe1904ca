"""Boolean helpers that answer true only past a caller check, for callers.py.

Parity's multi-signature guard `modifier onlymanyowners(bytes32 op) { if (confirmAndCheck(op)) _; }` runs
the body only when `confirmAndCheck` returns true, and that helper starts `uint ownerIndex =
m_ownerIndex[uint(msg.sender)]; if (ownerIndex == 0) return;`: a bare `return` (and falling off the end)
yields `false`, so every `return true;` after it is reached only by a caller found in the owner index.
Such a helper is a caller check when its result holds, however deep its `return true` sits; a helper
with a named result (whose value at the end the body may have set) or any true return reachable without
the check is not.
"""

from __future__ import annotations

from .facts import Fact, walk_facts
from .ir import Function

__all__ = ["true_return_facts"]

_FALSE = ("false", "0")


def true_return_facts(f: Function) -> list[list[Fact]]:
    """For an internal helper returning one unnamed `bool`: the facts that hold at each `return` of a value
    other than `false` (none when it has no such return, or is anything else)."""
    if f.body is None or f.kind != "function" or f.is_public or f.modifiers:
        return []
    if any(s.kind == "assembly" for s in f.statements()):
        return []
    if len(f.returns) != 1 or f.returns[0].name or f.returns[0].type != "bool":
        return []
    return [
        list(facts)
        for s, facts in walk_facts(f.body)
        if s.kind == "return" and s.exprs and not (s.exprs[0].kind == "literal" and s.exprs[0].name in _FALSE)
    ]
