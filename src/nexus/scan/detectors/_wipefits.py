"""A wipe that fits in a block (unbounded-growth, dos.py).

`list = new address[](0)` clears every stored element, so it reverts once the list outgrows what one block
can clear. When every way a caller grows the list is capped (a check of its length against a constant
before the growth, _growth.py) and each call then adds at most a constant number of elements (the growth
sits in loops with constant bounds, or in none), the list never holds more than the largest cap plus
those additions; if clearing that many one-slot elements costs less than a block's gas, the wipe never
runs out of gas and blocks nothing.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Stmt
from ._bounds import const_value
from ._gas import BLOCK_GAS_LIMIT
from ._growth import Growth

__all__ = ["wipe_fits"]

SLOT_CLEAR_GAS = 5_000  # SSTORE of zero over a non-zero slot (2,900 + a cold access of 2,100 since Berlin)
_ONE_SLOT = ("address", "uint", "int", "bool", "bytes32")


def _bound(loop: Stmt, scope: Scope) -> int | None:
    """`K` of `for (..; i < K; ..)` (`K + 1` for `<=`) with a constant `K`; None for any other loop."""
    c = loop.exprs[0] if loop.exprs else None
    if c is None or c.kind != "binary" or c.name not in ("<", "<=") or len(c.args) != 2:
        return None
    k = const_value(c.args[1], scope)
    return None if k is None else k + (1 if c.name == "<=" else 0)


def _factor(body: list[Stmt], line: int, scope: Scope, outer: int = 1) -> int | None:
    """How many times one run reaches a statement on `line`: the product of its loops' constant bounds."""
    for s in body:
        here = any(x.line == line for e in s.exprs for x in e.walk())
        if s.kind == "loop":
            k = _bound(s, scope)
            inner = [*s.body]
            if any(
                t is not s and any(x.line == line for e in t.exprs for x in e.walk()) for b in inner for t in b.walk()
            ):
                return None if k is None else _factor(inner, line, scope, outer * k)
        elif here:
            return outer
        found = _factor([*s.init, *s.body, *s.orelse], line, scope, outer) if s.kind != "loop" else None
        if found is not None:
            return found
    return None


def wipe_fits(scope: Scope, name: str, sites: dict[str, list[Growth]]) -> bool:
    """Every public growth site of state array `name` is capped, and the largest cap plus what one call
    may add after its check is cheap enough to clear within a block."""
    growth, sv = sites.get(name), scope.state.get(name)
    if not growth or sv is None or not sv.type.endswith("[]") or not sv.type[:-2].startswith(_ONE_SLOT):
        return False
    added = 0
    for g in growth:
        if g.cap == float("inf"):
            return False
        k = next(
            (
                k
                for f in scope.contract.functions
                if f.body and f.line <= g.line <= f.end_line
                for k in [_factor(f.body, g.line, scope)]
            ),
            None,
        )
        if k is None:
            return False
        added += k
    return (max(g.cap for g in growth) + added) * SLOT_CLEAR_GAS <= BLOCK_GAS_LIMIT
