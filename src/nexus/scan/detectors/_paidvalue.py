"""What the caller paid, for `unprotected-withdrawal` (ether.py): a refund out of the caller's own
payment is no withdrawal.

`require(msg.value == amount)` makes `amount` the payment, also when it was checked in an earlier
branch on the same condition (`if (asset == address(0)) { require(msg.value == amount); } .. if (asset ==
address(0)) { refund = amount.sub(deposited); msg.sender.call{value: refund}(""); }`), the condition's
names never reassigned in the function. What is left of the payment after a cost (`amount - x`,
SafeMath `amount.sub(x)`) is never more than the caller sent, nor is a local declared from `msg.value` and
only lowered by checked `-=` (`while (left >= price) { left -= price; }`: the change after buying).

Nor is a sum the caller is owed by record: a local that starts at zero and grows only where a caller check
holds (`for (..) if (msg.sender == tickets[i].owner) { refund += price; .. }`), paid after the loop. The
check the payment's own statement would need has already decided every wei of it."""

from __future__ import annotations

from ..guards import Fact, guard_fact, walk_facts
from ..ir import Expr, Function, Stmt, render

__all__ = ["checked_sum", "own_payment", "paid_names", "spent_down", "within_payment"]


def _paid_in(g: Expr, holds: bool) -> set[str]:
    """Names a fact makes equal to msg.value (`msg.value == amount` holding, `!=` failing)."""
    if g.kind != "binary" or len(g.args) != 2 or (g.name == "==") != holds or g.name not in ("==", "!="):
        return set()
    a, b = g.args
    if a.is_member("msg", "value") and b.kind == "ident":
        return {b.name}
    if b.is_member("msg", "value") and a.kind == "ident":
        return {a.name}
    return set()


def _assigned(f: Function) -> set[str]:
    return {
        x.args[0].name
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind in ("assign", "unary") and x.args and x.args[0].kind == "ident"
    }


def paid_names(f: Function, facts: tuple[Fact, ...]) -> set[str]:
    """Names equal to msg.value where `facts` hold: checked there, or checked inside an earlier `if` on a
    condition that holds there too (its names never reassigned in `f`)."""
    out = {n for g, h in facts for n in _paid_in(g, h)}
    held = {render(g) for g, h in facts if h}
    fixed = _assigned(f)
    for s in f.statements():
        if s.kind != "if" or not s.exprs or render(s.exprs[0]) not in held:
            continue
        if any(x.kind == "ident" and x.name in fixed for x in s.exprs[0].walk()):
            continue
        out |= {n for t in s.body for n in _top_paid(t)}
    return out - fixed


def _top_paid(s: Stmt) -> set[str]:
    if s.kind == "block":
        return {n for t in s.body for n in _top_paid(t)}
    fact = guard_fact(s)
    return _paid_in(*fact) if fact is not None else set()


def within_payment(e: Expr | None, once: dict[str, Expr], paid: set[str], hops: int = 0) -> bool:
    """`e` is a payment name, or what is left of one after a cost (`amount - x`, `amount.sub(x)`)."""
    while e is not None and e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    if e is None or hops > 3:
        return False
    if e.kind == "ident" and e.name in paid:
        return True
    if e.kind == "ident" and e.name in once:
        return within_payment(once[e.name], once, paid, hops + 1)
    if e.kind == "binary" and e.name == "-" and len(e.args) == 2:
        return within_payment(e.args[0], once, paid, hops)
    if e.kind == "call" and e.callee.kind == "member" and e.callee.name == "sub" and e.callee.args:
        return within_payment(e.callee.args[0], once, paid, hops)
    return e.is_member("msg", "value")


def own_payment(e: Expr | None, once: dict[str, Expr], hops: int = 0) -> bool:
    """`msg.value`, or what is left of it after costs (`msg.value - fee`, through a local assigned once):
    a refund of the caller's own payment, never more than it sent."""
    while e is not None and e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    if e is None:
        return False
    if e.kind == "ident" and e.name in once and hops < 3:
        return own_payment(once[e.name], once, hops + 1)
    if e.kind == "binary" and e.name == "-" and len(e.args) == 2:
        return own_payment(e.args[0], once, hops)
    return e.is_member("msg", "value")


def _conjuncts(c: Expr) -> list[Expr]:
    if c.kind == "binary" and c.name == "&&" and len(c.args) == 2:
        return _conjuncts(c.args[0]) + _conjuncts(c.args[1])
    return [c]


def _covers(c: Expr, name: str, d: str) -> bool:
    """`c` (holding) keeps `name` at or above `d`: `name >= d`, `name > d`, `d <= name`, `d < name`."""
    if c.kind != "binary" or len(c.args) != 2 or c.name not in (">=", ">", "<=", "<"):
        return False
    big, small = c.args if c.name in (">=", ">") else c.args[::-1]
    return big.kind == "ident" and big.name == name and render(small) == d


def spent_down(f: Function, body: list[Stmt]) -> dict[str, Expr]:
    """Locals declared from one value and otherwise only lowered by `v -= d` where a holding condition
    keeps `v >= d` (`while (left >= price) { ..; left -= price; }`): each is at most the value it was
    declared from, as a local assigned once is. Local to its declared value, for `own_payment`."""
    decl = {s.names[0]: s.exprs[0] for s in f.statements() if s.kind == "var" and len(s.names) == 1 and s.exprs}
    lowered: set[str] = set()
    for s, facts in walk_facts(body):
        for e in s.exprs:
            for x in e.walk():
                if x.kind not in ("assign", "unary") or not x.args or x.args[0].kind != "ident":
                    continue
                name = x.args[0].name
                held = [k for c, h in facts if h for k in _conjuncts(c)]
                if x.kind == "assign" and x.name == "-=" and any(_covers(k, name, render(x.args[1])) for k in held):
                    lowered.add(name)
                elif x.kind == "assign" or x.name in ("++", "--", "x++", "x--", "delete"):
                    decl.pop(name, None)
    return {k: v for k, v in decl.items() if k in lowered}


def checked_sum(e: Expr | None, f: Function, guarded: dict[int, bool]) -> bool:
    """`e` is a local declared zero (or bare) that every later write changes only at a statement a caller
    check guards (`guarded`: caller_guarded's map), and at least one does."""
    if e is None or e.kind != "ident":
        return False
    decl = [s for s in f.statements() if s.kind == "var" and s.names == [e.name]]
    if len(decl) != 1 or decl[0].exprs and not (decl[0].exprs[0].kind == "literal" and decl[0].exprs[0].name == "0"):
        return False
    writes = [
        s
        for s in f.statements()
        for x in s.exprs
        for y in x.walk()
        if y.kind in ("assign", "unary") and y.args and y.args[0].kind == "ident" and y.args[0].name == e.name
    ]
    return bool(writes) and all(guarded.get(id(s), False) for s in writes)
