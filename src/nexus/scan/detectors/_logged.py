"""A send's result kept but never acted on (`ignored-send-failure`, detectors/ether.py).

`(bool ok, ) = payee.call{value: v}(""); emit Settled(id, ok);` and `lastPayoutOk = winner.send(prize);`
look checked, but nothing branches on the result: the function goes on (the invoice stays paid, the round
closed) whether or not the payee got the ether. A result counts as acted on when any code reads it outside
an `emit`: a condition, `require`, a `return`, an argument to a function, another assignment. A local
only logged (a local never read at all is `unchecked-call`'s), or a state variable no code of the contract
reads (its public getter is no check), is ignored.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function, Stmt

__all__ = ["unacted_results"]


def _sends(scope: Scope, e: Expr, f: Function) -> bool:
    return e.kind == "call" and scope.classify(e, scope.local_types(f)).kind in ("send", "lowlevel")


def _reads(stmts: list[Stmt], name: str) -> tuple[int, int]:
    """(reads outside an emit, reads inside one) of `name` in `stmts`; assignment targets are no reads."""
    acted = logged = 0
    for s in stmts:
        targets = {
            id(x.args[0])
            for e in s.exprs
            for x in e.walk()
            if x.kind == "assign" and x.name == "=" and x.args and x.args[0].kind == "ident"
        }
        n = sum(1 for e in s.exprs for x in e.walk() if x.kind == "ident" and x.name == name and id(x) not in targets)
        if s.kind == "emit":
            logged += n
        else:
            acted += n
    return acted, logged


def unacted_results(scope: Scope, f: Function) -> list[int]:
    """Lines of the sends/calls in `f` whose result only an event logs or an unread state flag keeps."""
    out: list[int] = []
    stmts = list(f.statements())
    for s in stmts:
        if s.kind == "var" and s.names and s.names[0] and s.exprs and _sends(scope, s.exprs[0], f):
            acted, logged = _reads(stmts, s.names[0])
            if not acted and logged:
                out.append(s.exprs[0].line)
        elif s.kind == "expr" and s.exprs and s.exprs[0].kind == "assign" and s.exprs[0].name == "=":
            target, value = s.exprs[0].args[0], s.exprs[0].args[1]
            if target.kind != "ident" or target.name not in scope.state or not _sends(scope, value, f):
                continue
            fns = [g for gs in scope.functions.values() for g in gs] + list(scope.modifiers.values())
            if not any(_reads(list(g.statements()), target.name)[0] for g in fns if g.body is not None):
                out.append(value.line)
    return out
