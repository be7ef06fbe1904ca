"""tx.origin comparisons for the tx-origin detector: which authorise someone (`origin_auth`), and which
deny one fixed address and authorise nobody (`denied_origins`).

`if (!success && tx.origin == Constants.ESTIMATION_ADDRESS) revert GasEstimation();` reverts only when
the origin is a constant address (a gas-estimation sentinel such as `address(1)`, which no one holds the
key to): everyone else goes on exactly as before. A phishing contract the victim calls gains nothing
from the victim's origin, since the check never lets anyone through that the rest of the code would
stop. The same holds for `require(tx.origin != K)`. The address must be a constant: a literal, a state
variable declared `constant`, or an UPPER_SNAKE member of another contract or library (`Lib.NAME`, the
Solidity convention for constants, whose value sits in the imported file). What stays reported:
`if (tx.origin != K) revert()` and `require(tx.origin == K)` (only K passes: authorisation), a branch
that does anything but revert, an `else`, or a stored or immutable address.
"""

from __future__ import annotations

import re

from ..flow import Scope
from ..ir import Expr, Stmt
from ._sender import is_caller

__all__ = ["denied_origins", "origin_auth"]

_UPPER = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _conjuncts(c: Expr) -> list[Expr]:
    if c.kind == "binary" and c.name == "&&":
        return _conjuncts(c.args[0]) + _conjuncts(c.args[1])
    return [c]


def _constant(e: Expr, scope: Scope) -> bool:
    while e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    if e.kind == "literal":
        return True
    if e.kind == "ident":
        var = scope.state.get(e.name)
        return var is not None and var.constant
    return (
        e.kind == "member"
        and bool(_UPPER.match(e.name))
        and e.args[0].kind == "ident"
        and e.args[0].name[:1].isupper()
        and e.args[0].name not in scope.state
    )


def _only_reverts(body: list[Stmt]) -> bool:
    if len(body) != 1:
        return False
    t = body[0]
    if t.kind in ("revert", "throw"):
        return True
    if t.kind == "block":
        return _only_reverts(t.body)
    e = t.exprs[0] if t.kind == "expr" and t.exprs else None
    return e is not None and e.kind == "call" and e.args[0].kind == "ident" and e.args[0].name == "revert"


def _compares(c: Expr, op: str, scope: Scope) -> bool:
    if c.kind != "binary" or c.name != op:
        return False
    left, right = c.args
    return (left.is_member("tx", "origin") and _constant(right, scope)) or (
        right.is_member("tx", "origin") and _constant(left, scope)
    )


def denied_origins(s: Stmt, cond: Expr, scope: Scope) -> set[int]:
    """Ids of the comparisons in `cond` (a condition of `s`) that only turn one constant origin away."""
    if s.kind in ("if", "loop") and s.exprs and cond is s.exprs[0]:
        if s.kind == "loop" or s.orelse or not _only_reverts(s.body):
            return set()
        op = "=="  # reverts when every conjunct holds, the origin among them
    else:
        op = "!="  # require(c) / assert(c): reverts when the origin is the constant
    return {id(c) for c in _conjuncts(cond) if _compares(c, op, scope)}


def origin_auth(c: Expr, denied: set[int], scope: Scope | None = None, callers: frozenset[str] = frozenset()) -> bool:
    """A comparison of tx.origin with someone: not with the caller (a no-contract-caller check: msg.sender,
    `_msgSender()`, a local holding it; see `_sender.is_caller`), nor with a literal address only
    (`tx.origin == address(0)`: an eth_call simulation, which no signed tx can be), nor one that only
    turns a constant origin away (`denied`, see `denied_origins`)."""
    for x in c.walk():
        if x.kind == "binary" and x.name in ("==", "!=") and id(x) not in denied:
            sides = x.args
            if any(s.is_member("tx", "origin") for s in sides) and not any(
                s.is_member("msg", "sender")
                or scope is not None
                and is_caller(s, callers, scope)
                or _literal_address(s)
                for s in sides
            ):
                return True
        if x.kind == "index" and len(x.args) > 1 and x.args[1].is_member("tx", "origin"):
            return True
    return False


def _literal_address(e: Expr) -> bool:
    while e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    return e.kind == "literal" or e.kind == "call" and e.callee.kind == "ident" and e.callee.name == "empty"
