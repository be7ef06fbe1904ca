"""A send whose bookkeeping waits for its success (for ignored-send-failure in ether.py).

`bool ok = to.send(a); if (ok) { last[to] = now; emit Paid(to); } else { emit Failed(to); }` with no state
written before the send: the failure branch only logs, but nothing was recorded as paid, so a failed
payment leaves the contract as it was (to be retried), not "going on as if the payment had been made".
A debit before the send (`owed[to] = 0; if (!to.send(a)) {}`) is still lost on failure and stays a finding.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Function, Stmt

__all__ = ["bookkept_on_success"]


def _writes(scope: Scope, f: Function, stmts: list[Stmt]) -> bool:
    locals_, aliases = scope.local_types(f), scope.storage_aliases(f)
    return any(
        True for top in stmts for s in top.walk() for e in s.exprs for _ in scope.state_writes(e, locals_, aliases)
    )


def bookkept_on_success(scope: Scope, f: Function, test: Stmt, success: list[Stmt], send_line: int) -> bool:
    """The success branch of `test` writes state and `f` writes none before the send on `send_line`."""
    if not _writes(scope, f, success):
        return False
    before = [s for s in f.statements() if s.line < send_line and s.kind not in ("if", "loop", "block")]
    return not _writes(scope, f, before)
