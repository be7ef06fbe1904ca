"""What a statement or condition enforces for the code after it, read the same way by every guard walk:
`require(c)` / `if (c) revert();` facts with their truth value, the fact "this helper call returned",
locals assigned once, the restrictiveness of a condition's && / || / ! structure, and the walk that
lists every statement with the facts holding there (`walk_facts`, re-exported by guards)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .ir import Expr, Stmt

__all__ = [
    "Fact",
    "call_fact",
    "completed",
    "guard_fact",
    "is_stop",
    "restricts",
    "single_assignments",
    "walk_facts",
]


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


Fact = tuple[Expr, bool]


def call_fact(s: Stmt) -> Fact | None:
    """A statement that only calls a function by name (`_checkOwner();`, `_check(msg.sender);`): the call,
    as a fact that holds after it. callers.py reads it as a caller check only when the internal helper
    enforces one before it can return; any other call restricts nothing."""
    if s.kind == "expr" and len(s.exprs) == 1 and s.exprs[0].kind == "call" and s.exprs[0].callee.kind == "ident":
        if s.exprs[0].callee.name not in ("require", "assert", "revert"):
            return completed(s.exprs[0]), True
    return None


def walk_facts(
    body: list[Stmt], facts: tuple[Fact, ...] = (), *, calls: bool = False
) -> Iterator[tuple[Stmt, tuple[Fact, ...]]]:
    """Every statement with the conditions known when it runs and their truth values there; with
    `calls`, a bare call of a function (`_checkOwner();`) counts as a fact too (see call_fact)."""
    current = facts
    for s in body:
        yield s, current
        if s.kind == "if":
            yield from walk_facts(s.body, (*current, (s.exprs[0], True)), calls=calls)
            yield from walk_facts(s.orelse, (*current, (s.exprs[0], False)), calls=calls)
        elif s.kind in ("block", "loop"):
            inner = (*current, (s.exprs[0], True)) if s.kind == "loop" and s.exprs else current
            yield from walk_facts(s.init + s.body, inner, calls=calls)
        fact = guard_fact(s) or (call_fact(s) if calls else None)
        if fact is not None:
            current = (*current, fact)
