"""A context slot set around the call and restored after it (`reentrancy`, detectors/reentrancy.py).

`prev = context; context = Ctx(sender, ..); bridge.executeCall(to, data); context = prev;` (an outbox
that tells the called contract who sent the message), or `inContext = gateway; gateway.deposit(..);
inContext = address(0);`: the state variable holds a value only for the duration of the call. A
re-entrant call reads the value set for it before the call, which is what the slot is for, and the
write after the call only puts back the value it had on entry. That write is no stale-value cause; the
walk looks past it for the next state write after the call.

The variable is written as a whole (`=`) in a top-level statement before the call, and the write after
it, also a whole top-level `=`, restores either a local assigned exactly once, before that first write,
to the variable itself, or a constant: a literal (`0`, `address(0)`, `false`, Vyper's `empty(address)`),
a constant state variable, or a library's or contract's member (`Lib.DEFAULT_SENDER`). A later write of any other
value (`context = next`, `count = count + 1`), a part of the variable (`context.sender = x`), or a
saved copy taken after the first write keeps the finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..flow import Scope
from ..ir import Expr, Function
from ._created import assigned_once, strip_casts

__all__ = ["Slot", "context_slots"]


@dataclass
class Slot:
    set_line: int  # the first whole write, before the call
    restores: set[int] = field(default_factory=set)  # lines of the later writes that restore the entry value


def _whole(e: Expr, scope: Scope, locals_: dict[str, str]) -> tuple[str, Expr] | None:
    if e.kind == "assign" and e.name == "=" and len(e.args) == 2 and e.args[0].kind == "ident":
        name = e.args[0].name
        if name in scope.state and name not in locals_:
            return name, e.args[1]
    return None


def _constant(e: Expr, scope: Scope) -> bool:
    e = strip_casts(e, scope)
    if e.kind == "literal":
        return True
    if e.kind == "call" and e.callee.kind == "ident" and e.callee.name == "empty":
        return True  # Vyper's `empty(address)`
    if e.kind == "ident":
        var = scope.state.get(e.name)
        return var is not None and var.constant
    if e.kind == "member" and e.args and e.args[0].kind == "ident":
        owner = e.args[0].name
        return owner in scope.libraries or owner in scope.contract_names
    return False


def _saved(f: Function, value: Expr, var: str, set_line: int, locals_: dict[str, str]) -> bool:
    if value.kind != "ident" or value.name not in locals_:
        return False
    saved = assigned_once(f, value.name)
    return saved is not None and saved.kind == "ident" and saved.name == var and saved.line < set_line


def context_slots(scope: Scope, f: Function) -> dict[str, Slot]:
    """State variables `f` sets as a whole at top level and later restores there: variable -> Slot."""
    locals_ = scope.local_types(f)
    out: dict[str, Slot] = {}
    for s in f.body or []:
        if s.kind != "expr":
            continue
        for e in s.exprs:
            hit = _whole(e, scope, locals_)
            if hit is None:
                continue
            name, value = hit
            slot = out.get(name)
            if slot is None:
                out[name] = Slot(e.line)
            elif _constant(value, scope) or _saved(f, value, name, slot.set_line, locals_):
                slot.restores.add(e.line)
    return {k: v for k, v in out.items() if v.restores}
