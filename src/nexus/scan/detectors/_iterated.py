"""A helper called once per loop iteration that itself writes before it calls (`reentrancy`, reentrancy.py).

`for (i = 0; i < n; i++) { _attest(batch[i]); }` where `_attest` records the batch (`_db[uid] = a`) and
only then calls the batch's resolver: the write that follows a call here is the *next* iteration's, reached
over the loop's back edge. Each iteration is a complete checks-effects-interactions unit: a contract
re-entered during iteration i sees batches 0..i fully recorded and the rest not begun, exactly as if each
batch had been its own transaction, and iteration i+1 reads whatever state it needs after the call returned.

Such a back-edge hit is dropped when the helper, walked on its own, writes no state after any call it
makes, and the helper's arguments carry nothing read from state before the loop's call: no state variable,
no internal call, no local given a value that reads state (a value cached before the call would be stale
in the next iteration: `uint b = bal[a]; for (..) { _pay(a, b); }`). Values the previous iteration's helper
returned (`avail -= _attest(..)`) are the helper's own and count as fresh.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function

__all__ = ["fresh_args"]


def _reads_state(scope: Scope, e: Expr, locals_: dict[str, str], cached: set[str]) -> bool:
    for x in e.walk():
        if x.kind == "ident" and x.name in cached:
            return True
        if x.kind == "ident" and x.name not in locals_ and x.name in scope.state and not scope.state[x.name].constant:
            return True
    return False


def _cached(scope: Scope, f: Function, locals_: dict[str, str]) -> set[str]:
    """Locals given a value that reads state (directly or through another such local)."""
    out: set[str] = set()
    for _ in range(3):
        for s in f.statements():
            if s.kind == "var" and s.exprs and _reads_state(scope, s.exprs[0], locals_, out):
                out |= set(s.names)
            for e in s.exprs:
                for x in e.walk():
                    if x.kind == "assign" and x.args[0].kind == "ident" and x.args[0].name in locals_:
                        if _reads_state(scope, x.args[1], locals_, out):
                            out.add(x.args[0].name)
    return out


def _cast(scope: Scope, x: Expr) -> bool:
    name = x.callee.name if x.callee.kind == "ident" else ""
    return name in ("address", "payable") or (
        name not in scope.functions and (name in scope.contract_names or name in scope.unit.declared_types)
    )


def fresh_args(scope: Scope, f: Function, call: Expr) -> bool:
    """No argument of `call` reads state, names a local cached from state, or calls anything but a cast
    (an internal function may read state; an external call on the same line would be hidden)."""
    locals_ = scope.local_types(f)
    cached = _cached(scope, f, locals_)
    for a in call.arguments:
        if _reads_state(scope, a, locals_, cached):
            return False
        if any(x.kind == "call" and not _cast(scope, x) for x in a.walk()):
            return False
    return True
