"""Amounts of wei that travel through locals and credited totals (pre-0.8 arithmetic).

A local is an amount of wei when every value it is ever given is one: `uint win = 0; if (..) win =
bet.amount * 19 / 10;` (a stored wei field times a constant ratio), `pot = jackpot` (a total only ever
credited with wei). Each assignment's upper bound is read from constants, `msg.value`, wei locals and
stored wei, through `*` / `/` by constants and `+`; the local's bound is the largest, and it counts as
wei when that bound is at most 2**96 (all the ether there is, about 2**87, times a factor up to 512), so
the sum of two such amounts, or one times a constant below 2**128, cannot wrap a uint256. A single
assignment from anything else (a caller's argument, an unbounded state variable, `+=`) leaves the local
unknown. A state variable is credited wei when every write stores a literal or adds such an amount
(`jackpot += msg.value / 100`): a sum of wei that was really sent, as `total += msg.value` already is.
"""

from __future__ import annotations

from ..flow import Scope, root_name
from ..ir import Expr, Function
from ._bounds import WEI_BITS, const_value, is_wei, wei_locals

__all__ = ["WEI_VALUE", "credited_wei", "stored_key", "wei_valued_locals"]

WEI_VALUE = 2**96  # the largest bound still read as "an amount of wei"


def stored_key(e: Expr, scope: Scope) -> str:
    """The key a stored value is known by: `.field` for any struct field, a state variable's root name."""
    while e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    if e.kind == "member" and e.args and not e.args[0].is_member("msg", "sender"):
        base = e.args[0]
        if not (base.kind == "ident" and base.name in ("block", "msg", "tx", "this")):
            return "." + e.name
    name = root_name(e)
    return name if e.kind in ("ident", "index") and name in scope.state else ""


def upper_wei(e: Expr, scope: Scope, wei: set[str], kinds: dict[str, str], known: dict[str, int]) -> int | None:
    """An upper bound of `e` from constants, wei and the locals in `known`; None when nothing bounds it.
    `kinds` maps a stored key (`.amount`, a state variable) to what every write stores (`_stored`)."""
    while e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    c = const_value(e, scope)
    if c is not None:
        return c
    if e.kind == "ident" and e.name in known:
        return known[e.name]
    if is_wei(e, wei) or kinds.get(stored_key(e, scope)) == "wei":
        return 2**WEI_BITS
    if e.kind == "binary" and len(e.args) == 2 and e.name in ("+", "*", "/"):
        a = upper_wei(e.args[0], scope, wei, kinds, known)
        if e.name == "/":
            d = const_value(e.args[1], scope)
            return None if a is None else a // d if d else a
        b = upper_wei(e.args[1], scope, wei, kinds, known)
        if a is None or b is None:
            return None
        out = a + b if e.name == "+" else a * b
        return out if out < 2**256 else None
    return None


def wei_valued_locals(f: Function, scope: Scope, kinds: dict[str, str]) -> set[str]:
    """The locals of `f` (not its parameters) whose every assigned value is an amount of wei."""
    params = {p.name for p in (*f.params, *f.returns)}
    values: dict[str, list[Expr]] = {}
    opaque: set[str] = set(params)
    for s in f.statements():
        if s.kind == "var" and len(s.names) == 1 and s.names[0] not in params:
            values.setdefault(s.names[0], []).extend(s.exprs[:1])
        elif s.kind == "var":
            opaque.update(s.names)
        for e in s.exprs:
            for x in e.walk():
                target = x.args[0] if x.args else None
                if target is None or target.kind != "ident":
                    continue
                if x.kind == "assign" and x.name == "=":
                    values.setdefault(target.name, []).append(x.args[1])
                elif x.kind == "assign" or (x.kind == "unary" and x.name in ("++", "--", "x++", "x--")):
                    opaque.add(target.name)
    wei = wei_locals(f)
    known: dict[str, int] = {}
    for _ in range(3):  # a local assigned from another: a short fixed point
        for name, exprs in values.items():
            if name in opaque or name in scope.state and name not in scope.local_types(f):
                continue
            bounds = [upper_wei(v, scope, wei, kinds, known) for v in exprs]
            if bounds and all(b is not None and b <= WEI_VALUE for b in bounds):
                known[name] = max(b for b in bounds if b is not None)
    return set(known)


def credited_wei(rhs: Expr, scope: Scope, wei: set[str]) -> bool:
    """`x += rhs` credits an amount of wei (`msg.value`, `amount * FEE / 1000` with `amount` wei)."""
    b = upper_wei(rhs, scope, wei, {}, {})
    return b is not None and b <= WEI_VALUE and any(is_wei(x, wei) for x in rhs.walk())
