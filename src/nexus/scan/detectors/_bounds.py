"""Value bounds for the arithmetic detector: constants, amounts of wei, and guards that cap an operand.

Before Solidity 0.8 an operation can only wrap if its operands can get large enough. These helpers prove
the cases where they cannot: all the ether there is (about 2**87 wei) times a constant, a sum of amounts
that were really sent, an operand a `require(x <= C)` caps; and they recognise an aggregate (a total
supply) debited by an amount already checked against one holder's record.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..flow import Scope, root_name
from ..ir import Expr, Function, render

__all__ = [
    "ether_bounded",
    "is_ether",
    "only_accumulated",
    "plain_sets",
    "only_stepped",
    "tiny_step",
    "aggregate_debit",
    "upper",
    "caps_of",
    "const_value",
    "is_wei",
    "moves",
    "sent_amounts",
    "text",
    "wei_locals",
]

WEI_BITS = 88  # all the ether in existence is below 2**87 wei


def const_value(e: Expr, scope: Scope) -> int | None:
    """The value of a literal, a constant state variable, or + - * / ** of them; None otherwise."""
    if e.kind == "literal":
        number, _, unit = e.name.partition(" ")
        scale = {"": 1, "wei": 1, "gwei": 10**9, "szabo": 10**12, "finney": 10**15, "ether": 10**18}.get(unit)
        value = _number(number.replace("_", ""))
        return value * scale if value is not None and scale is not None else None
    if e.kind == "ident":
        sv = scope.state.get(e.name)
        return const_value(sv.value, scope) if sv is not None and sv.constant and sv.value is not None else None
    if e.kind == "binary" and e.name in ("+", "-", "*", "/", "**") and len(e.args) == 2:
        a, b = (const_value(x, scope) for x in e.args)
        if a is None or b is None or (e.name == "**" and b > 256) or (e.name == "/" and b == 0):
            return None
        if e.name == "**":
            out = a**b if a < 2**256 else 2**256
        else:
            out = a + b if e.name == "+" else a - b if e.name == "-" else a * b if e.name == "*" else a // b
        return out if 0 <= out < 2**256 else None
    return None


def _number(text: str) -> int | None:
    """A literal's integer value: decimal `10000`, hex `0xffff`, scientific `1e18` (`_` already removed)."""
    if text.isdigit():
        return int(text)
    if text[:2].lower() == "0x" and text[2:] and all(c in "0123456789abcdefABCDEF" for c in text[2:]):
        return int(text, 16)
    mantissa, e, exponent = text.lower().partition("e")
    if e and mantissa.isdigit() and exponent.isdigit() and int(exponent) <= 77:
        return int(mantissa) * 10 ** int(exponent)
    return None


def wei_locals(f: Function) -> set[str]:
    """Locals declared from `msg.value` and never assigned again: an amount of wei under another name."""
    declared = {
        s.names[0]
        for s in f.statements()
        if s.kind == "var" and len(s.names) == 1 and s.exprs and _strip(s.exprs[0]).is_member("msg", "value")
    }
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "assign" and x.args[0].kind == "ident":
                    declared.discard(x.args[0].name)
    return declared


def _strip(e: Expr) -> Expr:
    while e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    return e


def is_wei(e: Expr, wei: set[str]) -> bool:
    e = _strip(e)
    return (
        e.is_member("msg", "value")
        or (e.kind == "member" and e.name == "balance")
        or (e.kind == "ident" and e.name in wei)
    )


def text(e: Expr) -> str:
    """An expression as written, without its outer parentheses."""
    out = render(e)
    return out[1:-1] if e.paren else out


def sent_amounts(f: Function) -> set[str]:
    """The amounts (as written) that `f` sends as ether: `x.transfer(a)`, `x.send(a)`, `.call.value(a)`."""
    out: set[str] = set()
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind != "call":
                    continue
                amount = x.options.get("value") or x.callee.options.get("value")
                if (
                    amount is None
                    and x.callee.kind == "member"
                    and x.callee.name in ("send", "transfer")
                    and len(x.args) == 2
                ):
                    amount = x.args[1]
                if amount is not None:
                    out.add(text(amount))
    return out


def upper(e: Expr, scope: Scope, wei: set[str], caps: dict[str, int]) -> int | None:
    """An upper bound of `e`: a constant, an amount of wei, an identifier an earlier guard caps, and
    products / quotients of those; None when nothing bounds it."""
    e = _strip(e)
    c = const_value(e, scope)
    if c is not None:
        return c
    if is_wei(e, wei):
        return 2**WEI_BITS
    if e.kind == "ident":
        return caps.get(e.name)
    if e.kind == "binary" and e.name == "/":
        return upper(e.args[0], scope, wei, caps)
    if e.kind == "binary" and e.name == "*":
        a, b = (upper(x, scope, wei, caps) for x in e.args)
        return a * b if a is not None and b is not None and a * b < 2**256 else None
    return None


