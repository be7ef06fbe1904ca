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
A clamp `if (paying > room) { paying = room; }` only lowers a wei local; `v - v % d` and `v % d` are at
most `v`. Any such amount credited to a total of 128 bits or more (`balances[msg.sender] += paying /
10**15`, `totalSupply += a + b` of wei locals) cannot wrap it (`wide_credit`); a narrower total can.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..flow import Scope, root_name
from ..ir import Expr, Function, render
from ._bounds import WEI_BITS, const_value, is_wei, plain_sets, wei_locals
from ._ranges import type_bits

__all__ = ["WEI_VALUE", "credited_wei", "narrow_uint", "stored_key", "wei_valued_locals", "wide_credit"]

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
    if e.kind == "binary" and len(e.args) == 2 and e.name == "-" and _remainder_of(e.args[1], e.args[0]):
        return upper_wei(e.args[0], scope, wei, kinds, known)  # `v - v % d` is at most `v`
    if e.kind == "binary" and len(e.args) == 2 and e.name in ("+", "*", "/", "%"):
        a = upper_wei(e.args[0], scope, wei, kinds, known)
        if e.name == "%":  # a remainder of `v` is at most `v` (a zero divisor reverts)
            return a
        if e.name == "/":  # so is a quotient
            d = const_value(e.args[1], scope)
            return None if a is None else a // d if d else a
        b = upper_wei(e.args[1], scope, wei, kinds, known)
        if a is None or b is None:
            return None
        out = a + b if e.name == "+" else a * b
        return out if out < 2**256 else None
    return None


def _remainder_of(b: Expr, a: Expr) -> bool:
    """`b` is `a % d`."""
    return b.kind == "binary" and b.name == "%" and len(b.args) == 2 and render(b.args[0]) == render(a)


def _clamps(f: Function) -> set[int]:
    """The assignments `v = e` that only lower `v`: the first statement of `if (v > e) { v = e; .. }`."""
    out: set[int] = set()
    for s in f.statements():
        if s.kind != "if" or not s.exprs or not s.body:
            continue
        c = s.exprs[0]
        if c.kind != "binary" or c.name not in (">", ">=", "<", "<=") or len(c.args) != 2:
            continue
        big, small = c.args if c.name in (">", ">=") else c.args[::-1]
        first = s.body[0].body[0] if s.body[0].kind == "block" and s.body[0].body else s.body[0]
        for e in first.exprs if first.kind == "expr" else ():
            if e.kind == "assign" and e.name == "=" and render(e.args[0]) == render(big):
                if render(e.args[1]) == render(small) and big.kind == "ident":
                    out.add(id(e))
    return out


def wei_valued_locals(f: Function, scope: Scope, kinds: dict[str, str]) -> dict[str, int]:
    """The locals of `f` (not its parameters) whose every assigned value is an amount of wei, with the
    largest value each can hold. A clamp `if (v > cap) { v = cap; }` only lowers `v`: it is not a value."""
    params = {p.name for p in (*f.params, *f.returns)}
    values: dict[str, list[Expr]] = {}
    opaque: set[str] = set(params)
    clamps = _clamps(f)
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
                if x.kind == "assign" and x.name == "=" and id(x) in clamps:
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
    return known


def narrow_uint(e: Expr, scope: Scope) -> bool:
    """`e` is known to be (or cast to) an unsigned type below 128 bits."""
    t = e.name if e.kind == "cast" else scope.type_of(e, {})
    bits = type_bits(t) if t.startswith("uint") else None
    return bits is not None and bits < 128


def wide_credit(a: Expr, b: Expr, scope: Scope, kinds: dict[str, str], known: Mapping[str, int]) -> bool:
    """`a += b` credits an amount of wei (`investing / 10` of a local only ever given wei) to a total of at
    least 128 bits: a sum of wei that was really sent, fewer than 2**32 times 2**96, cannot wrap it. A
    total or credit of a narrower type (`uint64 pot`, `uint8(fee)`) can."""
    if narrow_uint(a, scope) or narrow_uint(b, scope) or _settable(stored_key(a, scope), scope):
        return False
    bound = upper_wei(b, scope, set(), kinds, dict(known))
    leaves = [x for x in b.walk() if x.kind in ("ident", "member", "index")]
    return (
        bound is not None
        and bound <= WEI_VALUE
        and any(x.kind == "ident" and x.name in known or is_wei(x, set()) for x in leaves)
    )


def _settable(key: str, scope: Scope) -> bool:
    """Some function sets the total `key` (`stored_key`) to a value that is neither a literal, nor wei, nor
    the total moved by an amount (`seed(uint j) { jackpot = j; }`): a caller may set it next to 2**256 first.
    An unknown key (a local, say) counts as settable."""
    if not key:
        return True
    return any(
        stored_key(x.args[0], scope) == key and not is_wei(x.args[1], wei_locals(g)) for g, x in plain_sets(scope)
    )


def credited_wei(rhs: Expr, scope: Scope, wei: set[str]) -> bool:
    """`x += rhs` credits an amount of wei (`msg.value`, `amount * FEE / 1000` with `amount` wei)."""
    b = upper_wei(rhs, scope, wei, {}, {})
    return b is not None and b <= WEI_VALUE and any(is_wei(x, wei) for x in rhs.walk())
