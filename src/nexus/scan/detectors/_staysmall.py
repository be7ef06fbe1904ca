"""Integer operations whose operands' kinds keep them far from 2**256 (integer-overflow, arithmetic.py).

Each property is a fact about where the operands come from, not about how they are spelled:

* `arr.length + c` for an argument array: the caller paid gas for every element (_inputlen.py).
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function, Stmt
from ._inputlen import argument_length_step

__all__ = ["stays_small"]


def stays_small(  # noqa: PLR0913
    x: Expr, sym: str, a: Expr, b: Expr, s: Stmt, f: Function, scope: Scope, locals_: dict[str, str]
) -> bool:
    """Whether the operation `x` (`a sym b`, statement `s` of `f`) cannot wrap, by its operands' kinds."""
    return argument_length_step(sym, a, b, f, scope)
