"""Amounts the arithmetic detector need not blame on the caller: value moved out of a checked record into
a total, and values that only the owner's settings (or constants, or wei) decide.

Before Solidity 0.8 `totalMigrated += v` can only wrap if the sum of the records can; when the same
function debits `v` from a record it first checked against `v` (`require(balances[from] >= v)`), the
credit moves value that already existed, and a wrap needs broken accounting elsewhere. Likewise an
operation whose operands only constants, amounts of wei and state the owner alone writes can reach wraps
only if the owner configures it so: a trusted input, not an attacker's.
"""

from __future__ import annotations

from ..flow import Scope, caller_guarded, root_name
from ..ir import Expr, Function
from ._bounds import const_value, is_wei, only_accumulated, text

__all__ = ["moved_from_record", "owner_set", "record_locals", "trusted", "trusted_operation", "value_locals"]


def _is_record(e: Expr, scope: Scope) -> bool:
    """`m[k]` (or `m[k].field`) of a state mapping."""
    while e.kind == "member" and e.args:
        e = e.args[0]
    sv = scope.state.get(root_name(e))
    return e.kind == "index" and sv is not None and sv.type.startswith("mapping")


def _checked_records(amount: str, guards: tuple[Expr, ...], scope: Scope) -> set[str]:
    """Records a guard compares with `amount` (`bal[a] >= v`, `v > bal[a]`, either side)."""
    out: set[str] = set()
    for g in guards:
        for c in g.walk():
            if c.kind == "binary" and c.name in ("<", "<=", ">", ">=") and len(c.args) == 2:
                for p, q in (c.args, c.args[::-1]):
                    if text(p) == amount and _is_record(q, scope):
                        out.add(text(q))
    return out


def record_locals(f: Function, scope: Scope) -> dict[str, str]:
    """Locals declared from one state record and never assigned again: `uint v = balances[msg.sender]`."""
    return {name: text(e) for name, e in value_locals(f).items() if _is_record(e, scope)}


def moved_from_record(f: Function, amount: str, guards: tuple[Expr, ...], scope: Scope) -> bool:
    """`amount` leaves a record in this function: `R -= amount` after a check of `amount` against `R`, or
    `amount` is a local read from `R` that the function empties (`R = 0`) or debits by it."""
    debits = {
        (text(x.args[0]), text(x.args[1]), x.name)
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind == "assign" and x.name in ("-=", "=") and _is_record(x.args[0], scope)
    }
    if any((r, amount, "-=") in debits for r in _checked_records(amount, guards, scope)):
        return True
    source = record_locals(f, scope).get(amount)
    return source is not None and ((source, "0", "=") in debits or (source, amount, "-=") in debits)


def owner_set(scope: Scope) -> set[str]:
    """State variables written only by a constructor or behind a caller check (owner-only setters)."""
    open_: set[str] = set()
    for g in (*(g for fs in scope.functions.values() for g in fs), *scope.modifiers.values()):
        if g.body is not None and g.kind != "constructor":
            # a modifier's own writes count as open: it may wrap any function
            guarded = caller_guarded(scope, g) if g.is_public else {}
            for s in g.statements():
                for e in s.exprs:
                    for x in e.walk():
                        if x.kind in ("assign", "unary") and x.args and (n := root_name(x.args[0])) in scope.state:
                            if x.kind == "assign" or x.name in ("++", "--", "x++", "x--", "delete"):
                                if not guarded.get(id(s), False):
                                    open_.add(n)
    return {n for n, v in scope.state.items() if not v.constant and n not in open_}


def trusted(e: Expr, scope: Scope, owner: set[str], wei: set[str] | None, locals_: dict[str, Expr]) -> bool:
    """Only constants, owner-set state, amounts of wei (unless `wei` is None: a caller picks `msg.value`,
    so it may not be subtracted from) and locals computed from them decide `e`."""
    while e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    if const_value(e, scope) is not None or wei is not None and is_wei(e, wei):
        return True
    if e.kind == "ident":
        if e.name in locals_:
            return trusted(locals_[e.name], scope, owner, wei, {k: v for k, v in locals_.items() if k != e.name})
        return e.name in owner
    if e.kind == "binary" and e.name in ("+", "-", "*", "/", "%", "**") and len(e.args) == 2:
        return all(trusted(a, scope, owner, wei, locals_) for a in e.args)
    return False


def value_locals(f: Function) -> dict[str, Expr]:
    """Locals declared from one expression and never assigned again."""
    out = {s.names[0]: s.exprs[0] for s in f.statements() if s.kind == "var" and len(s.names) == 1 and s.exprs}
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "assign" and x.args[0].kind == "ident":
                    out.pop(x.args[0].name, None)
    return out


def trusted_operation(  # noqa: PLR0913
    x: Expr,
    sym: str,
    a: Expr,
    b: Expr,
    f: Function,
    guards: tuple[Expr, ...],
    scope: Scope,
    owner: set[str],
    wei: set[str],
) -> bool:
    """An operation that wraps only with broken accounting elsewhere or by the owner's own settings: a
    credit of value moved out of a checked record, a total debited by a whole record read into a local,
    a total that only accumulates trusted amounts, or operands that only trusted values decide."""
    amount = text(b)
    plain_total = a.kind == "ident" and a.name in scope.state and not scope.state[a.name].type.startswith("mapping")
    # A plain total only: SmartBugs' tuning files count `bal[to] += v` after `bal[from] -= v` (conserved
    # between records only while no mint is broken) as a finding, and so do we.
    if x.kind == "assign" and plain_total and sym in "+-" and moved_from_record(f, amount, guards, scope):
        return True  # `if (v > bal[a]) throw; bal[a] -= v; total -= v; migrated += v;`
    if x.kind == "assign" and plain_total and sym == "-" and amount in record_locals(f, scope):
        return True
    vals, owner = value_locals(f), owner - set(scope.local_types(f))  # a parameter may shadow the state
    if x.kind == "assign":
        return sym == "+" and only_accumulated(root_name(a), scope) and trusted(b, scope, owner, wei, vals)
    w = None if sym == "-" else wei
    return trusted(a, scope, owner, w, vals) and trusted(b, scope, owner, w, vals)
