"""A stored bound on an array's length that every write keeps under a constant (for `unbounded-loop`'s
growth caps, _growth.py).

`if (top.length < proposals[id].numberOfWinners) top.push(s);` caps the array by a record field. When
every write of that field (`proposals[id].numberOfWinners = n;`) stores a literal, a constant, or a
value a check before it bounds by one (`require(n <= MAX_WINNERS)`), the array never outgrows the
largest such bound. A field some write stores unchecked (a caller's number), a whole-record assignment
or a write the scanner cannot place bounds nothing. The length compared may be read into a local first
(`uint len = top.length;`, `resolved_length`).
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function
from ._arrays import literal_value
from ._capped import oriented_guards

__all__ = ["resolved_length", "stored_cap"]


def _path(e: Expr) -> tuple[str, str] | None:
    """(root name, first field) of an access path (`m[k].f.g` -> ("m", "f")); "" for no field."""
    field = ""
    while e.kind in ("index", "member") and e.args:
        if e.kind == "member":
            field = e.name
        e = e.args[0]
    return (e.name, field) if e.kind == "ident" else None


def _pointer_fields(f: Function) -> dict[str, str]:
    """Local storage pointers into one field of a record (`uint[] storage top = m[k].top;` -> "top")."""
    out: dict[str, str] = {}
    for s in f.statements():
        if s.kind == "var" and len(s.names) == 1 and s.exprs and (p := _path(s.exprs[0])) is not None and p[1]:
            out[s.names[0]] = p[1]
    return out


def _checked(value: Expr, guards: tuple[tuple[Expr, bool], ...], scope: Scope) -> float | None:
    """The constant bound on `value`: a literal/constant itself, or a local a holding check keeps at
    most (`require(n <= MAX)`, `n < 100`) a constant."""
    if (v := literal_value(value, scope)) is not None:
        return v
    if value.kind != "ident":
        return None
    best: float | None = None
    for cond, holds in guards:
        if not holds:
            continue
        stack = [cond]
        while stack:
            c = stack.pop()
            if c.kind == "binary" and c.name in ("&&", "and"):
                stack += c.args
                continue
            if c.kind != "binary" or len(c.args) != 2 or c.name not in ("<", "<=", ">", ">="):
                continue
            small, big = c.args if c.name in ("<", "<=") else c.args[::-1]
            if small.kind == "ident" and small.name == value.name and (b := literal_value(big, scope)) is not None:
                best = b if best is None else min(best, b)
    return best


def stored_cap(big: Expr, scope: Scope) -> float | None:
    """The largest value state field `big` (`proposals[id].numberOfWinners`, or a state variable) can
    hold, when every write stores a constant-bounded value (see above); None otherwise."""
    key = _path(big)
    if key is None or key[0] not in scope.state or scope.state[key[0]].constant:
        return None
    best: float | None = None
    for fs in scope.functions.values():
        for f in fs:
            locals_, aliases, fields = scope.local_types(f), scope.storage_aliases(f), _pointer_fields(f)
            for s, guards in oriented_guards(f.body or []):
                for e in s.exprs:
                    for name, node in scope.state_writes(e, locals_, aliases):
                        if name != key[0]:
                            continue
                        if node.kind == "unary" and node.name == "delete":
                            continue  # back to zero
                        target = node.args[0] if node.kind == "assign" and node.args else node.callee.args[0]
                        path = _path(target)
                        field = fields.get(path[0], "") if path is not None else ""
                        field = field or (path[1] if path is not None else "")
                        if key[1] and field and field != key[1]:
                            continue  # another field of the record
                        if node.kind != "assign" or node.name != "=" or (key[1] and not field):
                            return None
                        bound = _checked(node.args[1], guards, scope)
                        if bound is None:
                            return None
                        best = bound if best is None else max(best, bound)
    return best


def resolved_length(small: Expr, once: dict[str, Expr]) -> Expr:
    """`len` when it is a local read once from `arr.length` (`uint len = arr.length;`): `arr.length`."""
    if small.kind == "ident" and small.name in once:
        return once[small.name]
    return small
