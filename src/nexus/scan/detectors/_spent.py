"""Gas spent so far: `g - gasleft()` where `g` holds an earlier `gasleft()` of the same call.

The gas left only goes down while a call runs, so a reading taken earlier in the same call is at least
the current one and the difference is the gas spent since: it cannot go below zero. That holds for a
local (or a field of a memory struct local) that every write in the function sets to `gasleft()` (or
`msg.gas` before 0.5), with one of those writes on every path to the subtraction (a statement that runs
before it, unconditionally). A stored reading may come from an earlier transaction with more gas, a
parameter or a sum of readings (`limit + gasleft()`) may be anything, and a reading taken only in one
branch leaves the other path at zero: all stay reported.
"""

from __future__ import annotations

from ..flow import root_name
from ..ir import Expr, Function, Stmt
from ._arith import norm

__all__ = ["run_before", "spent_gas"]


def _reading(e: Expr) -> bool:
    """`gasleft()`, or `msg.gas` (before 0.5)."""
    if e.kind == "call" and e.callee.kind == "ident" and e.callee.name == "gasleft" and not e.arguments:
        return True
    return e.is_member("msg", "gas")


def _unconditional(s: Stmt) -> list[Stmt]:
    """`s` and, through bare `{ }` blocks, the statements that run whenever it runs."""
    if s.kind == "block":
        return [s, *(t for b in s.body for t in _unconditional(b))]
    return [s]


def run_before(body: list[Stmt], target: Stmt) -> list[Stmt] | None:
    """The statements that run on every path from the start of `body` to `target` (None: not in it)."""
    done: list[Stmt] = []
    for s in body:
        if s is target:
            return done
        if any(t is target for t in s.walk()):
            for part in (s.init, s.body, s.orelse):
                inner = run_before(part, target)
                if inner is not None:
                    return [*done, *(s.init if part is not s.init else []), *inner]
            return done
        done.extend(_unconditional(s))
    return None


def _writes(f: Function, key: str, root: str) -> list[tuple[Stmt, Expr | None]]:
    """Every write of `key` (or of its whole root local) in `f`: the statement and the value (None when
    not a plain `=` of `key` itself)."""
    out: list[tuple[Stmt, Expr | None]] = []
    for s in f.statements():
        if s.kind == "var" and s.names and root in s.names:
            value = s.exprs[0] if s.exprs and len(s.names) == 1 and key == root else None
            out.append((s, value))
        for e in s.exprs:
            for y in e.walk():
                if y.kind == "call" and any(x.kind == "ident" and x.name == root for x in y.arguments):
                    out.append((s, None))  # a memory struct handed to a function may be written there
                if y.kind == "assign" and y.args:
                    targets = y.args[0].args if y.args[0].kind == "tuple" else [y.args[0]]
                    if any(norm(t) in (key, root) for t in targets):
                        plain = y.name == "=" and norm(y.args[0]) == key
                        out.append((s, y.args[1] if plain and len(y.args) == 2 else None))
                elif y.kind == "unary" and y.name in ("++", "--", "x++", "x--", "delete") and y.args:
                    if norm(y.args[0]) in (key, root):
                        out.append((s, None))
    return out


def spent_gas(sym: str, a: Expr, b: Expr, s: Stmt, f: Function, locals_: dict[str, str]) -> bool:
    """`a - gasleft()` where `a` is an earlier `gasleft()` of this call (see the module's docstring)."""
    if sym != "-" or not _reading(b) or a.kind not in ("ident", "member") or f.body is None:
        return False
    key, root = norm(a), root_name(a)
    if root not in locals_ or any(p.name == root for p in f.params):
        return False
    if any(v.kind == "var" and root in v.names and v.location == "storage" for v in f.statements()):
        return False  # a storage pointer's field may hold a reading of an earlier transaction
    writes = _writes(f, key, root)
    if not writes or any(value is None or not _reading(value) for w, value in writes if not _declares(w, key, root)):
        return False
    before = run_before(f.body, s) or []
    return any(any(w is t for t in before) and value is not None for w, value in writes)


def _declares(w: Stmt, key: str, root: str) -> bool:
    """`Vars memory vars;` (no value) declares the struct whose field `key` is: not a write of `key`."""
    return w.kind == "var" and key != root and not w.exprs
