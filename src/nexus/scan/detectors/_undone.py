"""A debit that undoes its own record's credit: `locked -= bet.amount * X / 1000` at settlement, after
`locked += amount * X / 1000; bet.amount = amount;` at placement.

With `g` the credit's expression of the stored amount, `T >= sum over records r of g(r.f)` holds when
every write of the total `T` is a constructor's `= 0`, an unconditional `T += g(v)` in a function that
also unconditionally stores `r.f = v` (overwriting an outstanding record only leaves a surplus), or such
a debit; when every other write of the field zeroes it; and when each debit `T -= g(r.f)` zeroes the
record it read right after, through the same storage pointer, with no call that hands control away
between the read and the zeroing (a re-entrant settlement would debit twice). Then the debit of any
record is covered by the total and cannot go below zero. The key need not match the credit's: any record
of the mapping keeps the sum. A wrap of the credits themselves is the overflow check's to find.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..flow import Scope, root_name
from ..guards import single_assignments
from ..ir import Expr, Function, Stmt
from ._arith import norm
from .reentrancy import walk_hits

__all__ = ["undone_credit"]

Record = tuple[str, str]  # (mapping, field)


def _straight(body: list[Stmt]) -> Iterator[tuple[Stmt, list[Stmt]]]:
    """Statements that run whenever the function completes (nested only in plain or `unchecked` blocks),
    each with the statement list that holds it."""
    for s in body:
        yield s, body
        if s.kind == "block":
            yield from _straight(s.body)


def _every(body: list[Stmt]) -> Iterator[tuple[Stmt, list[Stmt]]]:
    """Every statement with the statement list that holds it."""
    for s in body:
        yield s, body
        for inner in (s.init, s.body, s.orelse):
            yield from _every(inner)


def _record(e: Expr, aliases: dict[str, str], once: dict[str, Expr], scope: Scope) -> Record | None:
    """`p.f` through a storage pointer assigned once, or `m[k].f`: the mapping and field it reads."""
    if e.kind != "member" or not e.args:
        return None
    base = e.args[0]
    if base.kind == "ident" and base.name in aliases and base.name in once:
        return aliases[base.name], e.name
    if base.kind == "index" and base.args and base.args[0].kind == "ident" and base.args[0].name in scope.state:
        return base.args[0].name, e.name
    return None


def _shape(e: Expr, scope: Scope, once: dict[str, Expr], hole: Expr | None, depth: int = 0) -> str | None:
    """`e` as text with its one variable part (`hole`, or the record field) as `@` and locals assigned once
    inlined; None unless `e` is that part times, over or plus constants."""
    if depth > 8:
        return None
    if hole is not None and e.kind == "ident" and e.name == hole.name:
        return "@"
    if hole is None and e.kind == "member":
        return "@"
    if e.kind == "literal":
        return e.name
    if e.kind == "ident":
        if e.name in scope.state and scope.state[e.name].constant:
            return e.name
        if e.name in once:
            return _shape(once[e.name], scope, once, hole, depth + 1)
        return None
    if e.kind == "binary" and e.name in ("*", "/", "+") and len(e.args) == 2:
        parts = [_shape(a, scope, once, hole, depth + 1) for a in e.args]
        if None in parts:
            return None
        return f"({parts[0]}{e.name}{parts[1]})"
    return None


def _reads(e: Expr, once: dict[str, Expr], depth: int = 0) -> Iterator[Expr]:
    """The member reads `e` makes, through locals assigned once."""
    for x in e.walk():
        if x.kind == "member":
            yield x
        elif x.kind == "ident" and x.name in once and depth < 8:
            yield from _reads(once[x.name], once, depth + 1)


def _zeroes(x: Expr, target: Expr) -> bool:
    """`target = 0`, `delete target`, or `delete` of the record `target` belongs to."""
    if x.kind == "assign" and x.name == "=" and x.args[1].kind == "literal" and x.args[1].name in ("0", "0x0"):
        return norm(x.args[0]) == norm(target)
    if x.kind == "unary" and x.name == "delete" and x.args:
        return norm(x.args[0]) in (norm(target), norm(target.args[0]))
    return False


def _debit(x: Expr, f: Function, s: Stmt, scope: Scope) -> tuple[str, Record] | None:
    """`T -= g(r.f)` zeroing `r.f` right after, with nothing handing control away in between: g's shape
    and the record."""
    body = scope.effective_body(f)
    once, aliases = single_assignments(body), scope.storage_aliases(f)
    reads = [r for r in _reads(x.args[1], once) if _record(r, aliases, once, scope) is not None]
    shape = _shape(x.args[1], scope, once, None)
    if len(reads) != 1 or shape is None or shape.count("@") != 1:
        return None
    read = reads[0]
    for st, block in _every(body):
        if st is s:
            later = block[block.index(st) + 1 :]
            break
    else:
        return None
    zero_line = next((t.line for t in later for e in t.exprs if any(_zeroes(y, read) for y in e.walk())), None)
    skips = ("return", "break", "continue")  # a way past the zeroing
    if zero_line is None or any(u.kind in skips for t in later if t.line < zero_line for u, _ in _every([t])):
        return None
    start = min(read.line, s.line)
    if any(start <= line <= zero_line for line in walk_hits(scope, f, stipend=False)):
        return None
    rec = _record(read, aliases, once, scope)
    return (shape, rec) if rec is not None else None


def _credits(f: Function, total: str, scope: Scope) -> Iterator[tuple[tuple[str, Record], int]]:
    """Unconditional `T += g(v)` with an unconditional `r.f = v` in the same function, nothing handing
    control away from a store before its credit."""
    body = scope.effective_body(f)
    once, aliases = single_assignments(body), scope.storage_aliases(f)
    straight = [(s, x) for s, _ in _straight(body) for e in s.exprs for x in e.walk() if x.kind == "assign"]
    for s, x in straight:
        if x.name == "+=" and root_name(x.args[0]) == total and x.args[0].kind == "ident":
            for t, y in straight:
                v = y.args[1]
                rec = _record(y.args[0], aliases, once, scope) if y.name == "=" and v.kind == "ident" else None
                shape = _shape(x.args[1], scope, once, v) if rec is not None and v.name in once else None
                if rec is None or shape is None or shape.count("@") != 1:
                    continue
                if t.line > s.line or not any(t.line <= ln <= s.line for ln in walk_hits(scope, f, stipend=False)):
                    yield (shape, rec), id(y)


def _functions(scope: Scope) -> list[Function]:
    return [g for fs in scope.functions.values() for g in fs if g.body is not None] + [
        m for m in scope.modifiers.values() if m.body is not None
    ]


def undone_credit(x: Expr, f: Function, s: Stmt, scope: Scope) -> bool:
    """Whether the debit `x` (`T -= ..`) only undoes the credit its record received (module docstring)."""
    if x.kind != "assign" or x.name != "-=" or x.args[0].kind != "ident" or x.args[0].name not in scope.state:
        return False
    mine = _debit(x, f, s, scope)
    if mine is None:
        return False
    total, (mapping, fld) = x.args[0].name, mine[1]
    struct = scope.state[mapping].type.rsplit("=>", 1)[-1].strip(" )").split("[")[0]
    credited = False
    for g in _functions(scope):
        if any(p.type.split()[0] == struct for p in g.params):
            return False  # a storage pointer passed in writes records state_writes cannot see
        locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
        found = list(_credits(g, total, scope))
        paired = {c for c, _ in found}
        stores = {i for c, i in found if c == mine}
        credited |= mine in paired
        for st in g.statements():
            for e in st.exprs:
                for name, w in scope.state_writes(e, locals_, aliases):
                    if name == total and not _total_ok(w, g, st, scope, mine, paired):
                        return False
                    if name == mapping and not _field_ok(w, fld, stores):
                        return False
    return credited


def _total_ok(
    w: Expr, g: Function, st: Stmt, scope: Scope, mine: tuple[str, Record], paired: set[tuple[str, Record]]
) -> bool:
    if w.kind == "assign" and w.name == "=" and g.kind == "constructor":
        return w.args[1].kind == "literal" and w.args[1].name == "0"
    if w.kind == "assign" and w.name == "+=":
        return mine in paired
    if w.kind == "assign" and w.name == "-=":
        return _debit(w, g, st, scope) == mine
    return False


def _field_ok(w: Expr, fld: str, stores: set[int]) -> bool:
    lhs = w.args[0] if w.args else None
    if w.kind == "unary" and w.name == "delete":
        return True
    if lhs is None or w.kind != "assign":
        return False
    if lhs.kind == "member" and lhs.name != fld:
        return True  # another field of the record
    if lhs.kind == "member" and w.name == "=":
        v = w.args[1]
        return (v.kind == "literal" and v.name == "0") or id(w) in stores
    return False
