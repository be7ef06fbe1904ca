"""An unchecked debit of one holder's record (`allowance[o][s] = allowed - v`) is not made safe by the same
amount passing checked arithmetic elsewhere: `balanceOf[from] -= v` bounds `v` by the balance, not by the
allowance. Conservation through checked arithmetic (`_arith.conserved`) holds only for a plain state total
(`totalSupply -= v` after a checked debit of a holder's record), read directly or through a local that copies
it; a record's debit still counts as bounded when the amount is compared in a condition (`if (cur < v)
revert`, `require(rec.available >= v)`), the usual check on a copy the guard analysis cannot tie back."""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function
from ._arith import CMP, conditions, contains

__all__ = ["compared", "record_debit"]


def _plain_total(e: Expr, scope: Scope) -> bool:
    sv = scope.state.get(e.name) if e.kind == "ident" else None
    return sv is not None and not sv.type.startswith("mapping")


def record_debit(sym: str, a: Expr, f: Function, scope: Scope) -> bool:
    """`a - v` where the minuend `a` is not a plain state total (a record, a mapping entry, a local read
    from one): conservation through a checked use of `v` elsewhere does not bound it."""
    if sym != "-" or _plain_total(a, scope):
        return False
    if a.kind == "ident":
        inits = [s.exprs[0] for s in f.statements() if s.kind == "var" and a.name in s.names and s.exprs]
        if inits and all(_plain_total(i, scope) for i in inits):
            return False
    return True


def compared(f: Function, amount: str) -> bool:
    """`amount` (normalised text) is an operand of a comparison in one of `f`'s conditions."""
    return any(
        contains(c, amount) and c.kind == "binary" and c.name in CMP for s in f.statements() for c in conditions(s)
    )
