"""Statistics: state no state-changing code reads, so a wrap in it moves no balance and no payout.

`totalPlayed += bet` or `score[msg.sender] += points` on a caller's amount before Solidity 0.8 can wrap,
but when the only readers of the variable are views, public getters, events and its own updates, a wrong
value misleads a dashboard, not the contract: no transfer amount, no check and no other state is computed
from it. When some view or event does read it (a statistic by intent; a variable nothing reads at all is
a fragment's loose end, left medium), such an operation is a low-confidence note; one read in a
condition, a payment or another write's value makes it medium again.
"""

from __future__ import annotations

from ..flow import Scope, root_name
from ..ir import Expr, Function, Stmt
from ._bounds import text

__all__ = ["called_names", "statistic_write"]


def _reads(e: Expr, name: str) -> bool:
    return any(x.kind == "ident" and x.name == name for x in e.walk())


def _stmt_reads(s: Stmt, name: str) -> bool:
    """`s` reads `name` other than in its own updates (`name += v`, `name[k] = name[k] + v`) or an
    event; a write's index (`name[k] = ..`) picks an entry, it does not read one."""
    if s.kind == "emit":
        return False
    for e in s.exprs:
        if e.kind == "assign" and root_name(e.args[0]) == name:
            target, value = e.args[0], e.args[1]
            keys = [a for x in target.walk() if x.kind == "index" for a in x.args[1:]]
            if any(_reads(k, name) for k in keys):
                return True
            if e.name == "=" and _reads(value, name) and not _self_update(target, value):
                return True
            if e.name != "=" and _reads(value, name):
                return True
            continue
        if _reads(e, name):
            return True
    return False


def _self_update(target: Expr, value: Expr) -> bool:
    """`t = t + v` / `t = t.add(v)`: the stored value moved by an amount."""
    t = text(target)
    return any(text(x) == t for x in value.walk()) and sum(x.kind == "ident" for x in value.walk()) <= 4


def called_names(scope: Scope) -> set[str]:
    """Names the contract's own functions and modifiers call (`f(..)`, `this.f(..)`)."""
    every = [*(g for fs in scope.functions.values() for g in fs), *scope.modifiers.values()]
    return {
        y.callee.name
        for g in every
        for t in g.statements()
        for e in t.exprs
        for y in e.walk()
        if y.kind == "call" and y.callee.kind in ("ident", "member")
    }


def _counts(g: Function, called: set[str]) -> bool:
    """A function whose reads matter: state-changing, or a view the contract itself calls."""
    return g.body is not None and (not g.is_readonly or g.name in called)


def statistic_write(s: Stmt, x: Expr, scope: Scope) -> bool:
    """The operation `x` of statement `s` only updates a statistic: `s` assigns a state variable (or a
    record of one) that no state-changing function or modifier reads, and `x` sits in that assignment."""
    if s.kind != "expr" or not s.exprs or s.exprs[0].kind != "assign":
        return False
    top = s.exprs[0]
    name = root_name(top.args[0])
    if name not in scope.state or not any(y is x for y in top.walk()):
        return False
    # every contract of the file: a derived contract may read what its base writes
    every = [
        *(g for fs in scope.functions.values() for g in fs),
        *scope.modifiers.values(),
        *(g for c in scope.unit.contracts for g in (*c.functions, *c.modifiers.values())),
    ]
    called = called_names(scope)
    observed = False  # some view or event reads it: a statistic by intent, not a fragment's loose end
    for g in every:
        if not _counts(g, called):
            observed = observed or g.body is not None and any(_reads(e, name) for t in g.statements() for e in t.exprs)
            continue
        observed = observed or any(t.kind == "emit" and any(_reads(e, name) for e in t.exprs) for t in g.statements())
        for t in g.statements():
            if t.kind in ("if", "loop") and t.exprs and _reads(t.exprs[0], name):
                return False
            if t.kind == "return" and any(_reads(e, name) for e in t.exprs):
                return False  # a state-changing function's result may feed a caller's decision
            if t.kind not in ("if", "loop", "return") and _stmt_reads(t, name):
                return False
    return observed
