"""A record keyed by what a call returned (`reentrancy`, detectors/reentrancy.py).

`tokenId = IMinter(creator).mint(to); creators[tokenId] = creator;` or `id = oracle.assertTruth(..);
asserted[id] = Record(msg.sender, marketId);`: the written record lives under a key the callee issued.
No order of the statements can write it before the call, and a re-entrant call made during it finds
no record under that key, which is simply true then (the key is not issued yet), not a stale copy of
something the call changes. Such a write is no re-entrancy cause for any call made up to the one that
returned the key; the walk looks past it for the next state write.

The key is an index of the written target (a mapping or array entry, at any depth, or an entry of a
returned list, `ids[i]`) whose root, casts stripped, is a local or named return assigned exactly once
in the function, to the result of a call that hands control away (an external call, or an internal
function that makes one, as `makes_call` says), written at or after the pending call. A key computed
before the pending call (`id = nextId++; token.transferFrom(..); recs[id] = ..`), a key assigned twice,
or one from a hash or other builtin keeps the finding.
"""

from __future__ import annotations

from collections.abc import Callable

from ..flow import CallInfo, Scope
from ..ir import Expr, Function
from ._created import assigned_once, strip_casts

__all__ = ["issued_key"]


def _root(e: Expr, scope: Scope) -> Expr:
    e = strip_casts(e, scope)
    while e.kind == "index" and e.args:
        e = strip_casts(e.args[0], scope)
    return e


def _issued(scope: Scope, f: Function, key: Expr, call_line: int, makes_call: Callable[[CallInfo], bool]) -> bool:
    root = _root(key, scope)
    locals_ = scope.local_types(f)
    if root.kind != "ident" or root.name not in locals_:
        return False
    value = assigned_once(f, root.name)
    if value is None:
        return False
    value = strip_casts(value, scope)
    if value.kind != "call" or value.line < call_line:
        return False
    info = scope.classify(value, locals_)
    return makes_call(info)


def issued_key(scope: Scope, f: Function, node: Expr, call_line: int, makes_call: Callable[[CallInfo], bool]) -> bool:
    """The state write `node` targets an entry keyed by a value a call at or after `call_line` returned."""
    if node.kind not in ("assign", "unary") or not node.args:
        return False
    target = node.args[0]
    while target.kind in ("index", "member") and target.args:
        if target.kind == "index" and len(target.args) > 1 and _issued(scope, f, target.args[1], call_line, makes_call):
            return True
        target = target.args[0]
    return False
