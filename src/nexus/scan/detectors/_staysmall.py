"""Integer operations that cannot wrap, by where their operands come from (integer-overflow, arithmetic.py).

Each property is a fact about the data flow, not about how anything is spelled:

* `arr.length + c` for an argument array: the caller paid gas for every element (_inputlen.py).
* `a - v` where `v` is a local that holds `e` (assigned once) and a check `a > e` / `a >= e` dominates the
  operation: the check on the expression the local copies covers the local.
* `a - c` for a constant `c` after an unconditional `a += v` earlier in the same function, where `v` is a
  constant at least `c` or an amount a dominating `require(v == K)` pins to such a constant, and nothing
  else writes `a` in between: `a` holds at least `c` there.
* `slot += v` under a dominating `require(token.transferFrom(from, this, v))`: the credit is an amount
  the token really moved in, so credits of it sum to at most the token's supply, itself below 2**256
  (a token that reports transfers it did not make corrupts only what its own records say).
* `arr.length = k + c` followed, always, by an access `arr[k]`: a wrap leaves `arr` shorter than `k`, so
  the access reverts and the wrapped length is never stored.
"""

from __future__ import annotations

from ..facts import single_assignments, walk_facts
from ..flow import Scope
from ..ir import Expr, Function, Stmt
from ._arith import conjuncts, covers, norm
from ._bounds import const_value
from ._inputlen import argument_length_step
from ._scheduled import scheduled_set

__all__ = ["scheduled_set", "stays_small"]


def _local_copy_checked(a: Expr, b: Expr, f: Function, guards: tuple[Expr, ...]) -> bool:
    once = single_assignments(f.body or [])
    if b.kind != "ident" or b.name not in once:
        return False
    src = norm(once[b.name])
    return any(
        c.kind == "binary" and c.name in (">", ">=", "<", "<=") and covers(c, norm(a), src, "")
        for g in guards
        for c in conjuncts(g)
    )


def _pinned(v: Expr, guards: tuple[Expr, ...], scope: Scope) -> int | None:
    """The constant value of `v`, or the constant a dominating `v == K` check pins it to."""
    c = const_value(v, scope)
    if c is not None:
        return c
    for g in guards:
        for x in conjuncts(g):
            if x.kind == "binary" and x.name == "==":
                for one, other in (x.args, reversed(x.args)):
                    if norm(one) == norm(v) and (k := const_value(other, scope)) is not None:
                        return k
    return None


def _writes(e: Expr, target: str) -> list[Expr]:
    return [
        x
        for x in e.walk()
        if x.kind in ("assign", "unary") and x.args and x.name not in ("!", "-", "~") and norm(x.args[0]) == target
    ]


def _credited_first(a: Expr, b: Expr, s: Stmt, f: Function, scope: Scope, guards: tuple[Expr, ...]) -> bool:
    """`a - c` after an unconditional `a += v` (v >= c) in `f`'s top-level statements, no write between."""
    c = const_value(b, scope)
    if c is None:
        return False
    target, credit = norm(a), None
    for top in f.body or []:
        if any(t is s for t in top.walk()):
            return credit is not None and credit >= c
        for t in top.walk():
            for e in t.exprs:
                for x in _writes(e, target):
                    unconditional = t is top and top.kind in ("expr", "var")
                    v = _pinned(x.args[1], guards, scope) if x.name == "+=" and unconditional else None
                    credit = v if v is not None and credit is None else None
    return False


def _this(e: Expr) -> bool:
    while e.kind == "cast" and e.args:
        e = e.args[0]
    return e.kind == "ident" and e.name == "this"


def _pulled_in(x: Expr, sym: str, b: Expr, s: Stmt, f: Function) -> bool:
    """`slot += v` where a fact holding at `s` is that `.transferFrom(_, this, v)` returned true."""
    if x.kind != "assign" or sym != "+":
        return False
    amount = norm(b)
    facts = next((fs for t, fs in walk_facts(f.body or []) if t is s), ())
    return any(
        holds
        and c.kind == "call"
        and c.callee.kind == "member"
        and c.callee.name == "transferFrom"
        and len(c.arguments) == 3
        and _this(c.arguments[1])
        and norm(c.arguments[2]) == amount
        for cond, holds in facts
        for c in conjuncts(cond)
    )


def _length_wrap_reverts(x: Expr, sym: str, a: Expr, b: Expr, s: Stmt, f: Function, scope: Scope) -> bool:
    """`arr.length = k + c` whose statement is always followed by an access `arr[k]`."""
    if sym != "+" or const_value(b, scope) is None or s.kind != "expr" or not s.exprs:
        return False
    e = s.exprs[0]
    if e.kind != "assign" or e.name != "=" or e.args[1] is not x:
        return False
    t = e.args[0]
    if t.kind != "member" or t.name != "length":
        return False
    arr, key = norm(t.args[0]), norm(a)
    body = f.body or []
    for i, top in enumerate(body):
        if any(y is s for y in top.walk()):
            for later in body[i + 1 :]:
                if later.kind in ("return", "throw", "revert", "if", "loop"):
                    return False
                for ex in later.exprs:
                    if any(y.kind == "index" and norm(y.args[0]) == arr and norm(y.args[1]) == key for y in ex.walk()):
                        return True
            return False
    return False


def stays_small(  # noqa: PLR0913
    x: Expr,
    sym: str,
    a: Expr,
    b: Expr,
    s: Stmt,
    f: Function,
    scope: Scope,
    locals_: dict[str, str],
    guards: tuple[Expr, ...],
) -> bool:
    """Whether the operation `x` (`a sym b`, statement `s` of `f`, under `guards`) cannot wrap."""
    if argument_length_step(sym, a, b, f, scope):
        return True
    if sym == "-" and (_local_copy_checked(a, b, f, guards) or _credited_first(a, b, s, f, scope, guards)):
        return True
    return _pulled_in(x, sym, b, s, f) or _length_wrap_reverts(x, sym, a, b, s, f, scope)
