"""An authority refreshed from a stored registry (`unprotected-owner-write`, detectors/access.py).

`function sync() external { oracle = finder.getImplementationAddress(ORACLE); }`: anyone may run the
write, but the value is what a contract the deployment stored (`finder`) reports, asked with nothing the
caller passes in. The caller cannot choose who becomes the authority; at most it picks the moment the
copy catches up with the registry. Such a write is reported as a low-confidence note.

A write counts when its value (through a local assigned once, casts stripped) is a call of a method on a
state variable, every argument made of constants only (no parameter, no `msg.*`, no local); an internal
writer counts when it takes no arguments and every authority write in it is such a copy.
"""

from __future__ import annotations

from ..flow import Scope
from ..guards import single_assignments
from ..ir import Expr, Function
from ._authvars import auth_hit

__all__ = ["synced_call", "synced_write"]


def _strip(e: Expr, scope: Scope) -> Expr:
    """Casts off, a conversion to an interface included (`IOracle(a)`, parsed as a call)."""
    while (e.kind == "cast" and len(e.args) == 1) or (
        e.kind == "call"
        and e.callee.kind == "ident"
        and len(e.arguments) == 1
        and e.callee.name[:1].isupper()
        and e.callee.name not in scope.functions
    ):
        e = e.args[-1]
    return e


def _constant(e: Expr, scope: Scope, f: Function) -> bool:
    """No parameter, local, mutable state or `msg`/`tx`/`block` value in `e` (a named constant, a
    library's or interface's member such as `OracleInterfaces.Oracle`, or a literal is fine)."""
    own = {p.name for p in (*f.params, *f.returns)} | set(scope.local_types(f))
    for x in e.walk():
        if x.kind == "ident" and (
            x.name in own
            or x.name in ("msg", "tx", "block")
            or (x.name in scope.state and not scope.state[x.name].constant)
        ):
            return False
    return True


def _registry_read(e: Expr, scope: Scope, f: Function) -> bool:
    e = _strip(e, scope)
    once = single_assignments(f.body or [])
    if e.kind == "ident" and e.name in once:
        e = _strip(once[e.name], scope)
    if e.kind != "call" or e.callee.kind != "member" or not e.callee.args:
        return False
    obj = _strip(e.callee.args[0], scope)
    stored = obj.kind == "ident" and obj.name in scope.state  # an immutable registry included
    return stored and all(_constant(a, scope, f) for a in e.arguments)


def synced_write(scope: Scope, f: Function, node: Expr) -> bool:
    """Whether the write `node` in `f` copies what a stored registry reports (see the module note)."""
    return node.kind == "assign" and node.name == "=" and len(node.args) == 2 and _registry_read(node.args[1], scope, f)


def synced_call(scope: Scope, call: Expr, auth: set[str]) -> bool:
    """Whether an internal writer called with no arguments (`_sync();`) writes the authorities only with
    copies of what a stored registry reports."""
    if call.arguments:
        return False
    found = False
    for g in scope.functions.get(call.callee.name, []):
        if g.body is None or g.params:
            return False
        locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
        for s in g.statements():
            for e in s.exprs:
                if any(
                    x.kind == "call" and x.callee.kind == "ident" and x.callee.name in scope.functions for x in e.walk()
                ):
                    return False  # a further helper: not followed
                for name, node in scope.state_writes(e, locals_, aliases):
                    if auth_hit(name, node, auth):
                        if not synced_write(scope, g, node):
                            return False
                        found = True
    return found
