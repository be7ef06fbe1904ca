"""Hashes an internal function hands back to callers that only pass them on (see `_quiet`).

`return (keccak256(header), bounds);` in an internal or private function is no draw by itself: a draw
happens where a value is reduced to a choice (a modulo, a narrowing cast, a comparison). When every caller
in the scope hands the returned values on as they are (as an argument, a key or an event's field, directly
or through the locals it declares them into), the hash is a commitment or an identifier: a rollup's batch
data hash, a record's id. A caller that reduces or compares the value (`uint(seed()) % 2`, `h == guess`)
keeps the hash a draw, and provenance reports that caller's own sinks as before.
"""

from __future__ import annotations

from ..flow import Scope, root_name
from ..ir import Expr, Function
from ._draws import Index, Site, is_hash, lift, use

__all__ = ["handed_back", "passed_on"]

_PASSED = ("arg", "key", "log")


def _returned(st: Site, ix: Index) -> bool:
    """The hash at `st` is returned as it is (or as one element of a returned tuple)."""
    return use(st, ix, True) == "return"


def _calls(g: Function, name: str) -> list[Site]:
    gx = Index(g)
    return [
        st
        for st in gx.sites
        if st.node.kind == "call" and st.node.callee.kind == "ident" and st.node.callee.name == name
    ]


def _passed_on(call: Site, g: Function) -> bool:
    """The call's results are only handed on: the call is an argument, a key or logged, or it declares
    locals whose every read is one of those."""
    gx = Index(g)
    at = gx.site(call.node)
    if at is None:
        return False
    how = use(at, gx, True)
    if how in _PASSED:
        return True
    top = lift(at, gx, True)
    if top.up is not None or at.stmt.kind != "var" or not at.stmt.names or top.top is not at.stmt.exprs[0]:
        return False
    for name in at.stmt.names:
        reads = gx.reads(name)
        if any(use(r, gx, True) not in _PASSED for r in reads):
            return False
    return True


def handed_back(ix: Index, scope: Scope) -> set[int]:
    """Ids of the hashes `ix.f` (internal or private, with a body) returns as they are, where every call
    of it in the scope (at least one) only hands the results on."""
    f = ix.f
    if f.is_public or f.body is None or not f.name:
        return set()
    hashes = [st.node for st in ix.sites if is_hash(st.node) and _returned(st, ix)]
    if not hashes:
        return set()
    calls = [(st, g) for fs in scope.functions.values() for g in fs if g.body for st in _calls(g, f.name)]
    if not calls or not all(_passed_on(st, g) for st, g in calls):
        return set()
    return {id(h) for h in hashes}


def _terminal(call: Expr, scope: Scope) -> bool:
    """A call that records a value as it is: a struct's constructor (`Header(i, root)`, `Lib.Header(..)`)
    or a push onto a state array. An external call is none: the other contract may draw with the value."""
    callee = call.callee
    name = callee.name if callee.kind in ("ident", "member") else ""
    if name in scope.structs:
        return True
    base = callee.args[0] if callee.kind == "member" and callee.args else None
    sv = scope.state.get(root_name(base)) if base is not None and name == "push" else None
    return sv is not None and "[" in sv.type  # `headers.push(..)` of a state array


def passed_on(st: Site, ix: Index, scope: Scope, depth: int = 2) -> bool:
    """The value at `st` is an argument of an internal function of the scope whose parameter is only
    recorded (`_terminal`) or handed on likewise to another internal function, `depth` calls deep
    (`_append(blockhash(block.number - 1), n)` pushing it as a batch header's root)."""
    at, call = _argument_of(st, ix)
    if call is None or call.callee.kind != "ident" or depth <= 0:
        return False
    pos = next((i for i, a in enumerate(call.arguments) if a is at.node), -1)
    targets = [g for g in scope.functions.get(call.callee.name, []) if g.body is not None and 0 <= pos < len(g.params)]
    if not targets:
        return False
    for g in targets:
        gx = Index(g)
        reads = gx.reads(g.params[pos].name)
        if not reads or not all(_recorded(r, gx, scope, depth - 1) for r in reads):
            return False
    return True


def _argument_of(st: Site, ix: Index) -> tuple[Site, Expr | None]:
    """The call `st`'s value is an argument of, as it is (None when it is used otherwise)."""
    at = lift(st, ix, True)
    call = at.up
    if use(st, ix, True) != "arg" or call is None or call.kind != "call":
        return at, None
    return at, call


def _recorded(r: Site, ix: Index, scope: Scope, depth: int) -> bool:
    """Recorded as it is (a struct's field, a pushed entry), logged, or handed on to a helper that does so."""
    _, call = _argument_of(r, ix)
    return call is not None and _terminal(call, scope) or use(r, ix, True) == "log" or passed_on(r, ix, scope, depth)
