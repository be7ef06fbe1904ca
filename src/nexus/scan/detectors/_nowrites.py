"""A function that changes nothing is a view in all but name (unbounded-loop, gaslimit.py).

Before Solidity 0.5 a reader need not be marked `view`/`constant` (`function totalDebt() returns (uint)`).
When the body writes no state variable (directly or through a storage pointer), emits no event, calls
nothing but builtins and casts, and destroys nothing, running out of gas in it undoes nothing of anyone's:
its loop costs only whoever asks, exactly as a view's does, as long as no function of the contract calls
it (a state change that runs it would be blocked with it).
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Function

__all__ = ["idle_reader", "writes_nothing"]


def writes_nothing(scope: Scope, f: Function) -> bool:
    """`f` (modifiers inlined) writes no state, emits nothing and calls only builtins and casts."""
    locals_, aliases = scope.local_types(f), scope.storage_aliases(f)
    for top in scope.effective_body(f):
        for s in top.walk():
            if s.kind in ("emit", "assembly"):
                return False
            for e in s.exprs:
                if next(iter(scope.state_writes(e, locals_, aliases)), None) is not None:
                    return False
                for x in e.walk():
                    if x.kind == "call" and scope.classify(x, locals_).kind not in ("builtin", "cast"):
                        return False
                    if x.kind == "call" and x.callee.kind == "ident" and x.callee.name in ("selfdestruct", "suicide"):
                        return False
    return True


def idle_reader(scope: Scope, f: Function) -> bool:
    """`f` writes nothing (`writes_nothing`) and no function of the contract calls it."""
    if not writes_nothing(scope, f):
        return False
    for fs in scope.functions.values():
        for g in fs:
            if g is f or g.body is None:
                continue
            locals_ = scope.local_types(g)
            for s in g.statements():
                for e in s.exprs:
                    for x in e.walk():
                        if x.kind == "call" and x.callee.kind == "ident" and x.callee.name == f.name:
                            return False
                        if x.kind == "call" and scope.classify(x, locals_).name == f.name:
                            return False
    return True
