"""Pre-0.6 `array.length = n` set by a caller (SWC-124 helper for storage.py).

Before Solidity 0.6 a dynamic storage array's `length` was writable. A caller who sets it to a huge
value makes every index pass `i < arr.length`, so a public indexed write `arr[i] = v` in ANY function
(not only the one that resizes) reaches any storage slot. A resize is harmless when the new length is
bounded from above (`require(n <= arr.length)` shrink-only, or a constant cap) or no public function
writes the array at a caller-chosen index.

A shrink by one (`arr.length--`, `arr.length -= 1`) with nothing before it that compares `arr.length`
(`require(arr.length > 0)`) or reads `arr[arr.length - 1]` (a bounds-checked read that throws on an empty
array) wraps an empty array's length to 2**256 - 1: the same open door, reached by popping once too often.
"""

from __future__ import annotations

from collections.abc import Callable

from ..flow import root_name
from ..ir import Expr, Function

__all__ = ["bounded_above", "caller_resize", "unchecked_shrink"]

_UPPER = {"<": 0, "<=": 0, ">": 1, ">=": 1}  # operator -> side holding the bounded (smaller) operand


def caller_resize(x: Expr, params: set[str]) -> set[str]:
    """The parameters that set the new length in the assignment `arr.length (op)= value`."""
    if x.kind != "assign" or len(x.args) < 2:
        return set()
    return {y.name for y in x.args[1].walk() if y.kind == "ident" and y.name in params}


def bounded_above(names: set[str], conds: tuple[Expr, ...]) -> bool:
    """Whether some condition caps one of `names` from above (`n <= cap`, `cap > n`, ...)."""
    for c in conds:
        for x in c.walk():
            side = _UPPER.get(x.name) if x.kind == "binary" else None
            if side is not None and any(y.kind == "ident" and y.name in names for y in x.args[side].walk()):
                return True
    return False


def indexed_by_caller(
    functions: list[Function], arr: str, public: Callable[[Function], bool], writes: Callable[..., list[int]]
) -> bool:
    """Whether a public function writes `arr[i]` at an index its caller picks."""
    return any(public(g) and writes(g, arr, {p.name for p in g.params}) for g in functions)


def _length_of(e: Expr, arr: str) -> bool:
    return any(y.kind == "member" and y.name == "length" and y.args and root_name(y.args[0]) == arr for y in e.walk())


def _shrink(x: Expr, arr: str) -> bool:
    if x.kind == "unary":
        return x.name in ("--", "x--")
    value = x.args[1] if len(x.args) > 1 else x
    if x.name == "-=":
        return value.kind == "literal"  # by a caller's amount: caller_resize's case
    return x.name == "=" and value.kind == "binary" and value.name == "-" and value.args[1].kind == "literal"


def unchecked_shrink(f: Function, x: Expr, arr: str, conds: tuple[Expr, ...]) -> bool:
    """`x` shrinks `arr.length` and nothing before it in `f` shows the array is not empty: no condition
    holding there compares `arr.length`, and no earlier statement indexes `arr` (see the module docstring)."""
    if not _shrink(x, arr) or any(_length_of(c, arr) for c in conds):
        return False
    for s in f.statements():
        if s.line >= x.line:
            continue
        for e in s.exprs:
            if any(y.kind == "index" and root_name(y) == arr for y in e.walk()):
                return False
            if s.kind in ("if", "while", "for") and _length_of(e, arr):
                return False
    return True
