"""An unsigned value the code has checked to be above another one, so `x - 1` cannot go below zero.

`require(next > finalized)` (or `if (next == cached) return; if (next < cached) revert();`) leaves `next`
strictly above an unsigned value, so at least 1: `unchecked { emit Finalized(next - 1); }` cannot wrap.
Facts are read with the truth value the code after them relies on (guards.walk_facts): a `require(c)`
holds `c`, an `if (c) revert();` (or `return;`) holds `!c`; a conjunction that holds holds each part, a
disjunction that fails fails each part. `x >= y` alone proves nothing (`x` may be 0); `x != 0` does
(`if (x == 0) return;`). SafeMath's `p.mul(q)` of two factors so checked is at least 1 too (it reverts
rather than wrap to 0).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..flow import Scope, root_name
from ..guards import Fact, walk_facts
from ..ir import Expr, Function, Stmt, render

__all__ = ["above_one", "ceil_div", "record_min", "restores", "settled", "strictly_above"]

# (operator, side of x) -> the relation x has to the other side when the comparison holds
_HOLDS = {
    (">", 0): "gt",
    ("<", 1): "gt",
    (">=", 0): "ge",
    ("<=", 1): "ge",
    ("!=", 0): "ne",
    ("!=", 1): "ne",
}
# ... and when it fails
_FAILS = {
    ("<=", 0): "gt",
    (">=", 1): "gt",
    ("<", 0): "ge",
    (">", 1): "ge",
    ("==", 0): "ne",
    ("==", 1): "ne",
}


def _text(e: Expr) -> str:
    text = render(e)
    return text[1:-1] if e.paren else text


def _walk(f: Function) -> Iterator[tuple[Stmt, tuple[Fact, ...]]]:
    """walk_facts without a do-while's condition, which its body runs before checking."""
    after = {id(t.exprs[0]) for t in f.statements() if t.kind == "loop" and t.location == "do" and t.exprs}
    for t, facts in walk_facts(f.body or []):
        yield t, tuple(fact for fact in facts if id(fact[0]) not in after)


def settled(facts: tuple[Fact, ...]) -> Iterator[Expr]:
    """The comparisons that hold under `facts` (a failing `a < b` as the `a >= b` it means is left out)."""
    for fact, truth in facts:
        yield from (c for c, holds in _parts(fact, truth) if holds)


def _parts(c: Expr, holds: bool) -> Iterator[tuple[Expr, bool]]:
    """The comparisons a fact settles: `a && b` holding holds both, `a || b` failing fails both, `!a`."""
    if c.kind == "unary" and c.name == "!" and c.args:
        yield from _parts(c.args[0], not holds)
    elif c.kind == "binary" and c.name == ("&&" if holds else "||") and len(c.args) == 2:
        for a in c.args:
            yield from _parts(a, holds)
    else:
        yield c, holds


def _relations(facts: tuple[Fact, ...], x: str) -> dict[str, set[str]]:
    """For each relation (gt, ge, ne) of `x` to another value the facts settle: those values."""
    out: dict[str, set[str]] = {"gt": set(), "ge": set(), "ne": set()}
    for fact, truth in facts:
        for c, holds in _parts(fact, truth):
            if c.kind != "binary" or len(c.args) != 2:
                continue
            table = _HOLDS if holds else _FAILS
            for side in (0, 1):
                rel = table.get((c.name, side))
                if rel is not None and _text(c.args[side]) == x:
                    out[rel].add(_text(c.args[1 - side]))
    return out


def above_one(x: Expr, step: Expr, s: Stmt, f: Function, scope: Scope, locals_: dict[str, str]) -> bool:
    """`x - 1` where `s` runs with the unsigned `x` strictly above some value: `x > y`, or `x >= y` and
    `x != y`; or `x` is SafeMath's `p.mul(q)` (it reverts rather than wrap) of two such factors."""
    if _text(step) != "1":
        return False
    if x.kind == "call" and x.callee.kind == "member" and x.callee.name == "mul" and len(x.arguments) == 1:
        return all(above_one(p, step, s, f, scope, locals_) for p in (x.callee.args[0], x.arguments[0]))
    if not scope.type_of(x, locals_).startswith("uint"):
        return False
    want = _text(x)
    if _changed(want, f, s):
        return False  # a check of an earlier value proves nothing about a later one
    for t, facts in _walk(f):
        if t is s:
            rel = _relations(facts, want)
            return bool(rel["gt"] or rel["ge"] & rel["ne"] or "0" in rel["ne"])  # an unsigned `x != 0`: `x >= 1`
    return False


def strictly_above(f: Function, local: str, hi: str, lo: str) -> bool:
    """Where `f` declares `local`, the facts that hold make `hi > lo` (`while (hi > lo)`, `require(lo < hi)`)."""
    for t, facts in _walk(f):
        if t.kind == "var" and t.names == [local]:
            return lo in _relations(facts, hi)["gt"]
    return False


