"""A context slot set around the call and restored after it (`reentrancy`, detectors/reentrancy.py).

`prev = context; context = Ctx(sender, ..); bridge.executeCall(to, data); context = prev;` (an outbox
that tells the called contract who sent the message): the state variable holds a value only for the
duration of the call. A re-entrant call reads the value set for it before the call, which is what the
slot is for, and the write after the call puts back the copy saved on entry, so nested calls unwind
correctly. That write is no stale-value cause; the walk looks past it for the next state write.

The variable is written as a whole (`=`) in a top-level statement before the call, and the write after
it, also a whole top-level `=`, restores a local assigned exactly once, before that first write, to the
variable itself. A reset to a constant (`sender = DEFAULT`) is not a restore: a nested call resets the
slot under the outer callee, which then reads the default; it is quiet only as a lock, when a guard
tests the slot first (_recheck.locks). A later write of any other value (`context = next`), a part of
the variable (`context.sender = x`), or a copy taken after the first write keeps the finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..flow import Scope
from ..ir import Expr, Function
from ._created import assigned_once

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
            elif _saved(f, value, name, slot.set_line, locals_):
                slot.restores.add(e.line)
    return {k: v for k, v in out.items() if v.restores}
