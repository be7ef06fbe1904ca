"""Pre-0.6 `array.length = n` set by a caller (SWC-124 helper for storage.py).

Before Solidity 0.6 a dynamic storage array's `length` was writable. A caller who sets it to a huge
value makes every index pass `i < arr.length`, so a public indexed write `arr[i] = v` in ANY function
(not only the one that resizes) reaches any storage slot. A resize is harmless when the new length is
bounded from above (`require(n <= arr.length)` shrink-only, or a constant cap) or no public function
writes the array at a caller-chosen index.
"""

from __future__ import annotations

from collections.abc import Callable

from ..ir import Expr, Function

__all__ = ["caller_resize", "bounded_above"]

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
