"""The length of an argument array plus a small constant cannot wrap.

A `calldata` or `memory` array's length is paid for in gas: the caller sends (or the function allocates)
every element, so no such array has more than a few million elements in a block, and `arr.length + c` with
a constant `c` far below 2**255 stays far from 2**256. A `storage` array is different before Solidity 0.6
(`arr.length = x` sets any length), so a `storage` reference parameter is not taken.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function
from ._bounds import const_value

__all__ = ["argument_length_step"]

_SMALL = 2**128


def _argument_length(e: Expr, f: Function) -> bool:
    while e.kind == "cast" and e.args:
        e = e.args[0]
    if e.kind != "member" or e.name != "length" or e.args[0].kind != "ident":
        return False
    p = next((p for p in f.params if p.name == e.args[0].name), None)
    return p is not None and "storage" not in p.type.split() and (p.type.endswith("]") or "[]" in p.type)


def argument_length_step(sym: str, a: Expr, b: Expr, f: Function, scope: Scope) -> bool:
    """`arr.length + c` / `c + arr.length` for an argument array `arr` and a constant `c` below 2**128."""
    if sym != "+":
        return False
    for length, other in ((a, b), (b, a)):
        c = const_value(other, scope)
        if _argument_length(length, f) and c is not None and c < _SMALL:
            return True
    return False