def ceil_div(sym: str, a: Expr, b: Expr, s: Stmt, f: Function, scope: Scope, locals_: dict[str, str]) -> bool:
    """`(x - 1) / d + 1`, rounding up, where `x - 1` cannot go below zero (`above_one`): the quotient is
    at most `x - 1`, so the sum is at most `x` (a `d` of 0 reverts)."""
    if sym != "+" or _text(b) != "1" or a.kind != "binary" or a.name != "/" or len(a.args) != 2:
        return False
    num = a.args[0]
    if num.kind != "binary" or num.name != "-" or len(num.args) != 2:
        return False
    return above_one(num.args[0], num.args[1], s, f, scope, locals_)


def _below(c: Expr, small: str, big: str) -> bool:
    """`small < big` (or `<=`, or the same written `big > small`)."""
    if c.kind != "binary" or len(c.args) != 2:
        return False
    left, right = (_text(a) for a in c.args)
    return (
        c.name in ("<", "<=")
        and (left, right) == (small, big)
        or c.name in (">", ">=")
        and (left, right)
        == (
            big,
            small,
        )
    )


def _looped(f: Function, s: Stmt) -> bool:
    """`s` sits in the body of a loop of `f` (a later statement of the loop runs before it again)."""
    return any(t is not s and any(u is s for u in t.walk()) for t in f.statements() if t.kind == "loop")


def _changed(name: str, f: Function, at: Stmt | None = None) -> bool:
    """`name` (as written) is assigned, stepped or deleted somewhere in `f` (a tuple assignment included).
    With `at` outside any loop, only writes in statements that start before `at` count: a write at or
    after it runs once `at` has used the checked value (`list[i] = list[list.length - 1]; list.length--;`)."""
    early = at is not None and not _looped(f, at)
    for t in f.statements():
        if early and at is not None and t.line >= at.line and t.kind not in ("if", "loop", "block"):
            continue
        for e in t.exprs:
            for x in e.walk():
                if x.kind == "assign" and x.args and any(_text(y) == name for y in _targets(x.args[0])):
                    return True
                if x.kind == "unary" and x.name in ("++", "--", "x++", "x--", "delete") and x.args:
                    if _text(x.args[0]) == name:
                        return True
    return False


def _targets(e: Expr) -> list[Expr]:
    return [y for a in e.args for y in _targets(a)] if e.kind == "tuple" else [e]


def record_min(op: Expr, a: Expr, b: Expr, f: Function, scope: Scope) -> bool:
    """`rec -= v` on a stored record, where every value the local `v` is given in `f` is `rec` itself (at
    least once before the debit) or, under a check that it is below `v`, a smaller one (`v = rec; if
    (asked < v) v = asked;`): v is at most rec. The record is written nowhere else in `f`, and `v` only
    by plain `=` (or its one declaration)."""
    if op.kind != "assign" or op.name != "-=" or b.kind != "ident" or b.name in scope.state:
        return False
    if root_name(a) not in scope.state or b.name not in scope.local_types(f):
        return False
    record, name, read, before = _text(a), b.name, False, True
    for t, facts in _walk(f):
        if any(x is op for e in t.exprs for x in e.walk()):
            before = False
        if t.kind == "var" and name in t.names and (t.names != [name] or not t.exprs):
            return False  # `(x, v) = g();` or a declaration with no value (0 is fine, but keep it plain)
        values = [t.exprs[0]] if t.kind == "var" and t.names == [name] else []
        for e in t.exprs:
            for x in e.walk():
                if x.kind == "assign" and x.args and x is not op and _text(x.args[0]) == record:
                    return False  # the record changes elsewhere in the function
                if x.kind == "unary" and x.args and x.args[0].kind == "ident" and x.args[0].name == name:
                    return False
                if x.kind != "assign" or not x.args:
                    continue
                hit = [y for y in _targets(x.args[0]) if y.kind == "ident" and y.name == name]
                if hit and (x.name != "=" or x.args[0].kind == "tuple"):
                    return False
                if hit:
                    values.append(x.args[1])
        for v in values:
            if _text(v) == record:
                read = read or before
            elif not any(_below(c, _text(v), name) for c in settled(facts)):
                return False
    return read


def restores(x: Expr, a: Expr, b: Expr, f: Function) -> bool:
    """`a - b` where `b` is a local declared once as `a - c`, `a` not assigned in between: the result is
    exactly `c` (modulo 2**256 the two subtractions cancel), so nothing wraps that matters (King of the
    Ether's `valuePaid - excessPaid` with `excessPaid = valuePaid - currentClaimPrice`)."""
    if b.kind != "ident" or a.kind != "ident":
        return False
    local = {p.name for p in f.params} | {n for s in f.statements() if s.kind == "var" for n in s.names}
    if a.name not in local:
        return False  # a state variable a call in between may change
    decl = next((s for s in f.statements() if s.kind == "var" and s.names == [b.name] and s.exprs), None)
    if decl is None or _changed(b.name, f):
        return False
    v, start = decl.exprs[0], decl.line
    if v.kind != "binary" or v.name != "-" or render(v.args[0]) != render(a):
        return False
    return not any(
        start < y.line < x.line
        and (y.kind == "assign" or y.kind == "unary" and y.name in ("++", "--", "x++", "x--", "delete"))
        and y.args
        and root_name(y.args[0]) == a.name
        for s in f.statements()
        for e in s.exprs
        for y in e.walk()
    )
