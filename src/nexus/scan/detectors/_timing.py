"""Timestamp decisions a miner can settle: a window within the miner's drift, or a pot paid to anyone.

A block may be stamped up to 15 minutes ahead of its parent (go-ethereum's rule), so an ordering against
a deadline is only a note unless the compared window is that short, or the decision hands the contract's
balance, the sent value or a stored prize to whoever's transaction lands first. Ether forwarded to a
payee only the owner sets (a crowdsale's `wallet.transfer(msg.value)`) is no pot: nobody's timing wins it.
"""

from __future__ import annotations

from ..flow import Scope, root_name
from ..ir import Expr, Stmt
from ._conserve import owner_set

__all__ = ["decision_confidence", "own_window", "pays_pot", "seconds"]


def decision_confidence(c: Expr, scope: Scope) -> str | None:
    """An ordering against a deadline (`now >= end`) is how time is meant to be used: the miner's few
    seconds matter only at the boundary, so it is a low-confidence note. An exact match (`now == t`,
    `now % 2`) can be hit or missed at will, and an ordering against a window the miner's drift spans
    (`now > lastBet + 1 minutes`: a block may be stamped up to 15 minutes ahead) lets the miner decide
    who is last in it: both the detector's medium."""
    if any(x.kind == "binary" and x.name in ("==", "!=", "%") and not _identity(x) for x in c.walk()):
        return None  # (a caller check, `msg.sender == owner`, is no exact match on the time)
    short = any(
        x.kind == "binary" and x.name in ("+", "-") and any(0 < seconds(a, scope) <= _DRIFT for a in x.args)
        for x in c.walk()
    )
    return None if short else "low"


def own_window(c: Expr, s: Stmt | None = None) -> bool:
    """The ordering compares the time with the caller's own record (`now >= lastClaim[msg.sender] + 1 days`):
    each caller's window is their own, so no other caller's transaction competes for the payout. So too
    when a condition of statement `s` that contains the ordering admits one caller only, as a conjunct
    (`if (msg.sender == owner && now > last + 1 days)`)."""
    if any(x.kind == "index" and len(x.args) == 2 and x.args[1].is_member("msg", "sender") for x in c.walk()):
        return True
    tops = [s.exprs[0]] if s is not None and s.kind in ("if", "loop") and s.exprs else []
    tops += [
        x.arguments[0]
        for e in (s.exprs if s is not None else [])
        for x in e.walk()
        if x.kind == "call" and x.callee.kind == "ident" and x.callee.name in ("require", "assert") and x.arguments
    ]
    return any(
        any(y is c for y in top.walk())
        and any(
            x.kind == "binary" and x.name == "==" and any(a.is_member("msg", "sender") for a in x.args)
            for x in _conjuncts(top)
        )
        for top in tops
    )


def _identity(x: Expr) -> bool:
    """`msg.sender == a` / `tx.origin != a`: who calls, not when."""
    return x.name in ("==", "!=") and any(a.is_member("msg", "sender") or a.is_member("tx", "origin") for a in x.args)


def _conjuncts(c: Expr) -> list[Expr]:
    while c.kind == "unary" and c.name == "()" and c.args:
        c = c.args[0]
    if c.kind == "binary" and c.name == "&&":
        return [y for a in c.args for y in _conjuncts(a)]
    return [c]


def pays_pot(stmts: list[Stmt], scope: Scope) -> bool:
    """Ether sent (`x.send(a)`, `x.transfer(a)`, `.call.value(a)`) of an amount that is not one payee's
    keyed record: the balance, `msg.value`, or a stored scalar (a jackpot), to a payee that is not a
    state variable only the owner sets (the owner, a configured wallet)."""
    owner: set[str] | None = None
    for st in stmts:
        for sub in st.walk():
            for e in sub.exprs:
                for x in e.walk():
                    if x.kind != "call" or x.callee.kind != "member":
                        continue
                    if x.callee.name in ("send", "transfer") and len(x.arguments) == 1:
                        amount = x.arguments[0]
                    elif "value" in x.callee.options:
                        amount = x.callee.options["value"]
                    else:
                        continue
                    if not _pot(amount, scope):
                        continue
                    payee = x.callee.args[0] if x.callee.args else None  # `to` of `to.transfer(a)`
                    while payee is not None and payee.kind == "cast" and len(payee.args) == 1:
                        payee = payee.args[0]  # `address(wallet)`
                    if payee is not None and payee.kind == "ident":
                        owner = owner_set(scope) if owner is None else owner
                        if root_name(payee) in owner:
                            continue
                    return True
    return False


def _pot(amount: Expr, scope: Scope) -> bool:
    for y in amount.walk():
        if y.kind == "member" and y.name == "balance" or y.is_member("msg", "value"):
            return True
        if y.kind == "ident" and (sv := scope.state.get(y.name)) is not None and not sv.type.startswith("mapping"):
            return True
    return False


_DRIFT = 900  # seconds: how far ahead of its parent a block's timestamp may be set (go-ethereum's rule)
_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800}


def seconds(e: Expr, scope: Scope) -> int:
    """A literal duration (`30`, `1 minutes`) or a constant set to one, in seconds; 0 when not one."""
    if e.kind == "ident" and (sv := scope.state.get(e.name)) is not None and sv.constant and sv.value is not None:
        e = sv.value
    if e.kind != "literal":
        return 0
    number, _, unit = e.name.partition(" ")
    if not number.isdigit() or unit not in ("", *_UNITS):
        return 0
    return int(number) * _UNITS.get(unit, 1)
