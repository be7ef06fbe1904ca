"""State a public function writes after an external call, for `read-only-reentrancy` (modern.py).

The write can sit in the function itself or in an internal helper it calls after the call (a `_burn`
that lowers the supply once the ether has gone out): either way a view read while the callee runs sees
the state half updated. Helpers are followed one call deep, and only internal (non-public) ones with a
body, so a late write is the function's own. A write that only creates a new entry at a fresh counter value
(`proposals[++count] = p`) is left out: a view re-entered mid-call finds no such entry, as before the call
(`_authflow.fresh_key_write`)."""

from __future__ import annotations

from ..flow import Scope
from ..ir import Function
from ._authflow import fresh_key_write

__all__ = ["written_after"]


def _writes(scope: Scope, g: Function, after: int) -> set[str]:
    locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
    return {
        n
        for s in g.statements()
        if s.line > after
        for e in s.exprs
        for n, node in scope.state_writes(e, locals_, aliases)
        if not fresh_key_write(g, scope, node)
    }


def written_after(scope: Scope, f: Function, line: int) -> set[str]:
    """State variables `f` writes in a statement after `line`, directly or through an internal helper it
    calls there."""
    out = _writes(scope, f, line)
    locals_ = scope.local_types(f)
    for s in f.statements():
        if s.line <= line:
            continue
        for e in s.exprs:
            for info in scope.calls(e, locals_):
                if info.kind != "internal":
                    continue
                for h in scope.internal_targets(info):
                    if h is not f and not h.is_public:
                        out |= _writes(scope, h, 0)
    return out
