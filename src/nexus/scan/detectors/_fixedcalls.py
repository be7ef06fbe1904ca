"""Loops whose calls are fixed once the contract is set up, and dropped `send`s that cannot stop a loop
(for `call-in-loop` in dos.py).

A loop that calls one stored contract (`manager.setAddress(list[i]..)`, not an element of the list) as many
times as state arrays are long, where only the constructor or a one-shot initialiser writes those arrays
(`require(avatar == Avatar(0)); ..; assets = _assets;`, see _oneshot, or an imported `initializer`):
the calls are fixed when the contract is set up and nobody can add a failing recipient later. The called
contract may be named through what a stored contract reports and a cast (`Controller(avatar.owner())`,
directly or through a local assigned once). A list of recipients (`list[i].send(..)`) stays a finding, and
so does a list any later function writes.
"""

from __future__ import annotations

from ..flow import Scope, root_name
from ..guards import single_assignments
from ..ir import Expr, Function, SourceUnit, Stmt
from ._hooks import imported_initializer
from ._oneshot import one_shot

__all__ = ["deploy_fixed", "dropped_send"]


def _stored_callee(target: Expr | None, scope: Scope, once: dict[str, Expr], depth: int = 6) -> bool:
    """`target` is a stored contract, or the contract a stored contract's argument-less getter names
    (`avatar.owner()`), through casts and locals assigned once."""
    while target is not None and depth:
        depth -= 1
        while target.kind == "cast" and target.args:
            target = target.args[-1]
        if target.kind == "call" and target.callee.kind == "ident" and target.callee.name[:1].isupper():
            target = target.arguments[0] if len(target.arguments) == 1 else None  # `Controller(x)`
            continue
        if target.kind == "ident" and target.name in scope.state:
            return True
        if target.kind == "ident" and target.name in once:
            target = once[target.name]
            continue
        if target.kind == "call" and target.callee.kind == "member" and not target.arguments and target.callee.args:
            target = target.callee.args[0]  # what a stored contract reports about itself
            continue
        return False
    return False


def _written_once(g: Function, scope: Scope, state: set[str]) -> bool:
    """`g` writes the arrays only as a constructor or a one-shot initialiser would."""
    if g.kind == "constructor" or imported_initializer(g, scope):
        return True
    locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
    lines = {
        s.line
        for s in g.statements()
        for e in s.exprs
        if any(name in state for name, _ in scope.state_writes(e, locals_, aliases))
    }
    return not lines or one_shot(g, scope, lines, state)


def deploy_fixed(loop: Stmt, scope: Scope, f: Function, target: Expr | None) -> bool:
    """The loop in `f` calls one stored contract as many times as state arrays only the constructor or a
    one-shot initialiser writes are long."""
    cond = loop.exprs[0] if loop.exprs else None
    if cond is None or not _stored_callee(target, scope, single_assignments(f.body or [])):
        return False
    state = {x.name for x in cond.walk() if x.kind == "ident" and x.name in scope.state}
    arrays = {root_name(x.args[0]) for x in cond.walk() if x.kind == "member" and x.name == "length" and x.args}
    if not state or not state <= arrays:
        return False
    return all(_written_once(g, scope, state) for fs in scope.functions.values() for g in fs)


def dropped_send(unit: SourceUnit, s: Stmt, e: Expr, call: Expr) -> bool:
    """A Solidity `to.send(v);` whose result the statement drops: a failing recipient only gets false back
    and cannot stop the loop, and the 2300-gas stipend cannot eat the loop's gas (the loop's own length is
    `unbounded-loop`'s, the dropped result `unchecked-call`'s)."""
    if unit.language != "solidity" or s.kind != "expr" or e is not call or call.callee.kind != "member":
        return False
    return call.callee.name == "send"
