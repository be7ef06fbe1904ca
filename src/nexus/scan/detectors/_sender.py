"""Expressions that hold the caller (`msg.sender`), for the tx-origin detector.

`require(msg.sender == tx.origin)` authorises nobody: it asks that the caller be an externally owned
account (no contract in between). Contracts that accept meta-transactions write the caller as
`_msgSender()` (the Context convention: `msg.sender`, or the signer a trusted forwarder vouches for),
often through a local: `address opener = _msgSender(); require(opener == tx.origin, "!EOA");`. Both
are the same no-contract-caller check. Read as the caller here: `msg.sender`; a call with no arguments
of `_msgSender`, or of a function of the contract whose every `return` hands back the caller; and a
local of the function whose every write is one of those. A parameter, a stored address, or a local
written once from anything else is not the caller: `tx.origin == owner` stays authorisation.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function, Stmt

__all__ = ["caller_locals", "is_caller"]

_CONVENTION = "_msgSender"


def _returns_caller(g: Function, scope: Scope, depth: int) -> bool:
    returns = [s for s in g.statements() if s.kind == "return"]
    return bool(returns) and all(
        len(r.exprs) == 1 and is_caller(r.exprs[0], frozenset(), scope, depth + 1) for r in returns
    )


def is_caller(e: Expr, names: frozenset[str], scope: Scope, depth: int = 0) -> bool:
    """`e` is the caller: msg.sender, `_msgSender()`, a caller-returning helper, or a local in `names`."""
    while e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    if e.is_member("msg", "sender"):
        return True
    if e.kind == "ident":
        return e.name in names
    if e.kind != "call" or e.callee.kind != "ident" or e.arguments or depth > 2:
        return False
    if e.callee.name == _CONVENTION:
        return True
    helpers = [g for g in scope.functions.get(e.callee.name, []) if not g.params and g.body is not None]
    return bool(helpers) and all(_returns_caller(g, scope, depth) for g in helpers)


def caller_locals(f: Function, scope: Scope, at: Stmt | None = None) -> frozenset[str]:
    """Locals of `f` (not parameters) written only with the caller: `address opener = _msgSender();`.
    With `at` (a statement outside every loop), only the writes before it in source order count:
    `address s = _msgSender(); if (s != tx.origin) { s = alias(s); }` still holds the caller where the
    condition reads it."""
    params = {p.name for p in (*f.params, *f.returns)}
    written: dict[str, list[Expr | None]] = {}
    if at is not None and any(s.kind == "loop" and any(x is at for x in s.walk()) for s in f.statements()):
        at = None  # a later write in the loop reaches the condition on the next pass
    for s in f.statements():
        if s is at:
            break
        if s.kind == "var":
            for i, n in enumerate(s.names):
                value = s.exprs[0] if len(s.names) == 1 and s.exprs else None
                written.setdefault(n, []).append(value if i == 0 else None)
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "assign" and x.args and x.args[0].kind == "ident":
                    written.setdefault(x.args[0].name, []).append(x.args[1] if x.name == "=" else None)
                elif x.kind == "unary" and x.name == "delete" and x.args and x.args[0].kind == "ident":
                    written.setdefault(x.args[0].name, []).append(None)
    return frozenset(
        n
        for n, values in written.items()
        if n not in params and values and all(v is not None and is_caller(v, frozenset(), scope) for v in values)
    )
