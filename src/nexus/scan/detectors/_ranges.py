"""Ranges the pre-0.8 arithmetic detector can prove from types, ether guards and locals.

A caller's argument is not always unbounded: a `uint8 level` is below 256 whatever the caller sends, so
`uint256(level) * 3` cannot wrap; an amount a guard holds below the contract's balance or `msg.value`
(`require(amount <= this.balance)`) is below all the ether there is; a local computed once from bounded
values (`uint bonus = level * 3`) is as bounded as its expression; and `amount - amount / 100` (or a fee
local holding `amount * p / q` with `p <= q`) cannot go below zero.

A remainder is below its divisor: `a % d <= d - 1`, where `d` is at most its cap, its constant value, or
the largest value of its unsigned type (`2**N - 1` for a `uintN`). So `uint(hash) % players.length + 1`
is at most `2**256 - 1` and cannot wrap whatever `d` is; `a % d + c` cannot wrap when
`(max d - 1) + max c` fits the operation's width. A divisor of unknown or signed type (`int % int` can
reach `2**255 - 1` with `d = -2**255`) proves nothing. `d == 0` reverts before any addition. The same
sum is a lower bound: `uint pick = x % n + 1;` is at least 1, so `pick - 1` cannot go below zero.
"""

from __future__ import annotations

import re

from ..flow import Scope, root_name
from ..ir import Expr, Function
from ._bounds import WEI_BITS, caps_of, const_value, is_wei, only_accumulated, text, upper
from ._conserve import value_locals

__all__ = ["bounded_operation", "fraction_of", "lower", "range_caps", "type_bits", "width"]

_UINT = re.compile(r"^uint(\d+)$")


def type_bits(t: str) -> int | None:
    """The width of a narrow unsigned type (`uint8` .. `uint248`); None for uint256 or anything else."""
    m = _UINT.match(t.strip())
    bits = int(m.group(1)) if m else 256
    return bits if bits < 256 else None


def _wei_caps(guards: tuple[Expr, ...], wei: set[str]) -> dict[str, int]:
    """Identifiers a guard holds at or below an amount of wei: `x <= this.balance`, `msg.value >= x`."""
    out: dict[str, int] = {}
    for g in guards:
        for c in g.walk():
            if c.kind != "binary" or c.name not in ("<", "<=", ">", ">=") or len(c.args) != 2:
                continue
            small, big = c.args if c.name in ("<", "<=") else (c.args[1], c.args[0])
            if small.kind == "ident" and is_wei(big, wei):
                out[small.name] = 2**WEI_BITS
    return out


def range_caps(
    f: Function, scope: Scope, locals_: dict[str, str], wei: set[str], caps: dict[str, int], guards: tuple[Expr, ...]
) -> dict[str, int]:
    """`caps` (identifiers a guard caps by a constant) widened by what types, ether guards and locals
    computed once prove: narrow unsigned parameters, locals and state variables, amounts a guard holds
    below some wei, and never-reassigned locals whose expression `upper` bounds."""
    out = dict(caps)
    for name, t in (*((n, v.type) for n, v in scope.state.items()), *locals_.items()):
        bits = type_bits(t)
        if bits is not None:
            out[name] = min(out.get(name, 2**bits), 2**bits - 1)
    for name, cap in _wei_caps(guards, wei).items():
        out[name] = min(out.get(name, cap), cap)
    vals = value_locals(f)
    for _ in range(3):  # locals computed from locals: a short chain
        for name, e in vals.items():
            if name not in out and (u := _upper(e, scope, wei, out, locals_)) is not None:
                out[name] = u
    return out


def _unsigned_max(e: Expr, scope: Scope, locals_: dict[str, str] | None) -> int | None:
    """The largest value of `e`'s unsigned type (`uint` is `uint256`); None for a signed or unknown type."""
    t = scope.type_of(e, locals_ or {}).strip()
    if t == "uint":
        return 2**256 - 1
    m = _UINT.match(t)
    return 2 ** int(m.group(1)) - 1 if m and 8 <= int(m.group(1)) <= 256 else None


