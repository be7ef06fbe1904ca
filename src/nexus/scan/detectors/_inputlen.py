"""The length of an array argument copied into memory, plus a small constant, cannot wrap.

A public (not external) function copies each array argument from calldata into memory before its body
runs, and memory expansion costs gas quadratic in the size: no such copy of more than a few million
elements fits in a block, so `arr.length + c` with a constant `c` far below 2**255 stays far from 2**256.
A `calldata` argument is not taken (before Solidity 0.5 an external function reads the length word
unchecked from calldata), nor a `storage` reference (before 0.6 `arr.length = x` sets any length).
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
    words = p.type.split() if p is not None else []
    return (
        p is not None
        and f.is_public  # an internal function may take a `storage` reference (the IR keeps no location)
        and f.visibility != "external"
        and not {"storage", "calldata"} & set(words)
        and (p.type.endswith("]") or "[]" in p.type)
    )


def argument_length_step(sym: str, a: Expr, b: Expr, f: Function, scope: Scope) -> bool:
    """`arr.length + c` / `c + arr.length` for an array argument copied to memory, `c` a constant below 2**128."""
    if sym != "+":
        return False
    for length, other in ((a, b), (b, a)):
        c = const_value(other, scope)
        if _argument_length(length, f) and c is not None and c < _SMALL:
            return True
    return False
