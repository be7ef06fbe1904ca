"""What a statement or condition enforces for the code after it, read the same way by every guard walk:
`require(c)` / `if (c) revert();` facts with their truth value, the fact "this helper call returned",
locals assigned once, and the restrictiveness of a condition's && / || / ! structure."""

from __future__ import annotations

from collections.abc import Callable

from .ir import Expr, Stmt

__all__ = ["completed", "guard_fact", "is_stop", "restricts", "single_assignments"]


def single_assignments(body: list[Stmt]) -> dict[str, Expr]:
    """Locals declared with a value and never assigned again (`address o = owner;`)."""
    decl: dict[str, Expr] = {}
    written: set[str] = set()
    counts: dict[str, int] = {}
    for top in body:
        for s in top.walk():
            if s.kind == "var" and len(s.names) == 1:
                counts[s.names[0]] = counts.get(s.names[0], 0) + 1
                if s.exprs:
                    decl[s.names[0]] = s.exprs[0]
            for e in s.exprs:
                for x in e.walk():
                    if x.kind == "assign" or x.kind == "unary" and x.name in ("++", "--", "x++", "x--", "delete"):
                        t = x.args[0]
                        for y in t.args if t.kind == "tuple" else [t]:
                            if y.kind == "ident":
                                written.add(y.name)
    return {k: v for k, v in decl.items() if k not in written and counts.get(k) == 1}


def completed(call: Expr) -> Expr:
    """The fact "this call returned" (a bare `_checkOwner();` statement), for the guard walk: it restricts
    the caller only through what the helper enforces before it can return, never through a return value
    the statement throws away (`isOwner();` checks nothing)."""
    return Expr("other", call.line, name="completed", args=[call], text=call.text)


def is_stop(s: Stmt) -> bool:
    if s.kind in ("throw", "revert", "return"):
        return True
    if s.kind == "block" and s.body:
        return is_stop(s.body[-1])
    if s.kind == "expr" and s.exprs and s.exprs[0].kind == "call" and s.exprs[0].callee.kind == "ident":
        return s.exprs[0].callee.name in ("revert", "selfdestruct", "suicide")
    return False


def guard_fact(s: Stmt) -> tuple[Expr, bool] | None:
    """The condition a statement enforces for the code after it, with the truth value it has there:
    `require(c)` → (c, True); `if (c) revert();` → (c, False); `if (c) {..} else {revert();}` → (c, True)."""
    if s.kind == "expr" and s.exprs and s.exprs[0].kind == "call" and s.exprs[0].callee.kind == "ident":
        if s.exprs[0].callee.name in ("require", "assert") and s.exprs[0].arguments:
            return s.exprs[0].arguments[0], True
    if s.kind == "if" and s.exprs and s.body and is_stop(s.body[-1]):
        return s.exprs[0], False
    if s.kind == "if" and s.exprs and s.body and s.orelse and is_stop(s.orelse[-1]):
        return s.exprs[0], True
    last = s.body[-1] if s.kind == "if" and s.body and not s.orelse else None
    while last is not None and last.kind == "block" and last.body:
        last = last.body[-1]
    if last is not None and last.kind == "if" and s.exprs:
        # `if (c) { ..; if (d) revert(); }`: after it, `!(c && d)` (`msg.sender` is one of two authorities)
        inner = guard_fact(last)
        if inner is not None:
            d = inner[0] if not inner[1] else Expr("unary", inner[0].line, name="!", args=[inner[0]])
            return Expr("binary", s.line, name="&&", args=[s.exprs[0], d]), False
    return None


def restricts(e: Expr, holds: bool, atom: Callable[[Expr, bool], bool]) -> bool:
    """Whether condition `e`, known to be `holds`, is restrictive in the sense `atom` gives its operands:
    a holding conjunction needs one restrictive side, a holding disjunction needs every side."""
    if e.kind == "binary" and e.name in ("&&", "||"):
        sides = (restricts(e.args[0], holds, atom), restricts(e.args[1], holds, atom))
        return any(sides) if (e.name == "&&") == holds else all(sides)
    if e.kind == "unary" and e.name == "!":
        return restricts(e.args[0], not holds, atom)
    return atom(e, holds)
