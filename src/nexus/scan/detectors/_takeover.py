"""What an open owner write hands to anyone, for `unprotected-owner-write` (access.py).

`function kill(address to) onlymanyowners(sha3(msg.data)) { suicide(to); }` checks the caller against the
owner index, but when a public function overwrites that index past no caller check (Parity's
`initMultiowned`) anyone can make itself the owner first and then pass the check: the destruction is open
to anyone, one transaction later. It is one root cause, so the owner-write finding lists such a
selfdestruct as a related location rather than a second finding. The authorities a statement's caller
checks compare against are read from the conditions that hold there (callers.py). `write_context` is what
the owner-write rule reads: the authorisation variables (with staged ones, _staged.py), their internal writers,
resettable records, and the lines that adopt a staged value.
"""

from __future__ import annotations

from ..flow import Scope
from ..guards import caller_authorities
from ..ir import Stmt
from ._authflow import resettable_records
from ._authvars import auth_vars
from ._authwrites import auth_writers
from ._delegated import delegate_targets
from ._staged import adopted_lines, staged_vars

__all__ = ["unlocked_destructs", "write_context"]

Context = tuple[set[str], dict[str, str], set[str], set[int]]


def write_context(scope: Scope) -> Context | None:
    """The authorisation variables of `scope`, their internal writers, the records a caller may reset and the
    lines adopting a staged authority (what `unprotected-owner-write` reads); None when nothing authorises callers."""
    auth = auth_vars(scope) | delegate_targets(scope)  # the delegated-to code authorises too
    if not auth:
        return None
    adopted = adopted_lines(scope, auth)  # `admin = future_admin`, only the owner stages (_staged)
    auth |= staged_vars(scope, auth)
    fns = [f for fs in scope.functions.values() for f in fs] + list(scope.modifiers.values())
    reset = resettable_records(scope, fns)  # a caller zeroing its own entry gains nothing
    return auth, auth_writers(scope, auth, reset), reset, adopted


def unlocked_destructs(scope: Scope, written: set[str]) -> list[tuple[int, int, str]]:
    """The selfdestructs of public functions (modifiers inlined) past caller checks that compare the caller
    only against `written` (the authorities an open write hands to anyone), as (function line, line,
    function name)."""
    out: list[tuple[int, int, str]] = []
    for f in scope.contract.functions:
        if not (f.is_public and f.body is not None) or not any(_destroys(s) for s in f.statements()):
            continue
        for s, checked in caller_authorities(scope, f):
            if _destroys(s) and checked and checked <= written:
                out.append((f.line, s.line, f.name))
    return out


def _destroys(s: Stmt) -> bool:
    return any(
        x.kind == "call" and x.callee.kind == "ident" and x.callee.name in ("selfdestruct", "suicide")
        for e in s.exprs
        for x in e.walk()
    )
