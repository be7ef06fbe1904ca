"""Checks that dominate a statement from outside the function body: its modifiers and its helpers.

`flow.walk_guarded` sees the conditions written in a function's own body. A check can also sit in a
modifier (`modifier hasBalance(uint v) { require(balances[msg.sender] >= v); _; }`) or in an internal
helper the function calls first (`_check(msg.sender, v); balances[msg.sender] -= v;`). Both are read here
with the modifier's or helper's parameters replaced by the arguments of the invocation, so the
arithmetic detector's `covers` sees `balances[msg.sender] >= v` in front of `balances[msg.sender] -= v`.
A helper's check counts only when it reverts (require, assert, throw, revert): an early `return` in the
helper returns to the caller, which goes on. A helper whose body is not in view (an imported free
function such as `_require(a >= b, Errors.X)`) counts through `_asserted.asserted_condition`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..flow import Scope, guard_condition
from ..guards import Fact, walk_facts
from ..ir import Expr, Function, Stmt
from ._asserted import asserted_condition

__all__ = ["entry_facts", "walk_dominated"]


def _rename(e: Expr, names: dict[str, Expr]) -> Expr:
    if e.kind == "ident" and e.name in names:
        return names[e.name]
    if not e.args and not e.options:
        return e
    return Expr(
        e.kind,
        e.line,
        e.name,
        [_rename(a, names) for a in e.args],
        {k: _rename(v, names) for k, v in e.options.items()},
        e.text,
        e.paren,
    )


def _bind(g: Function, args: list[Expr]) -> dict[str, Expr] | None:
    if len(g.params) != len(args):
        return None
    return {p.name: a for p, a in zip(g.params, args, strict=True) if p.name}


def _entry_guards(f: Function, scope: Scope) -> tuple[Expr, ...]:
    """Conditions every modifier of `f` checks before its `_`, in the invocation's own terms, as written."""
    return tuple(c for c, _ in entry_facts(f, scope))


def entry_facts(f: Function, scope: Scope) -> tuple[Fact, ...]:
    """What every modifier of `f` establishes before its `_`, with truth values (`guards.walk_facts`),
    in the invocation's own terms."""
    out: list[Fact] = []
    for inv in f.modifiers:
        m = scope.modifiers.get(inv.callee.name if inv.kind == "call" else inv.name)
        names = _bind(m, inv.arguments if inv.kind == "call" else []) if m is not None and m.body else None
        if m is None or names is None:
            continue
        for s, facts in walk_facts(m.body or []):
            if s.kind == "placeholder":
                out += [(_rename(c, names), holds) for c, holds in facts]
                break
    return tuple(out)


def _reverts(s: Stmt) -> Expr | None:
    """A check that reverts the whole transaction: require/assert, or `if (c) throw;` / `revert()`."""
    g = guard_condition(s)
    if g is None or s.kind == "expr":
        return g
    last = s.body[-1] if s.body and not s.orelse else None
    if last is not None and (
        last.kind in ("throw", "revert")
        or last.kind == "expr"
        and last.exprs
        and last.exprs[0].kind == "call"
        and last.exprs[0].callee.kind == "ident"
        and last.exprs[0].callee.name == "revert"
    ):
        return g
    return None


def _helper_guards(s: Stmt, scope: Scope) -> tuple[Expr, ...]:
    """`helper(a, b);` as a statement: the reverting checks at the top of an internal helper, before any
    return or branch, in the call's own terms."""
    if s.kind != "expr" or not s.exprs or s.exprs[0].kind != "call" or s.exprs[0].callee.kind != "ident":
        return ()
    call = s.exprs[0]
    if call.callee.name not in scope.functions:
        return asserted_condition(call, scope)
    out: list[Expr] = []
    for g in scope.functions.get(call.callee.name, []):
        names = _bind(g, call.arguments) if g.body is not None and not g.is_public else None
        if names is None:
            continue
        for t in g.body or []:
            if t.kind in ("return", "if", "loop", "block") and _reverts(t) is None:
                break  # what follows may not run
            c = _reverts(t)
            if c is not None:
                out.append(_rename(c, names))
    return tuple(out)


def walk_dominated(f: Function, scope: Scope) -> Iterator[tuple[Stmt, tuple[Expr, ...]]]:
    """`walk_guarded` over `f`'s body, starting from its modifiers' checks and adding, after a statement
    that calls an internal helper, the helper's reverting checks."""
    yield from _walk(f.body or [], _entry_guards(f, scope), scope)


def _walk(body: list[Stmt], guards: tuple[Expr, ...], scope: Scope) -> Iterator[tuple[Stmt, tuple[Expr, ...]]]:
    current = guards
    for s in body:
        yield s, current
        if s.kind == "if":
            inner = (*current, s.exprs[0])
            yield from _walk(s.body, inner, scope)
            yield from _walk(s.orelse, inner, scope)
        elif s.kind in ("block", "loop"):
            inner = (*current, *s.exprs[:1]) if s.kind == "loop" else current
            yield from _walk(s.init + s.body, inner, scope)
        g = guard_condition(s)
        current = (*current, *((g,) if g is not None else ()), *_helper_guards(s, scope))
