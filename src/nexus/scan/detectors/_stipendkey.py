"""Which 2300-gas sends deserve more than a note: the state written after `send`/`transfer` is state the
payment itself was computed from (its amount or its payee, `msg.sender.transfer(owed[msg.sender]);
owed[msg.sender] = 0;`, a queue's `head` advanced after paying `queue[head]`). A recipient whose fallback runs
within the stipend (EIP-1884 repriced the reads; a later repricing may widen it) then sees the very record
that guards the payout still unsettled, the textbook withdrawal bug; a write of unrelated bookkeeping after
the send (a failure counter), or a record already settled above the send and only restored on failure below
it, is only the note."""

from __future__ import annotations

from ..facts import single_assignments
from ..flow import CallInfo, Scope
from ..ir import Expr, Function

__all__ = ["payout_write"]


def _state_reads(scope: Scope, e: Expr, once: dict[str, Expr], aliases: dict[str, str], depth: int = 0) -> set[str]:
    """State variables `e` reads, through single-assignment locals and storage pointers (three hops)."""
    out: set[str] = set()
    for x in e.walk():
        if x.kind != "ident":
            continue
        if x.name in aliases:
            out.add(aliases[x.name])
        elif x.name in once and depth < 3:
            out |= _state_reads(scope, once[x.name], once, aliases, depth + 1)
        elif x.name in scope.state:
            out.add(x.name)
    return out


def payout_write(scope: Scope, f: Function, info: CallInfo) -> str | None:
    """The state variable written below the send (in source order) that the send's payee or amount reads."""
    body = scope.effective_body(f)
    once = single_assignments(body)
    locals_, aliases = scope.local_types(f), scope.storage_aliases(f)
    read = _state_reads(scope, info.expr, once, aliases)
    if not read:
        return None
    line = info.expr.line
    before: set[str] = set()  # settled above the send (a restore on failure below it is no stale read)
    after: list[str] = []
    for s in f.statements():
        for e in s.exprs:
            names = [n for n, _ in scope.state_writes(e, locals_, aliases) if n in read]
            if s.line < line:
                before.update(names)
            elif s.line > line:
                after.extend(names)
    return next((n for n in after if n not in before), None)
