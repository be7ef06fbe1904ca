"""A product whose wrap the same function can never get past: a loop that then runs that many times.

`bytes memory out = new bytes(n * 32); for (uint i = 0; i < n; i++) { ... }` wraps the allocation only
for `n >= 2**256 / 32`; the loop that always follows then has at least `2**251` iterations to run, and no
transaction has the gas for more than a few million. So a wrapped product never reaches a completed call:
the call runs out of gas and reverts. The proof needs all of: a constant factor `C <= 2**192` (so a
wrap means `2**64` iterations or more), the other factor a name the function never reassigns, the loop
a `for` from 0 to that name by steps of one that nothing in its body leaves early (`break`, `return`) or
resets, and the loop at the top level of the function (or of a plain or `unchecked` block there) after
the operation with no `return` between (so it always runs). A loop under an `if`, a bound other than the
factor, or a `return` before it: the operation stays reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..flow import Scope
from ..ir import Expr, Function, Stmt
from ._bounds import const_value

__all__ = ["looped_after"]

_MAX_FACTOR = 2**192


def _exits(stmts: list[Stmt], kinds: tuple[str, ...]) -> bool:
    return any(t.kind in kinds or _exits([*t.body, *t.orelse], kinds) for t in stmts)


def _assigned(name: str, stmts: list[Stmt]) -> bool:
    for t in stmts:
        for e in t.exprs:
            for y in e.walk():
                if y.kind == "assign" and y.args[0].kind == "ident" and y.args[0].name == name:
                    return True
                if y.kind == "unary" and y.name in ("++", "--", "x++", "x--", "delete") and y.args:
                    if y.args[0].kind == "ident" and y.args[0].name == name:
                        return True
        if _assigned(name, [*t.body, *t.orelse, *t.init]):
            return True
    return False


def _counts_to(loop: Stmt, bound: str) -> bool:
    """`for (i = 0; i < bound; i++)` (or `++i`, `i += 1`, `bound > i`), the body never touching `i`."""
    if loop.kind != "loop" or loop.location != "for" or len(loop.init) != 1 or len(loop.exprs) != 2:
        return False
    init, cond, step = loop.init[0], loop.exprs[0], loop.exprs[1]
    if init.kind != "var" or len(init.names) != 1 or not init.exprs or init.exprs[0].kind != "literal":
        return False
    i = init.names[0]
    if init.exprs[0].name != "0" or cond.kind != "binary" or len(cond.args) != 2:
        return False
    left, right = cond.args
    ok = (cond.name == "<" and _ident(left, i) and _ident(right, bound)) or (
        cond.name == ">" and _ident(left, bound) and _ident(right, i)
    )
    one = step.kind == "unary" and step.name in ("++", "x++") and _ident(step.args[0], i)
    one = one or (step.kind == "assign" and step.name == "+=" and _ident(step.args[0], i) and _is_one(step.args[1]))
    return ok and one and not _assigned(i, loop.body) and not _exits(loop.body, ("break", "return"))


def _flat(stmts: list[Stmt]) -> Iterator[Stmt]:
    """Top-level statements, with `{ }` and `unchecked { }` blocks spliced in (they do not branch)."""
    for t in stmts:
        if t.kind == "block":
            yield from _flat(t.body)
        else:
            yield t


def _ident(e: Expr, name: str) -> bool:
    return e.kind == "ident" and e.name == name


def _is_one(e: Expr) -> bool:
    return e.kind == "literal" and e.name == "1"


def looped_after(x: Expr, sym: str, a: Expr, b: Expr, s: Stmt, f: Function, scope: Scope) -> bool:
    """`n * C` in top-level statement `s` of `f`, followed (no `return` between) by a top-level loop
    counting from 0 to `n` by ones: a wrapped product means `2**256 / C` iterations, which no call has the
    gas for."""
    if sym != "*" or x.kind != "binary" or f.body is None:
        return False
    body = list(_flat(f.body))
    for n, c in ((a, b), (b, a)):
        factor = const_value(c, scope)
        if n.kind != "ident" or factor is None or not 1 < factor <= _MAX_FACTOR:
            continue
        if not any(t is s for t in body) or _assigned(n.name, body):
            continue
        after = body[[i for i, t in enumerate(body) if t is s][0] + 1 :]
        for j, t in enumerate(after):
            if _counts_to(t, n.name):
                return not _exits(after[:j], ("return",))
    return False
