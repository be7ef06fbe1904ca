"""Internal helpers that return only past a caller check, for callers.py.

Parity's multi-signature guard `modifier onlymanyowners(bytes32 op) { if (confirmAndCheck(op)) _; }` runs
the body only when `confirmAndCheck` returns true, and that helper starts `uint ownerIndex =
m_ownerIndex[uint(msg.sender)]; if (ownerIndex == 0) return;`: a bare `return` (and falling off the end)
yields `false`, so every `return true;` after it is reached only by a caller found in the owner index.
Such a helper is a caller check when its result holds, however deep its `return true` sits; a helper
with a named result (whose value at the end the body may have set) or any true return reachable without
the check is not. A helper whose top-level `require`s come before any `return` enforces them whatever it
returns (`enforced_facts`).
"""

from __future__ import annotations

from .facts import Fact, completed, guard_fact, walk_facts
from .ir import Expr, Function

__all__ = ["enforced_facts", "true_return_facts"]

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


def enforced_facts(f: Function) -> list[tuple[Expr, bool]]:
    """The conditions an internal helper enforces on every path that returns: its top-level `require(c)`
    / `if (!c) revert();` before any statement that can `return` (an early return skips what follows)."""
    if f.body is None or f.kind != "function" or f.is_public:
        return []
    out: list[tuple[Expr, bool]] = []
    for s in f.body:
        if any(x.kind == "return" for x in s.walk()):
            break
        fact = guard_fact(s)
        if fact is not None:
            out.append(fact)
        elif s.kind == "expr" and s.exprs and s.exprs[0].kind == "call" and s.exprs[0].callee.kind == "ident":
            out.append((completed(s.exprs[0]), True))  # a helper calling a checking helper first
    return out