def _upper(
    e: Expr, scope: Scope, wei: set[str], caps: dict[str, int], locals_: dict[str, str] | None = None
) -> int | None:
    """`upper`, and through what cannot grow a value: `x - y` (at most x: it reverts or wraps only below
    zero, which the detector reports on its own), `x % d` (at most x, and at most `max d - 1`), and either
    branch of `c ? x : y`."""
    while e.kind == "cast" and len(e.args) == 1 and type_bits(e.name) is None:
        e = e.args[0]
    if e.kind == "binary" and e.name == "-" and len(e.args) == 2:
        return _upper(e.args[0], scope, wei, caps, locals_)
    if e.kind == "binary" and e.name == "%" and len(e.args) == 2:
        num, den = e.args
        ud = _upper(den, scope, wei, caps, locals_)
        ud = ud if ud is not None else _unsigned_max(den, scope, locals_)
        bounds = [u for u in (_upper(num, scope, wei, caps, locals_), None if ud is None else ud - 1) if u is not None]
        return max(0, min(bounds)) if bounds else None
    if e.kind == "ternary" and len(e.args) == 3:
        a, b = (_upper(x, scope, wei, caps, locals_) for x in e.args[1:])
        return max(a, b) if a is not None and b is not None else None
    if e.kind == "unary" and e.name == "~" and e.args:
        return _unsigned_max(e.args[0], scope, locals_)  # `~x` has x's type: at most its largest value
    if e.kind == "binary" and e.name == "/" and len(e.args) == 2:
        d = const_value(e.args[1], scope)
        if d is not None and d >= 1:  # `x / C`: at most x's bound, or its type's largest value, over C
            top = _upper(e.args[0], scope, wei, caps, locals_)
            top = top if top is not None else _unsigned_max(e.args[0], scope, locals_)
            return None if top is None else top // d
    if e.kind == "binary" and e.name in ("*", "+") and len(e.args) == 2:
        a, b = (_upper(x, scope, wei, caps, locals_) for x in e.args)
        if a is not None and b is not None and (total := a * b if e.name == "*" else a + b) < 2**256:
            return total
    if e.kind == "member" and e.name == "length" and e.args and _decoded_length(e.args[0], scope, locals_):
        return _LENGTH_MAX
    return upper(e, scope, wei, caps)


_LENGTH_MAX = 2**64 - 1


_BOUNDED_LENGTHS = (0, 6, 5)


def _decoded_length(base: Expr, scope: Scope, locals_: dict[str, str] | None) -> bool:
    """From 0.6.5, the length of an array or `bytes` is below 2**64: the ABI decoder reverts on a larger
    calldata length (both decoders check it from 0.5.0), `new T[](n)` on a larger memory one (0.6.5 fixed
    the allocation that wrapped, the MemoryArrayCreationOverflow bug), and a stored array only grows by
    `push` (0.6.0 made `.length` read-only). Before, a stored length can be set to anything and
    `new T[](n)` of a huge `n` wraps its size."""
    if scope.unit.language != "vyper" and (scope.unit.version is None or scope.unit.version < _BOUNDED_LENGTHS):
        return False
    if base.is_member("msg", "data"):
        return True
    t = scope.type_of(base, locals_ or {}).strip()
    return t in ("bytes", "string") or t.endswith("[]")


def lower(e: Expr, scope: Scope, wei: set[str], locals_: dict[str, str], vals: dict[str, Expr]) -> int:
    """A lower bound of an unsigned `e` (0 when nothing better is known): a constant, a sum `p + q` that
    cannot wrap (`x % n + 1` is at least 1 and at most `2**256 - 1`), and a local computed once from one
    (`uint pick = x % n + 1;` then `pick - 1` cannot go below zero). A signed or unknown type: 0."""
    while e.kind == "cast" and len(e.args) == 1 and type_bits(e.name) is None:
        e = e.args[0]
    c = const_value(e, scope)
    if c is not None:
        return c
    if e.kind == "ident" and e.name in vals and _unsigned_max(e, scope, locals_) is not None:
        rest = {k: v for k, v in vals.items() if k != e.name}  # no cycles
        return lower(vals[e.name], scope, wei, locals_, rest)
    if e.kind == "binary" and e.name == "+" and len(e.args) == 2:
        p, q = e.args
        up, uq = (_upper(x, scope, wei, {}, locals_) for x in (p, q))
        if up is not None and uq is not None and up + uq < 2 ** width(e, scope, locals_):
            return lower(p, scope, wei, locals_, vals) + lower(q, scope, wei, locals_, vals)
    return 0


def _value(x: Expr) -> Expr:
    """The value an expression yields: `(v = e)` yields `e`."""
    while x.kind == "assign" and x.name == "=" and len(x.args) == 2:
        x = x.args[1]
    return x


def _whole_parts(a: Expr, b: Expr, vals: dict[str, Expr]) -> bool:
    """`(a / n) * n` (or `share * n` with `share = a / n`, or `(share = a / n) * n`): whole parts of
    `a`, at most `a`."""
    if b.kind != "binary" or b.name != "*" or len(b.args) != 2:
        return False
    for x, n in (b.args, b.args[::-1]):
        x = _value(x)
        if x.kind == "ident" and x.name in vals:
            x = vals[x.name]
        if x.kind == "binary" and x.name == "/" and len(x.args) == 2:
            if text(x.args[0]) == text(a) and text(x.args[1]) == text(n):
                return True
    return False


def _dividend(a: Expr, b: Expr, vals: dict[str, Expr]) -> Expr:
    """`v` when one factor is (a local computed once as) `v / n`; else `a`."""
    for x in (a, b):
        x = _value(x)
        if x.kind == "ident" and x.name in vals:
            x = vals[x.name]
        if x.kind == "binary" and x.name == "/" and len(x.args) == 2:
            return x.args[0]
    return a


