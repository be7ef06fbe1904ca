"""A power of ten raised to a token's `decimals()`.

`10 ** token.decimals()` (or of a local or struct field set only from such a call) is the scale of one
whole token. ERC-20 `decimals` is a `uint8` that every deployed token keeps at 18 or below (a token with
78 or more would have no representable whole unit, and no integration could list it), so the power fits
in 256 bits: the audits of price adapters and valuers dismiss it. An exponent a caller passes, or one read
from anything but a `decimals()` call, stays reported.
"""

from __future__ import annotations

from ..flow import Scope, root_name
from ..ir import Expr, Function
from ._arith import norm
from ._bounds import const_value

__all__ = ["decimals_power"]


def _decimals_call(e: Expr) -> bool:
    while e.kind == "cast" and e.args:
        e = e.args[0]  # `uint256(token.decimals())`
    return e.kind == "call" and bool(e.args) and e.args[0].kind == "member" and e.args[0].name == "decimals"


def _set_from_decimals(b: Expr, f: Function) -> bool:
    """Every write to `b` (a local or a memory struct field) in `f` stores a `decimals()` call."""
    target, writes = norm(b), 0
    for s in f.statements():
        if s.kind == "var" and target in s.names:
            if len(s.names) != 1 or not s.exprs or not _decimals_call(s.exprs[0]):
                return False
            writes += 1
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "assign" and norm(x.args[0]) == target:
                    if x.name != "=" or not _decimals_call(x.args[1]):
                        return False
                    writes += 1
    return writes > 0


def decimals_power(sym: str, a: Expr, b: Expr, f: Function, scope: Scope) -> bool:
    """`10 ** d` where `d` is a token's `decimals()`, directly or through a local set only from it."""
    if sym != "**":
        return False
    base = const_value(a, scope)
    if base is None or not 0 <= base <= 10:
        return False
    if _decimals_call(b):
        return True
    if b.kind not in ("ident", "member") or root_name(b) in scope.state:
        return False  # a stored exponent: whoever set it chose it
    params = {p.name for p in f.params}
    return root_name(b) not in params and _set_from_decimals(b, f)
