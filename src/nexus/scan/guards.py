"""Caller guards: which statements only a caller check lets run (src/nexus/scan/callers.py reads
each condition).

A condition is read with the truth value the code after it relies on (its *polarity*): `require(c)` and
the `then` branch of `if (c)` hold `c`; `if (c) revert();` and the `else` branch hold `!c`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .callers import caller_check, caller_names, sender_check
from .facts import Fact, call_fact, guard_fact, restricts, single_assignments, walk_facts
from .ir import Expr, Function, Stmt

if TYPE_CHECKING:
    from .flow import Scope

__all__ = [
    "Fact",
    "caller_authorities",
    "caller_check",
    "caller_guarded",
    "caller_guards",
    "call_fact",
    "caller_names",
    "chosen_params",
    "guard_condition",
    "guard_fact",
    "restricts",
    "sender_check",
    "single_assignments",
    "walk_facts",
    "walk_guarded",
]


def guard_condition(s: Stmt) -> Expr | None:
    """The condition a statement enforces for the code after it (`require(c)`, `if (!c) throw;`), as
    written (its truth value there: guard_fact)."""
    fact = guard_fact(s)
    return fact[0] if fact else None


def walk_guarded(body: list[Stmt], guards: tuple[Expr, ...] = ()) -> Iterator[tuple[Stmt, tuple[Expr, ...]]]:
    """Every statement with the conditions that hold when it runs (enclosing ifs, earlier requires), as
    written: an `else` branch lists its `if`'s condition too (walk_facts keeps the truth values)."""
    for s, facts in walk_facts(body):
        yield s, (*guards, *(c for c, _ in facts))


_GUARD_WORDS = ("only", "owner", "admin", "auth", "restricted", "manyowners")


def caller_guarded(scope: Scope, f: Function) -> dict[int, bool]:
    """For each statement of `f` (by id; modifiers inlined): whether a caller check must pass to reach it."""
    return {id(s): ok for s, ok, _, _ in _guarded(scope, f)}


def chosen_params(scope: Scope, f: Function, once: dict[str, Expr]) -> frozenset[str]:
    """The parameters whoever calls a public function picks. An internal function's are bound by its
    callers, a modifier's where it is applied (`onlyBy(owner)`): a name a modifier's parameter shares
    is left out, since the inlined modifier body means the modifier's."""
    if not f.is_public:
        return frozenset()
    bound = {
        p.name
        for inv in f.modifiers
        if (m := scope.modifiers.get(inv.callee.name if inv.kind == "call" else inv.name)) is not None
        for p in m.params
    }
    return frozenset(p.name for p in f.params if p.name not in once and p.name not in bound)


def unresolved_guard(scope: Scope, f: Function) -> bool:
    """`f` carries a guard-named modifier (`auth`, `onlyGovernor`) whose body this file does not declare:
    read as a caller check whose authority cannot be named."""
    return any(
        (m.callee.name if m.kind == "call" else m.name) not in scope.modifiers
        and any(w in (m.callee.name if m.kind == "call" else m.name).lower() for w in _GUARD_WORDS)
        for m in f.modifiers
    )


def _guarded(scope: Scope, f: Function) -> list[tuple[Stmt, bool, dict[str, Expr], frozenset[str]]]:
    unresolved = unresolved_guard(scope, f)
    deco = any(d in ("internal", "deploy") for d in f.decorators)
    body = scope.effective_body(f)
    once = single_assignments(body)
    chosen = chosen_params(scope, f, once)
    return [
        (s, unresolved or deco or any(sender_check(c, scope, h, once, chosen) for c, h in facts), once, chosen)
        for s, facts in walk_facts(body, calls=True)
    ]


def caller_authorities(scope: Scope, f: Function) -> Iterator[tuple[Stmt, set[str]]]:
    """Every statement of `f` (modifiers inlined) with the state variables the caller checks that hold
    there compare the caller against (none where no check holds)."""
    body = scope.effective_body(f)
    once = single_assignments(body)
    chosen = chosen_params(scope, f, once)
    for s, facts in walk_facts(body, calls=True):
        names = [caller_check(c, scope, h, once, chosen) for c, h in facts]
        yield s, set().union(*(n for n in names if n is not None))


def caller_guards(scope: Scope, f: Function) -> dict[int, bool]:
    """For each statement line of `f` (modifiers inlined): whether a caller check must pass to reach
    every statement on it. The caller check itself does not count against its line, so a one-line
    `{ require(msg.sender == owner); owner = n; }` (or `if (msg.sender == owner) { .. }`) is guarded."""
    out: dict[int, bool] = {}
    for s, ok, once, chosen in _guarded(scope, f):
        if not ok and _rejects(s):
            continue  # the rejection itself (`if (msg.sender != owner) throw;`) acts on nothing
        if not ok and _checks_caller(s, scope, once, chosen):
            out.setdefault(s.line, True)
            continue
        out[s.line] = out.get(s.line, True) and ok
    return out


def _rejects(s: Stmt) -> bool:
    """`throw;`, `revert(..);`, a bare `return;`: a statement that only stops the call."""
    if s.kind in ("throw", "revert") or s.kind == "return" and not s.exprs:
        return True
    e = s.exprs[0] if s.kind == "expr" and s.exprs else None
    return e is not None and e.kind == "call" and e.callee.kind == "ident" and e.callee.name == "revert"


def _checks_caller(s: Stmt, scope: Scope, once: dict[str, Expr], chosen: frozenset[str]) -> bool:
    if s.kind == "if":
        if not s.exprs or not _only_checks(s):
            return False
        fact = guard_fact(s)
        return sender_check(s.exprs[0], scope, True, once, chosen) or (
            fact is not None and sender_check(fact[0], scope, fact[1], once, chosen)
        )
    fact = guard_fact(s) or call_fact(s)  # `require(msg.sender == owner)`, or `_checkOwner()`
    return fact is not None and sender_check(fact[0], scope, fact[1], once, chosen)


def _only_checks(s: Stmt) -> bool:
    """An `if` whose condition has no effect (no call, no assignment): only its branches act."""
    return not any(x.kind in ("call", "assign", "unary") and x.name not in ("!", "-") for x in s.exprs[0].walk())
