"""Allowance writes of a public `approve`, followed into the internal helpers it calls (helper for
frontrun.py ApproveRace, SWC-114).

Most tokens route `approve(spender, v)` through `_approve(msg.sender, spender, v)`; the overwrite of
the allowance lives in the helper, the zero-first check (if any) in either. Both functions are read
together: the race is there when some reached function overwrites `a[o][s] = v` and none of them
compares an allowance entry (`require(v == 0 || a[o][s] == 0)`).
"""

from __future__ import annotations

from ..flow import Scope, root_name
from ..ir import Expr, Function

__all__ = ["allowance_writes", "reached"]


def reached(scope: Scope, f: Function, depth: int = 2) -> list[Function]:
    """`f` and the internal functions it calls with a body, up to `depth` calls deep, each once."""
    out, frontier = [f], [f]
    for _ in range(depth):
        nxt = []
        for g in frontier:
            locals_ = scope.local_types(g)
            for s in g.statements():
                for e in s.exprs:
                    for info in scope.calls(e, locals_):
                        if info.kind != "internal":
                            continue
                        for h in scope.internal_targets(info):
                            if not h.is_public and all(h is not k for k in out):
                                out.append(h)
                                nxt.append(h)
        frontier = nxt
    return out


def allowance_writes(scope: Scope, fns: list[Function]) -> list[tuple[Expr, Function]]:
    """Plain overwrites `a[o][s] = v` of a two-level state mapping in `fns` (`fns[0]` the public approve,
    the rest its helpers, whose write must store a parameter), with their function."""
    return [
        (x, g)
        for g in fns
        for s in g.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind == "assign"
        and x.name == "="
        and x.args[0].kind == "index"
        and x.args[0].args[0].kind == "index"
        and root_name(x.args[0]) in scope.state
        and (g is fns[0] or _param_value(x.args[1], g))
    ]


def _param_value(v: Expr, g: Function) -> bool:
    """A helper's write counts when it stores one of the helper's parameters (the amount handed down)."""
    return v.kind == "ident" and any(p.name == v.name for p in g.params)
