"""A call made before the function touches any state (`reentrancy`, detectors/reentrancy.py).

`open(nft, id) { nft.transferFrom(msg.sender, address(this), id); n = ++count; raffles[n] = ...; }`: the
caller-supplied token runs its code first, and may re-enter, but nothing this frame does before the call
reads or writes mutable storage or calls anything but a builtin (`require`), and the call's own arguments
are parameters, `msg.sender`, `this` or constants (a balance read before the call, `before =
token.balanceOf(this)`, is a read re-entry can invalidate).
Every re-entrant frame therefore completes before this frame's first storage access, and its writes after
the call are computed from the state those frames left: the run is the same as the re-entrant calls
followed by this one, so no stale value exists. The call must be a top-level statement of the body (with
modifiers inlined, so a modifier reading `paused` counts as a read), not inside a loop or branch, where an
earlier iteration or path may have written state.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function, Stmt

__all__ = ["call_first"]


def _touches(scope: Scope, exprs: list[Expr], locals_: dict[str, str]) -> bool:
    for e in exprs:
        for x in e.walk():
            if x.kind == "ident" and x.name in scope.state and x.name not in locals_:
                if not scope.state[x.name].constant:
                    return True
            if x.kind == "call" and x.callee.kind == "ident" and x.callee.name in scope.functions:
                return True  # an internal function: it may read state
            if x.kind == "member" and x.args[0].kind == "ident" and x.args[0].name == "self":
                v = scope.state.get(x.name)
                if v is None or not v.constant:
                    return True  # Vyper `self.x` (or a `self.f()` call)
    return False


def call_first(scope: Scope, f: Function, call_line: int) -> bool:
    """The call at `call_line` is a top-level statement and nothing before it, nor it, touches mutable state."""
    locals_ = scope.local_types(f)
    for top in scope.effective_body(f):
        exprs = [e for s in top.walk() for e in s.exprs]
        if top.line == call_line:
            return top.kind in ("expr", "var") and not _touches(scope, top.exprs, locals_)
        if top.line > call_line or _nested(top, call_line) or _touches(scope, exprs, locals_):
            return False
        if any(i.kind != "builtin" for e in exprs for i in scope.calls(e, locals_)):
            return False  # an earlier call (`before = token.balanceOf(this)`) may read what re-entry changes
    return False


def _nested(top: Stmt, line: int) -> bool:
    return any(s.line == line for s in top.walk() if s is not top)
