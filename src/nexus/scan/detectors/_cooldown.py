"""A payee write that restarts the wait the payment needs (payee-race, ether.py).

`invest() { lastInvestor = msg.sender; lastTime = now; }` and `payout() { if (now < lastTime + 1 minutes)
throw; lastInvestor.send(pot); }`: the transaction that sets the payee also restarts the wait that the
payment requires to have run out, strictly after the stamp. Ordered before the payment in the same block,
it makes the payment revert instead of redirecting it, so no one wins the payment by ordering two pending
transactions (SWC-114). Whoever holds the place when the wait runs out is paid, which is the contract's
game. Every other function that writes the payee must write the stamp unconditionally, at its top level,
from the clock the payment's check reads (`now`/`block.timestamp`, or `block.number`), and the wait must be
a positive constant (a literal, a constant, or a state variable nothing writes after its initial value).
"""

from __future__ import annotations

from ..facts import walk_facts
from ..flow import Scope, root_name
from ..ir import Expr, Function, Stmt
from ._bounds import const_value
from ._timing import seconds

__all__ = ["restarts_wait"]


def _clock(e: Expr) -> str:
    """`time` for `now` / `block.timestamp`, `number` for `block.number`, else ""."""
    while e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    if e.kind == "ident" and e.name == "now" or e.is_member("block", "timestamp"):
        return "time"
    return "number" if e.is_member("block", "number") else ""


def _stamps(writer: Function) -> dict[str, str]:
    """State names the writer's top-level statements set to the current clock: name -> clock."""
    out: dict[str, str] = {}
    for s in writer.body or []:
        if s.kind == "expr" and s.exprs and s.exprs[0].kind == "assign" and s.exprs[0].name == "=":
            target, value = s.exprs[0].args[0], s.exprs[0].args[1]
            if target.kind == "ident" and _clock(value):
                out[target.name] = _clock(value)
    return out


def _wait(e: Expr, scope: Scope) -> int | None:
    """A positive constant wait: a literal, a constant, or a state variable never written after its
    initial value."""
    if e.kind == "ident" and (sv := scope.state.get(e.name)) is not None and not sv.constant:
        written = any(
            y.kind in ("assign", "unary") and y.args and root_name(y.args[0]) == e.name
            for fs in scope.functions.values()
            for g in fs
            for s in g.statements()
            for x in s.exprs
            for y in x.walk()
        )
        return None if written or sv.value is None else _wait(sv.value, scope)
    return seconds(e, scope) or const_value(e, scope)  # `10 minutes`, a constant, `60 * 60`


def _after_wait(g: Expr, holds: bool, stamps: dict[str, str], scope: Scope) -> bool:
    """The fact says the clock is past a stamp plus a positive wait (`!(now < t + w)`, `now >= t + w`,
    `t + w <= now`, `now > t + w`)."""
    if g.kind != "binary" or len(g.args) != 2 or g.name not in ("<", "<=", ">", ">="):
        return False
    op, left, right = g.name, g.args[0], g.args[1]
    if _clock(right):  # put the clock on the left: `t + w <= now` is `now >= t + w`
        op, left, right = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op], right, left
    if not holds:
        op = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}[op]
    if op not in (">", ">=") or not _clock(left):
        return False
    stamp, wait = (right.args[0], right.args[1]) if right.kind == "binary" and right.name == "+" else (right, None)
    if stamp.kind != "ident" or stamps.get(stamp.name) != _clock(left):
        if wait is None or wait.kind != "ident" or stamps.get(wait.name) != _clock(left):
            return False
        stamp, wait = wait, stamp
    w = 0 if wait is None else _wait(wait, scope)
    return w is not None and (w > 0 or op == ">")


def restarts_wait(scope: Scope, var: str, f: Function, payment: Expr) -> bool:
    """The payment in `f` to state variable `var` runs only after a wait that every other function
    writing `var` restarts."""
    writers = [
        g
        for g in scope.contract.functions
        if g is not f
        and any(y.kind == "assign" and root_name(y.args[0]) == var for s in g.statements() for y in _walk(s))
    ]
    if not writers:
        return False
    stamps = _stamps(writers[0])
    for g in writers[1:]:
        stamps = {k: v for k, v in _stamps(g).items() if stamps.get(k) == v}
    if not stamps:
        return False
    for s, facts in walk_facts(scope.effective_body(f)):
        if _holds(s, payment):
            return any(_after_wait(g, h, stamps, scope) for g, h in facts)
    return False


def _walk(s: Stmt) -> list[Expr]:
    return [y for e in s.exprs for y in e.walk()]


def _holds(s: Stmt, payment: Expr) -> bool:
    return s.kind not in ("if", "block", "loop") and any(y is payment for e in s.exprs for y in e.walk())
