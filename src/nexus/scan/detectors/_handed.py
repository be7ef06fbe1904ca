"""Whether a tested payment failure is dealt with (`ignored-send-failure`, detectors/ether.py).

`if (!to.send(v)) { emit Failed(); }` does nothing about the failure, unless the function hands the flag
back (`bool ok = to.send(v); if (ok) emit Paid(); else emit Failed(); return ok;`) to callers that all act
on it (`if (sendFunds(a, v)) { owed[a] -= v; }`): then the failure is the callers' to handle, and they do.
A helper whose answer some caller throws away (`sendFunds(a, v);` as a statement), a public one (an
account calling it never reads the answer), or one that returns something else stays reported.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Function, Stmt

__all__ = ["handed_back", "inert"]


def inert(branch: list[Stmt]) -> bool:
    """No statement that reverts, returns, assigns or calls anything but an event."""
    for s in branch:
        for st in s.walk():
            if st.kind not in ("emit", "block"):
                return False
    return True


def handed_back(scope: Scope, f: Function, flag: str) -> bool:
    """`f` returns the local `flag` and is an internal helper whose every call site uses the answer."""
    if f.is_public or not any(
        s.kind == "return" and s.exprs and s.exprs[0].kind == "ident" and s.exprs[0].name == flag
        for s in f.statements()
    ):
        return False
    used = 0
    for fs in scope.functions.values():
        for g in fs:
            for s in g.statements():
                for e in s.exprs:
                    for x in e.walk():
                        if x.kind == "call" and x.callee.kind == "ident" and x.callee.name == f.name:
                            if s.kind == "expr" and e is x:
                                return False  # `sendFunds(a, v);`: the answer is thrown away
                            used += 1
    return used > 0
