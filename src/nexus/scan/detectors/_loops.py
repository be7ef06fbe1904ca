"""Loop and storage-array facts the denial-of-service detectors share: the loops of a body, whether a
loop's bound is dynamic or stored, which arrays grow, are walked or wiped, and which recipients any caller
can install."""

from __future__ import annotations

from collections.abc import Iterator

from ..flow import Scope, caller_guarded, root_name
from ..ir import Expr, Function, Stmt
from .modern import _expand

__all__ = [
    "caller_installed",
    "copied_open_bound",
    "dynamic_bound",
    "grown_by_anyone",
    "grows",
    "loops_of",
    "state_bound",
    "walked",
]


def loops_of(body: list[Stmt]) -> Iterator[Stmt]:
    for s in body:
        for x in s.walk():
            if x.kind == "loop":
                yield x


def grows(e: Expr) -> str:
    """The array an expression grows (`a.push(x)`, `a.length += n`, `a.length++`), else ""."""
    if e.kind == "call" and e.callee.kind == "member" and e.callee.name in ("push", "append"):
        return root_name(e.callee.args[0])
    if e.kind in ("assign", "unary") and e.args and e.args[0].kind == "member" and e.args[0].name == "length":
        if e.name in ("+=", "++", "x++", "="):
            return root_name(e.args[0].args[0])
    return ""


def state_bound(loop: Stmt, scope: Scope, locals_: dict[str, str]) -> bool:
    """The loop runs over stored data (a state array or counter), which others can grow; a loop over the
    caller's own arguments only ever blocks that caller."""
    cond = loop.exprs[0] if loop.exprs else None
    if cond is None:
        return True
    return any(
        x.kind == "ident" and x.name in scope.state and x.name not in locals_ and not scope.state[x.name].constant
        for x in cond.walk()
    )


def dynamic_bound(loop: Stmt, scope: Scope, f: Function) -> bool:
    cond = loop.exprs[0] if loop.exprs else None
    if cond is None:
        return True
    params = {p.name for p in f.params}
    return any(
        (x.kind == "member" and x.name == "length")
        or (x.kind == "ident" and (x.name in params or (x.name in scope.state and not scope.state[x.name].constant)))
        for x in cond.walk()
    )


def copied_open_bound(loop: Stmt, scope: Scope, f: Function) -> bool:
    """The loop's bound is a local copied from the length of a stored array that any caller grows
    (`address[] storage list = entrants[id]; uint n = list.length; for (i; i < n; ..)`), followed two
    declarations back."""
    cond = loop.exprs[0] if loop.exprs else None
    if cond is None or f.body is None:
        return False
    defs = {s.names[0]: s.exprs[0] for s in f.statements() if s.kind == "var" and s.exprs and len(s.names) == 1}
    parts = _expand(cond, defs, 2)[1:]
    if not any(x.kind == "member" and x.name == "length" for p in parts for x in p.walk()):
        return False
    stored = {x.name for p in parts for x in p.walk() if x.kind == "ident" and x.name in scope.state}
    return bool(grown_by_anyone(scope, stored))


def walked(scope: Scope, dyn: set[str]) -> set[str]:
    """Arrays some loop runs over to their length, or some statement wipes (`a = new T[](0)`, `delete a`)."""
    out: set[str] = set()
    for fs in scope.functions.values():
        for f in fs:
            for loop in loops_of(f.body or []):
                cond = loop.exprs[0] if loop.exprs else None
                for x in cond.walk() if cond is not None else ():
                    if x.kind == "member" and x.name == "length" and root_name(x.args[0]) in dyn:
                        out.add(root_name(x.args[0]))
            for s in f.statements():
                for e in s.exprs:
                    for x in e.walk():
                        wipe = x.kind == "assign" and x.name == "=" and x.args[1].kind == "call"
                        wipe = wipe and x.args[1].callee.kind == "new"
                        if (wipe or x.kind == "unary" and x.name == "delete") and x.args[0].kind == "ident":
                            if x.args[0].name in dyn:
                                out.add(x.args[0].name)
    return out


def grown_by_anyone(scope: Scope, dyn: set[str]) -> set[str]:
    """Arrays that a public function grows on a statement no caller check guards."""
    out: set[str] = set()
    for f in scope.contract.functions:
        if not f.is_public or f.body is None or f.kind == "constructor":
            continue
        guards = caller_guarded(scope, f)
        for s in f.statements():
            if not guards.get(id(s), False):
                out |= {g for e in s.exprs for x in e.walk() if (g := grows(x)) in dyn}
    return out


def caller_installed(scope: Scope) -> set[str]:
    """State addresses an unguarded public function sets to the caller (`king = msg.sender`, or through a cast such
    as `payable(msg.sender)`)."""
    out: set[str] = set()
    for f in scope.contract.functions:
        if not f.is_public or f.body is None or f.kind == "constructor":
            continue
        guards = caller_guarded(scope, f)
        for s in f.statements():
            if guards.get(id(s), False):
                continue
            for e in s.exprs:
                for x in e.walk():
                    if x.kind == "assign" and _is_sender(x.args[1]) and x.args[0].kind == "ident":
                        if x.args[0].name in scope.state:
                            out.add(x.args[0].name)
    return out


def _is_sender(e: Expr) -> bool:
    while e.kind == "cast" and e.args:
        e = e.args[0]
    return e.is_member("msg", "sender")
