"""Writes that set up an entry nobody holds yet (for `unprotected-owner-write`, _authwrites.py).

`_ask(id, arbitrator, timeout)` behind `modifier notCreated(id) { if (q[id].timeout != 0) revert(); _; }`,
doing `if (timeout == 0) revert(); q[id].timeout = timeout; q[id].arbitrator = arbitrator;`: the entry is
absent when the function starts (a marker field of it is zero) and present once the function has run (the
marker is written, on every path, with a value a check keeps non-zero). The caller sets up a record of its
own; nobody else's authority changes. That holds only while every write of the marker anywhere stores a
value known to be non-zero and nothing deletes or replaces the whole record: otherwise the entry could be
absent again and an existing holder's record re-created under the same key (`createOrg(0, ..)` whose
marker is the caller's own `orgId`, possibly zero, stays reported).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..flow import Scope
from ..guards import Fact, walk_facts
from ..ir import Expr, Function, render
from ._dominance import entry_facts

__all__ = ["new_entry_writes"]

_ZERO = ("0", "0x0", "address(0)", "bytes32(0)", "false")


def _path(e: Expr) -> tuple[str, str, str] | None:
    """(state variable, key as written, field) of `m[k].g`; field "" for the whole entry `m[k]`."""
    field = ""
    if e.kind == "member" and e.args:
        field, e = e.name, e.args[0]
    if e.kind == "index" and len(e.args) == 2 and e.args[0].kind == "ident":
        return e.args[0].name, render(e.args[1]), field
    return None


def _zero(e: Expr) -> bool:
    return render(e) in _ZERO or e.kind == "literal" and e.name.strip() in _ZERO


def _atoms(facts: tuple[Fact, ...]) -> Iterator[tuple[Expr, bool]]:
    stack = list(facts)
    while stack:
        c, holds = stack.pop()
        if c.kind == "binary" and c.name in ("&&", "||") and (c.name == "&&") == holds:
            stack += [(a, holds) for a in c.args]  # both sides of a holding `&&` / a failing `||`
        elif c.kind == "unary" and c.name == "!" and c.args:
            stack.append((c.args[0], not holds))
        else:
            yield c, holds


def _is_zero_test(c: Expr, holds: bool, target: str) -> bool | None:
    """True when fact (c, holds) says `target` is zero, False when it says it is not, else None."""
    if c.kind != "binary" or len(c.args) != 2:
        return None
    for x, y in (c.args, c.args[::-1]):
        if render(x) == target and _zero(y):
            if c.name in ("==", "!="):
                return (c.name == "==") == holds
            if c.name == ">" and x is c.args[0] and holds:
                return False  # `v > 0`
    return None


def _nonzero(v: Expr, facts: tuple[Fact, ...]) -> bool:
    if v.is_member("msg", "sender") or v.is_member("block", "timestamp") or v.is_member("block", "number"):
        return True
    if v.kind == "literal":
        return v.name.strip().isdigit() and int(v.name.strip()) > 0 or v.name.strip() == "true"
    target = render(v)
    return any(_is_zero_test(c, holds, target) is False for c, holds in _atoms(facts))


def _writes(g: Function, scope: Scope, name: str) -> Iterator[tuple[Expr, tuple[Fact, ...], bool]]:
    """Each write of state variable `name` in `g`: (node, facts there, whether it is on every path)."""
    locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
    top = {id(s) for s in g.body or []}
    for s, facts in walk_facts(g.body or [], entry_facts(g, scope)):
        for e in s.exprs:
            for n, node in scope.state_writes(e, locals_, aliases):
                if n == name:
                    yield node, facts, id(s) in top and s.kind == "expr"


def _marker_kept(scope: Scope, name: str, field: str) -> bool:
    """Every write of `name[..].field` anywhere stores a value known non-zero; no write replaces or
    deletes a whole entry of `name` (or writes it through a pointer the paths here do not read)."""
    for fs in scope.functions.values():
        for g in fs:
            for node, facts, _ in _writes(g, scope, name):
                path = _path(node.args[0]) if node.kind == "assign" and node.args else None
                if path is None or not path[2]:
                    return False
                if path[2] == field and (node.name != "=" or not _nonzero(node.args[1], facts)):
                    return False
    return True


def new_entry_writes(f: Function, scope: Scope) -> set[int]:
    """Ids of the writes `f` makes to an entry `m[k]` that is absent when `f` starts and that `f` itself
    makes present (see above)."""
    out: set[int] = set()
    writes: dict[str, list[tuple[Expr, tuple[str, str, str], tuple[Fact, ...], bool]]] = {}
    for node, facts, whole in (w for name in scope.state for w in _writes(f, scope, name)):
        path = _path(node.args[0]) if node.kind == "assign" and node.args else None
        if path is not None:
            writes.setdefault(path[0], []).append((node, path, facts, whole))
    for name, found in writes.items():
        for node, path, facts, _ in found:
            absent = {
                p[2]
                for c, holds in _atoms(facts)
                if c.kind == "binary"
                for side in c.args
                if (p := _path(side)) is not None and p[:2] == path[:2] and p[2]
                if _is_zero_test(c, holds, render(side)) is True
            }
            made = {
                p[2]
                for n, p, fs, whole in found
                if whole and p[:2] == path[:2] and p[2] in absent and n.name == "=" and _nonzero(n.args[1], fs)
            }
            if any(_marker_kept(scope, name, g) for g in made):
                out.add(id(node))
    return out
