"""A loop's index added to a base whose sum with the loop's bound was already computed checked.

`require(first.add(count) <= cap); for (p = 0; p < count; p++) { slots[first + p] = ..; }`: inside the
body `p < count`, and `first + count` did not wrap (SafeMath's `add` reverts when it would), so
`first + p < first + count` cannot wrap either (from 0.8, a plain `first + count` outside `unchecked`
is as checked). The base may also be a name the code requires equal to
the checked one (`require(index == _index)`). The checked sum must run on every path to the loop, the
index must be an unsigned local the loop's body does not write, and none of the base, its alias or the
bound may be written anywhere in the function but by their own declaration (`uint index = ..;`). A sum
checked only in one branch, an index the body moves, or a bound the body changes stays reported.
"""

from __future__ import annotations

from ..ir import Expr, Function, Stmt
from ._arith import norm, unchecked_ids
from ._spent import run_before

__all__ = ["under_checked_sum"]


def _equal_names(stmts: list[Stmt], name: str) -> set[str]:
    """`name` and what a `require(name == y)` among `stmts` makes it equal to."""
    out = {name}
    for t in stmts:
        for e in t.exprs:
            for y in e.walk():
                if y.kind == "call" and y.callee.kind == "ident" and y.callee.name in ("require", "assert"):
                    c = y.arguments[0] if y.arguments else None
                    if c is not None and c.kind == "binary" and c.name == "==" and len(c.args) == 2:
                        sides = {norm(c.args[0]), norm(c.args[1])}
                        if name in sides:
                            out |= sides
    return out


def _checked_sums(stmts: list[Stmt], plain: set[int] | None) -> set[frozenset[str]]:
    """The operand pairs of every `a.add(b)` among `stmts`, and from 0.8 (`plain`: the ids of the
    statements inside `unchecked { }`) of every `a + b` outside `unchecked`."""
    out: set[frozenset[str]] = set()
    for t in stmts:
        for e in t.exprs:
            for y in e.walk():
                if y.kind == "call" and y.callee.kind == "member" and y.callee.name == "add" and len(y.arguments) == 1:
                    out.add(frozenset({norm(y.callee.args[0]), norm(y.arguments[0])}))
                elif plain is not None and id(t) not in plain and y.kind == "binary" and y.name == "+":
                    out.add(frozenset(norm(v) for v in y.args))
    return out


def _fixed(f: Function, name: str) -> bool:
    """`name` is written nowhere in `f` but by one declaration of its own."""
    declared = 0
    for t in f.statements():
        if t.kind == "var" and name in t.names:
            declared += 1
        for e in t.exprs:
            for y in e.walk():
                if y.kind in ("assign", "unary") and y.args and y.name not in ("!", "-", "~"):
                    target = y.args[0]
                    targets = target.args if target.kind == "tuple" else [target]
                    if y.kind == "unary" and y.name not in ("++", "--", "x++", "x--", "delete"):
                        continue
                    if any(norm(x) == name for x in targets):
                        return False
    return declared <= 1


def under_checked_sum(  # noqa: PLR0913
    x: Expr, sym: str, a: Expr, b: Expr, f: Function, loops: tuple[Stmt, ...], locals_: dict[str, str], checked: bool
) -> bool:
    """`base + i` in the body of `for (..; i < n; ..)` after a checked `base.add(n)` (see the docstring)."""
    if sym != "+" or x.kind != "binary" or f.body is None:
        return False
    for index, base in ((a, b), (b, a)):
        if index.kind != "ident" or locals_.get(index.name, "").strip() not in ("uint", "uint256"):
            continue
        for loop in loops:
            if _bounded_sum(index.name, norm(base), loop, f, unchecked_ids(f) if checked else None):
                return True
    return False


def _bounded_sum(i: str, base: str, loop: Stmt, f: Function, plain: set[int] | None) -> bool:
    c = loop.exprs[0] if loop.exprs else None
    if c is None or loop.location == "do":
        return False
    bounds = [
        norm(k.args[1]) if k.name == "<" else norm(k.args[0])
        for k in _conjuncts(c)
        if k.kind == "binary"
        and len(k.args) == 2
        and (k.name == "<" and norm(k.args[0]) == i or k.name == ">" and norm(k.args[1]) == i)
    ]
    if not bounds or any(_writes_name(t, i) for b in loop.body for t in b.walk()):
        return False
    before = run_before(f.body or [], loop)
    if before is None:
        return False
    sums = _checked_sums(before, plain)
    names = _equal_names(before, base)
    for n in bounds:
        for alias in names:
            if frozenset({alias, n}) in sums and all(_fixed(f, v) for v in {base, alias, n}):
                return True
    return False


def _conjuncts(c: Expr) -> list[Expr]:
    if c.kind == "binary" and c.name == "&&":
        return _conjuncts(c.args[0]) + _conjuncts(c.args[1])
    return [c]


def _writes_name(t: Stmt, name: str) -> bool:
    if t.kind == "var" and name in t.names:
        return True
    for e in t.exprs:
        for y in e.walk():
            if y.kind in ("assign", "unary") and y.args and norm(y.args[0]) == name and y.name not in ("!", "-", "~"):
                return True
    return False
