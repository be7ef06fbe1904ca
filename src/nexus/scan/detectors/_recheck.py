"""A stale write re-validated after the call (`reentrancy`, detectors/reentrancy.py).

`target.call{value: v}(data); require(isReady(id)); done[id] = true;` (OpenZeppelin's TimelockController:
`_execute(...)` then `_afterCall(id)`, which checks that the operation is still ready before marking it
done): the condition read after the call looks at the very variable the write then updates, so a
re-entrant call that already made that update (executed the same operation) makes the outer check fail
and the whole transaction revert. What such a check proves depends on its condition, and a re-entrant
reader of the stale value elsewhere is not covered, so the finding stays, at low confidence.

The check must run after the call and before the write: a `require`/`assert`/`if (..) revert` whose
condition reads the written state variable, directly or through internal helpers (`isReady(id)` reading
`timestamps`). Inside an internal helper, every write of the variable must follow such a check in the
helper's own top-level statements.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..flow import Scope
from ..guards import guard_condition
from ..ir import Expr, Function, Stmt

__all__ = ["checked_writes", "held_lock", "mutex", "rechecked_between", "reads_state"]


def reads_state(scope: Scope, e: Expr, var: str, seen: frozenset[str] = frozenset()) -> bool:
    """`e` reads state variable `var`, directly or in an internal function it calls."""
    for x in e.walk():
        if x.kind == "ident" and x.name == var:
            return True
        if x.kind == "call" and x.callee.kind == "ident" and x.callee.name in scope.functions:
            name = x.callee.name
            if name in seen:
                continue
            for g in scope.functions[name]:
                if any(reads_state(scope, y, var, seen | {name}) for s in g.statements() for y in s.exprs):
                    return True
    return False


def checked_writes(scope: Scope, g: Function) -> set[str]:
    """State variables that `g` writes only after a top-level check of its own reading them."""
    locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
    checks: list[Expr] = []
    checked: set[str] = set()
    unchecked: set[str] = set()
    for top in g.body or []:
        for s in top.walk():
            for e in s.exprs:
                for name, _ in scope.state_writes(e, locals_, aliases):
                    ok = name not in locals_ and any(reads_state(scope, c, name) for c in checks)
                    (checked if ok else unchecked).add(name)
        cond = guard_condition(top)
        if cond is not None:
            checks.append(cond)
    return checked - unchecked


def rechecked_between(scope: Scope, f: Function, var: str, call_line: int, write_line: int) -> bool:
    """A check reading `var` stands after the call (line) and before the write (line) in `f`."""
    for s in f.statements():
        if call_line < s.line < write_line:
            cond = guard_condition(s)
            if cond is not None and reads_state(scope, cond, var):
                return True
    return False


def mutex(var: str, f: Function, call_line: int) -> bool:
    """`var` is the function's own re-entrancy lock: tested, then set to true before the call (the write
    after the call only releases it)."""
    tested = set_before = False
    for s in f.statements():
        if s.line >= call_line:
            break
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "assign" and x.name == "=" and x.args[0].kind == "ident" and x.args[0].name == var:
                    set_before |= x.args[1].kind == "literal" and x.args[1].name == "true"
                elif x.kind == "ident" and x.name == var and not set_before and (s.kind == "if" or _in_check(e)):
                    tested = True
    return tested and set_before


def _in_check(e: Expr) -> bool:
    return any(x.kind == "call" and x.callee.kind == "ident" and x.callee.name == "require" for x in e.walk())


def locks(scope: Scope, f: Function) -> dict[str, int]:
    """Whole state variables `f` tests in a top-level guard and then assigns, at top level, as a whole
    (`if (sender != DEFAULT) revert(); sender = from; call(..); sender = DEFAULT;`): variable -> line of
    that assignment. Written back after a call made once it is set, such a variable is a lock (any value,
    not only `true`): a re-entrant call that tests it sees it held, which is its purpose, not a stale read.
    The walk then looks past that write for the next state write after the call. A modifier's guard counts
    (`modifier onlyNotInContext() { require(ctx == address(0)); _; }`): its top-level statements run
    around the body, which stands in their place."""
    tested: set[str] = set()
    out: dict[str, int] = {}
    locals_ = scope.local_types(f)
    for s in _top(scope.effective_body(f)):
        cond = guard_condition(s)
        if cond is not None:
            tested |= {x.name for x in cond.walk() if x.kind == "ident" and x.name in scope.state}
        for e in s.exprs if s.kind == "expr" else []:
            for x in e.walk():
                if x.kind == "assign" and x.name == "=" and x.args[0].kind == "ident":
                    name = x.args[0].name
                    if name in tested and name not in locals_ and name not in out:
                        out[name] = s.line
    return out


def held_lock(scope: Scope, f: Function) -> bool:
    """`f` takes a lock of its own and gives it back: a variable of `locks` assigned again at top level
    after it is taken (`require(!busy); busy = true; _; busy = false;` under any modifier name), not a
    one-way latch (`require(!claimed); claimed = true;`)."""
    taken = locks(scope, f)
    if not taken:
        return False
    seen: set[str] = set()
    for s in _top(scope.effective_body(f)):
        for e in s.exprs if s.kind == "expr" else []:
            for x in e.walk():
                if x.kind == "assign" and x.name == "=" and x.args[0].kind == "ident" and x.args[0].name in taken:
                    if x.args[0].name in seen:
                        return True
                    seen.add(x.args[0].name)
    return False


def _top(body: list[Stmt]) -> Iterator[Stmt]:
    """Top-level statements, a modifier's `_` (the inlined body, a bare block) opened in place."""
    for s in body:
        if s.kind == "block" and not s.exprs:
            yield from _top(s.body)
        else:
            yield s