def _product(num: Expr) -> list[tuple[Expr, Expr]]:
    """The (factor, factor) orders of `x * y`, `x.mul(y)` (a library's checked multiply) or `mul(x, y)`."""
    if num.kind == "binary" and num.name == "*" and len(num.args) == 2:
        return [(num.args[0], num.args[1]), (num.args[1], num.args[0])]
    if num.kind == "call" and num.callee.kind == "member" and num.callee.name == "mul" and len(num.arguments) == 1:
        return [(num.callee.args[0], num.arguments[0])]
    if num.kind == "call" and num.callee.kind == "ident" and num.callee.name == "mul" and len(num.arguments) == 2:
        x, y = num.arguments
        return [(x, y), (y, x)]
    return []


def fraction_of(a: Expr, b: Expr, scope: Scope, vals: dict[str, Expr], caps: dict[str, int] | None = None) -> bool:
    """`a - b` where `b` is at most `a`: `a / C` (C >= 1), `a * p / q` (or `a.mul(p) / q`) with `p` a
    constant or capped by an earlier guard (`require(bips <= 100)`) at most the constant `q`, a remainder
    `a % d` (at most `a`), or a local computed once as one of those (`uint fee = amount / 100; amount - fee`)."""
    while b.kind == "ident" and b.name in vals:
        b, vals = vals[b.name], {k: v for k, v in vals.items() if k != b.name}
    while b.kind == "cast" and len(b.args) == 1:
        b = b.args[0]
    if _whole_parts(a, b, vals):
        return True
    if b.kind == "binary" and b.name == "%" and len(b.args) == 2 and text(b.args[0]) == text(a):
        return True  # `v - v % d`: whole multiples of `d` in `v`
    if b.kind != "binary" or b.name != "/" or len(b.args) != 2:
        return False
    num, den = b.args
    q = const_value(den, scope)
    if q is None or q < 1:
        return False
    target = text(a)
    if text(num) == target:
        return True
    for x, y in _product(num):
        p = const_value(y, scope)
        if p is None and y.kind == "ident":
            p = (caps or {}).get(y.name)
        if text(x) == target and p is not None and p <= q:
            return True
    return False


def width(e: Expr, scope: Scope, locals_: dict[str, str]) -> int:
    """The bit width an operation on `e` is computed in: a literal adapts (0), a narrow type keeps its
    width, anything else (or unknown) is 256."""
    if e.kind == "literal":
        return 0
    if e.kind == "binary" and e.name in ("+", "-", "*", "/", "%") and len(e.args) == 2:
        return max(width(a, scope, locals_) for a in e.args)
    return type_bits(scope.type_of(e, locals_)) or 256


def bounded_operation(  # noqa: PLR0913
    x: Expr,
    sym: str,
    a: Expr,
    b: Expr,
    f: Function,
    scope: Scope,
    locals_: dict[str, str],
    wei: set[str],
    sent: set[str],
    guards: tuple[Expr, ...],
) -> bool:
    """Operands too small to wrap in the operation's own width: `msg.value * 10**18` (all the wei there is
    times a constant), `uint256(level) * 3` of a `uint8 level`, a product of operands an earlier
    `require(x <= C)` or `require(x <= this.balance)` caps, or of locals computed once from those; `total
    += v` of such a bounded value (fewer than 2**128 updates cannot add up to 2**256) or of the very amount
    the function sends (a sum of ether really paid out stays below all the ether there is); `a - a / C`."""
    if sym == "-":
        if fraction_of(a, b, scope, value_locals(f), caps_of(guards, scope)):
            return True
        ub = _upper(b, scope, wei, caps_of(guards, scope), locals_)
        return ub is not None and ub <= lower(a, scope, wei, locals_, value_locals(f))  # `pick - 1`, pick >= 1
    caps = range_caps(f, scope, locals_, wei, caps_of(guards, scope), guards)
    ua, ub = _upper(a, scope, wei, caps, locals_), _upper(b, scope, wei, caps, locals_)
    limit = 2 ** (
        width(a, scope, locals_)
        if x.kind == "assign"
        else max(width(a, scope, locals_), width(b, scope, locals_)) or 256
    )
    if sym == "*":
        if const_value(a, scope) in (0, 1) or const_value(b, scope) in (0, 1):
            return True  # `v * 1` (a commission numerator of 1) is `v`
        if x.kind == "binary" and _whole_parts(_dividend(a, b, value_locals(f)), x, value_locals(f)):
            return True  # `(v / n) * n` is at most v
        return ua is not None and ub is not None and ua * ub < limit
    if sym != "+":
        return False
    if x.kind == "assign":
        return (
            limit == 2**256
            and (ub is not None and ub < 2**128 or text(b) in sent)
            and only_accumulated(root_name(a), scope)
        )
    return ua is not None and ub is not None and ua + ub < limit
