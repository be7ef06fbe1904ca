"""Callees the code itself names (`reentrancy`, detectors/reentrancy.py and _trusted.py).

A stored contract whose every write outside constructors stores an address the source fixes: a literal
or a `constant` (`resolver = Resolver(0x1d3B..)`, one per network, picked by an internal set-up helper
any caller may trigger), or what an argument-free getter on such a contract reports (`service =
Service(resolver.getAddress())`, the resolver's own answer, not the caller's). Writes behind a caller
check (owner-only setters) keep it fixed too, as in `_conserve.owner_set`. No caller can point such a
variable at code of their choosing, so a call into it runs code the author or the named service chose,
like a `constant` callee. One write of anything else (a parameter, `msg.sender`, a getter handed
arguments, a record or tuple write) leaves it open. What the callee is handed is still judged as for
any fixed callee (_trusted.py).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator

from ..flow import Scope, caller_guarded, root_name
from ..ir import Expr, SourceUnit
from ._conserve import owner_set
from ._created import strip_casts

__all__ = ["code_fixed"]

_CACHE: weakref.WeakKeyDictionary[SourceUnit, dict[str, frozenset[str]]] = weakref.WeakKeyDictionary()
_VALUE = ("uint", "int", "bool", "bytes", "string", "mapping")


def _source_fixed(value: Expr, scope: Scope, fixed: set[str]) -> bool:
    """A literal, a `constant`, a fixed state variable, or `X.getter()` (no arguments) on a fixed `X`."""
    e = strip_casts(value, scope)
    if e.kind == "literal":
        return True
    if e.kind == "ident":
        v = scope.state.get(e.name)
        return v is not None and (v.constant or e.name in fixed)
    if e.kind == "call" and not e.arguments and e.callee.kind == "member" and e.callee.args:
        base = strip_casts(e.callee.args[0], scope)
        return base.kind == "ident" and base.name in scope.state and _source_fixed(base, scope, fixed)
    return False


def open_writes(scope: Scope) -> Iterator[tuple[str, Expr]]:
    """(root name, write expression) of every assignment or `++`/`--`/`delete` in `scope`'s functions and
    modifiers outside constructors and caller-checked statements."""
    for g in (*(g for fs in scope.functions.values() for g in fs), *scope.modifiers.values()):
        if g.body is None or g.kind == "constructor":
            continue
        guarded = caller_guarded(scope, g) if g.is_public else {}
        for s in g.statements():
            if guarded.get(id(s), False):
                continue
            for e in s.exprs:
                for x in e.walk():
                    if x.kind in ("assign", "unary") and x.args:
                        yield root_name(x.args[0]), x


def _writes(scope: Scope) -> dict[str, list[Expr | None]]:
    """Per state variable, the values stored outside constructors and caller checks (None: not a plain
    `x = value` store, e.g. a record, tuple, `delete` or `++` write)."""
    out: dict[str, list[Expr | None]] = {}
    for n, x in open_writes(scope):
        if n in scope.state:
            plain = x.kind == "assign" and x.name == "=" and x.args[0].kind == "ident" and len(x.args) == 2
            out.setdefault(n, []).append(x.args[1] if plain else None)
    return out


def code_fixed(scope: Scope) -> frozenset[str]:
    """Contract- or address-typed state variables only code constants, fixed contracts' getters,
    constructors and caller-checked code write (a fixpoint: a getter on one such variable fixes another)."""
    per_unit = _CACHE.setdefault(scope.unit, {})
    got = per_unit.get(scope.contract.name)
    if got is not None:
        return got
    writes = _writes(scope)
    candidates = {
        n
        for n, v in scope.state.items()
        if not v.constant and not v.type.startswith(_VALUE) and not v.type.endswith("]") and n in writes
    }
    fixed: set[str] = set(owner_set(scope))  # constructor- and owner-set variables name fixed contracts too
    changed = True
    while changed:
        changed = False
        for n in sorted(candidates - fixed):
            values = writes[n]
            if all(v is not None and _source_fixed(v, scope, fixed) for v in values):
                fixed.add(n)
                changed = True
    got = frozenset(fixed & candidates)
    per_unit[scope.contract.name] = got
    return got
