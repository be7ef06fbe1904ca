"""Operations on nothing but the caller's own free choice.

Before Solidity 0.8, `uint value = v * 10 ** decimals` wraps for a large `v`; but when `v` and `decimals`
are parameters the function reads nowhere else, the wrapped number is just another value the caller could
have passed directly: the wrap gives no power the caller did not already have. The danger of an overflow
is a broken relation between a checked value and a used one (`amount = n * v; require(balance >= amount);`
then `v` credited `n` times); that needs a parameter used outside the operation, or state, or
`msg.value`, and then the operation stays reported. Such an operation is a low-confidence note.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function
from ._bounds import const_value

__all__ = ["free_choice"]


def _leaves(e: Expr) -> list[Expr]:
    if e.kind in ("ident", "literal", "member", "index", "call"):
        return [e]
    if e.kind in ("binary", "unary", "cast") and e.args:
        return [y for a in e.args for y in _leaves(a)]
    return [e]


def free_choice(x: Expr, f: Function, scope: Scope) -> bool:
    """`x` is a public function's `+ - *` on its own parameters and constants only, and those parameters
    appear nowhere else in the function (its body and its modifier arguments)."""
    if not f.is_public or x.kind != "binary":
        return False
    params = {p.name for p in f.params if p.name}
    used: set[str] = set()
    for leaf in _leaves(x):
        if leaf.kind == "ident" and leaf.name in params and leaf.name not in scope.state:
            used.add(leaf.name)
        elif const_value(leaf, scope) is None:
            return False  # state, msg.value, a call, an index: not the caller's bare choice
    if not used:
        return False
    inside = {id(y) for y in x.walk()}
    roots = [e for s in f.statements() for e in s.exprs] + list(f.modifiers)
    return not any(y.kind == "ident" and y.name in used and id(y) not in inside for e in roots for y in e.walk())