def caps_of(guards: tuple[Expr, ...], scope: Scope) -> dict[str, int]:
    """Identifiers an earlier condition caps by a constant: `x <= C`, `x < C`, `C >= x`, `C > x`."""
    out: dict[str, int] = {}
    for g in guards:
        for c in g.walk():
            if c.kind != "binary" or c.name not in ("<", "<=", ">", ">="):
                continue
            small, big = c.args if c.name in ("<", "<=") else (c.args[1], c.args[0])
            limit = const_value(big, scope)
            if small.kind == "ident" and limit is not None:
                out[small.name] = min(limit, out.get(small.name, limit))
    return out


def aggregate_debit(target: Expr, amount: str, guards: tuple[Expr, ...], scope: Scope) -> bool:
    """`total -= v` on a plain state total, after a check of `v` against one holder's record
    (`require(balances[a] >= v)`): the total holds at least that record, so it cannot go below zero
    unless the contract's accounting is already broken elsewhere."""
    sv = scope.state.get(root_name(target))
    if target.kind != "ident" or sv is None or sv.type.startswith("mapping"):
        return False
    for g in guards:
        for c in g.walk():
            if c.kind != "binary" or c.name not in ("<", "<=", ">", ">="):
                continue
            small, big = c.args if c.name in ("<", "<=") else (c.args[1], c.args[0])
            rec = scope.state.get(root_name(big))
            if text(small) == amount and big.kind == "index" and rec is not None and rec.type.startswith("mapping"):
                return True
    return False


def tiny_step(sym: str, a: Expr, b: Expr, scope: Scope, locals_: dict[str, str]) -> bool:
    """`n += 1` on a uint256: 2**256 transactions are out of reach."""
    return (
        sym == "+"
        and b.kind == "literal"
        and b.name.isdigit()
        and int(b.name) <= 2**32
        and scope.type_of(a, locals_) in ("uint256", "uint")
    )


def only_accumulated(name: str, scope: Scope) -> bool:
    """A state total that only ever moves by `+=` / `-=` (or `x = x.add(v)`, `x = safeSub(x, v)`: the
    stored value moved by an amount) or is reset to a literal: no caller can set it next to 2**256 first."""
    if name not in scope.state:
        return False
    return not any(root_name(x.args[0]) == name for _, x in plain_sets(scope))


def plain_sets(scope: Scope) -> Iterator[tuple[Function, Expr]]:
    """Every `x = v` of the scope's functions (with its function) where `v` is neither a literal nor `x`
    moved by one amount (`moves`): a write that may set `x` to anything."""
    for fs in scope.functions.values():
        for g in fs:
            for s in g.statements():
                for e in s.exprs:
                    for x in e.walk():
                        if x.kind == "assign" and x.name == "=" and x.args[1].kind != "literal":
                            if not moves(x.args[0], x.args[1]):
                                yield g, x


def moves(target: Expr, value: Expr) -> bool:
    """`value` is the target's own stored value moved by one amount: `t + v`, `t.sub(v)`, `add(t, v)`."""
    t = render(target)
    if value.kind == "binary" and value.name in ("+", "-") and len(value.args) == 2:
        return render(value.args[0]) == t
    if value.kind == "call" and value.callee.kind == "member" and value.callee.args:
        return render(value.callee.args[0]) == t and len(value.arguments) == 1  # `t.add(v)` (using-for)
    if value.kind == "call" and value.callee.kind == "ident" and len(value.arguments) == 2:
        return render(value.arguments[0]) == t  # `safeAdd(t, v)`
    return False


def only_stepped(a: Expr, scope: Scope) -> bool:
    """Before 0.8: a state counter that every write moves by a small literal step (or resets to a
    literal), so no caller can set it next to 2**256 first."""
    name = root_name(a)
    if name not in scope.state:
        return False
    for fs in scope.functions.values():
        for g in fs:
            for s in g.statements():
                for e in s.exprs:
                    for x in e.walk():
                        if x.kind == "assign" and x.args and root_name(x.args[0]) == name:
                            if x.args[1].kind != "literal":
                                return False
    return True


def is_ether(e: Expr) -> bool:
    """An amount of wei: at most all the ether there is (about 2**87), so no uint256 sum of them wraps."""
    return (
        e.is_member("msg", "value")
        or (e.kind == "member" and e.name == "balance")
        or (e.kind == "cast" and len(e.args) == 1 and is_ether(e.args[0]))
    )


def ether_bounded(x: Expr, sym: str, a: Expr, b: Expr, scope: Scope) -> bool:
    """`total += msg.value`, `balances[a] + msg.value`, `msg.value * 3`: a stored sum of every wei ever sent
    (or a small multiple of one amount) stays far below 2**256. Subtraction is never bounded this way, nor is
    a wei amount added to a caller's argument."""
    if sym == "+":
        if x.kind == "assign":
            return is_ether(b)
        return any(is_ether(p) and (is_ether(q) or root_name(q) in scope.state) for p, q in ((a, b), (b, a)))
    if sym == "*":
        small = [e for e in (a, b) if e.kind == "literal" and e.name.isdigit() and int(e.name) < 2**128]
        return bool(small) and any(is_ether(e) for e in (a, b))
    return False
