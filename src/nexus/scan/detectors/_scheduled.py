"""Integer state no caller picks: every write is the deployer's, an authorised caller's, a literal or the
current block (integer-overflow, arithmetic.py).

`owner_set` (_conserve.py) takes a variable as trusted when only a constructor or a caller-checked function
writes it. A public function that only resets a variable to a literal (`investStart = 0`, `round = 1`) or
stamps it with the current block number or time lets its caller choose nothing: the values the variable can
hold are still the owner's and the chain's. Operations whose operands only such values decide wrap only by
the owner's own setting, so they are the same low-confidence note as owner-set operands.
"""

from __future__ import annotations

from ..flow import Scope, root_name
from ..guards import caller_guarded
from ..ir import Expr
from ._arith import is_block

__all__ = ["scheduled_set"]


def _chosen_by_nobody(x: Expr) -> bool:
    if x.kind != "assign" or x.name != "=" or len(x.args) < 2:
        return False
    rhs = x.args[1]
    while rhs.kind == "cast" and rhs.args:
        rhs = rhs.args[0]
    return rhs.kind == "literal" or is_block(rhs)


def scheduled_set(scope: Scope) -> set[str]:
    """Non-constant integer state variables written only in constructors, behind caller checks, or with a
    literal or the current block number / time."""
    open_: set[str] = set()
    for g in (*(g for fs in scope.functions.values() for g in fs), *scope.modifiers.values()):
        if g.body is None or g.kind == "constructor":
            continue
        guarded = caller_guarded(scope, g) if g.is_public else {}
        for s in g.statements():
            for e in s.exprs:
                for x in e.walk():
                    if (
                        x.kind not in ("assign", "unary")
                        or not x.args
                        or (n := root_name(x.args[0])) not in scope.state
                    ):
                        continue
                    if x.kind == "unary" and x.name not in ("++", "--", "x++", "x--", "delete"):
                        continue
                    if not guarded.get(id(s), False) and not _chosen_by_nobody(x):
                        open_.add(n)
    return {
        n
        for n, v in scope.state.items()
        if not v.constant and n not in open_ and v.type.startswith(("uint", "int")) and not v.type.endswith("]")
    }
