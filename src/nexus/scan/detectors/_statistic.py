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
from ._bounds import only_accumulated, text

__all__ = ["called_names", "decides", "observed", "only_statistics_after", "statistic_write"]


def _reads(e: Expr, name: str) -> bool:
    return any(x.kind == "ident" and x.name == name for x in e.walk())


def _stmt_reads(s: Stmt, name: str) -> bool:
    """`s` reads `name` other than in its own updates (`name += v`, `name[k] = name[k] + v`) or an
    event; a write's index (`name[k] = ..`) picks an entry, it does not read one."""
    if s.kind == "emit":
        return False
    for e in s.exprs:
        if e.kind == "unary" and e.name in ("++", "--", "x++", "x--", "delete") and e.args:
            if root_name(e.args[0]) == name and not any(_reads(k, name) for k in _keys(e.args[0])):
                continue  # `count++`, `delete name[k]`: its own update
        if e.kind == "assign" and root_name(e.args[0]) == name:
            target, value = e.args[0], e.args[1]
            if any(_reads(k, name) for k in _keys(target)):
                return True
            if e.name == "=" and _reads(value, name) and not _self_update(target, value):
                return True
            if e.name != "=" and _reads(value, name):
                return True
            continue
        if _reads(e, name):
            return True
    return False


def _keys(target: Expr) -> list[Expr]:
    return [a for x in target.walk() if x.kind == "index" for a in x.args[1:]]


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


def _every(scope: Scope) -> list[Function]:
    # every contract of the file: a derived contract may read what its base writes
    return [
        *(g for fs in scope.functions.values() for g in fs),
        *scope.modifiers.values(),
        *(g for c in scope.unit.contracts for g in (*c.functions, *c.modifiers.values())),
    ]


def decides(name: str, scope: Scope) -> bool:
    """Some state-changing function or modifier (or a view the contract itself calls) reads state `name`
    other than in its own updates and events: in a condition, a return, a payment or another write."""
    called = called_names(scope)
    for g in _every(scope):
        if not _counts(g, called):
            continue
        for t in g.statements():
            if t.kind in ("if", "loop") and t.exprs and _reads(t.exprs[0], name):
                return True
            if t.kind == "return" and any(_reads(e, name) for e in t.exprs):
                return True  # a state-changing function's result may feed a caller's decision
            if t.kind not in ("if", "loop", "return") and _stmt_reads(t, name):
                return True
    return False


def statistic_write(s: Stmt, x: Expr, scope: Scope) -> bool:
    """The operation `x` of statement `s` only updates a statistic: `s` assigns a state variable (or a
    record of one) that no state-changing function or modifier reads, and `x` sits in that assignment."""
    if s.kind != "expr" or not s.exprs or s.exprs[0].kind != "assign":
        return False
    top = s.exprs[0]
    name = root_name(top.args[0])
    if name not in scope.state or not any(y is x for y in top.walk()):
        return False
    return observed(name, scope) and not decides(name, scope)


def observed(name: str, scope: Scope) -> bool:
    """Some view or event reads state `name`: a statistic by intent, not a fragment's loose end."""
    called = called_names(scope)
    return any(
        g.body is not None and any(_reads(e, name) for t in g.statements() for e in t.exprs)
        if not _counts(g, called)
        else any(t.kind == "emit" and any(_reads(e, name) for e in t.exprs) for t in g.statements())
        for g in _every(scope)
    )


def only_statistics_after(scope: Scope, f: Function, line: int) -> bool:
    """Every state write `f` (modifiers inlined) makes after `line` is to a statistic: a running count or
    sum (an integer only ever moved by `+=`/`-=`/`++`/`--` or reset to a literal; not a setting, not a
    record: `owner[id] = msg.sender` is someone's claim) that its getter, a view or an event reads and that
    nothing decides on (see `decides`; state nothing reads at all is a fragment's loose end). Nothing after
    `line` calls the contract's own functions, which might write more."""
    own = set(scope.functions)
    written: set[str] = set()
    for t in (t for s in scope.effective_body(f) for t in s.walk()):
        if f.line <= t.line <= line:
            continue
        for y in (y for e in t.exprs for y in e.walk()):
            if y.kind == "call" and y.callee.kind == "ident" and y.callee.name in own or _self_call(y):
                return False  # an own function (`f(..)`, `this.f(..)`) may write more
            if y.kind == "call" and y.callee.kind == "member" and y.callee.name in ("push", "pop"):
                written.add(root_name(y.callee))  # `list.push(x)` writes `list`
            if y.kind in ("assign", "unary") and y.args and root_name(y.args[0]) in scope.state:
                written.add(root_name(y.args[0]))
    written &= set(scope.state)
    return bool(written) and all(
        scope.state[name].type.startswith(("uint", "int"))
        and only_accumulated(name, scope)
        and (scope.state[name].public or observed(name, scope))
        and not decides(name, scope)
        for name in written
    )


def _self_call(y: Expr) -> bool:
    return y.kind == "call" and y.callee.kind == "member" and bool(y.callee.args) and y.callee.args[0].name == "this"
