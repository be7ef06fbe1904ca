"""Amounts the owner's configuration caps, for the pre-0.8 arithmetic detector.

A caller may pick `amount`, but after `require(amount <= maxPerTx)` or the crowdsale's
`if (msg.value > (cap - totalSupply) / rate) throw;` it is at most what constants and owner-set state
allow: a wrap needs the owner to configure a bound near 2**256, a trusted input rather than an attacker's.
Unlike the guard dominance the detector already reads (operands compared with each other), a cap here is
oriented: `require(amount >= minDeposit)` bounds nothing from above, nor does `if (amount < max) throw;`.

The cap check itself (`cap - totalSupply`) cannot go below zero while every increase of the total is
checked against the same cap: only the owner lowering the cap under the total makes it wrap.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..flow import Scope, guard_condition, root_name
from ..ir import Expr, Function, Stmt
from ._arith import contains, norm
from ._bounds import only_accumulated
from ._conserve import trusted, value_locals

__all__ = ["capped_total", "oriented_guards", "owner_bounded", "owner_capped", "upper_caps"]

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def oriented_guards(
    body: list[Stmt], guards: tuple[tuple[Expr, bool], ...] = ()
) -> Iterator[tuple[Stmt, tuple[tuple[Expr, bool], ...]]]:
    """Every statement with the conditions that hold when it runs, each with its polarity (True: the
    condition holds, False: it is known false)."""
    current = guards
    for s in body:
        yield s, current
        if s.kind == "if" and s.exprs:
            yield from oriented_guards(s.body, (*current, (s.exprs[0], True)))
            yield from oriented_guards(s.orelse, (*current, (s.exprs[0], False)))
        elif s.kind in ("block", "loop"):
            inner = (*current, *((e, True) for e in s.exprs[:1])) if s.kind == "loop" else current
            yield from oriented_guards(s.init + s.body, inner)
        g = guard_condition(s)
        if g is not None:
            negated = s.kind == "if" and bool(s.body) and _ends_in_stop(s.body)
            current = (*current, (g, not negated))


def _ends_in_stop(body: list[Stmt]) -> bool:
    last = body[-1]
    if last.kind in ("throw", "revert", "return"):
        return True
    if last.kind == "block" and last.body:
        return _ends_in_stop(last.body)
    e = last.exprs[0] if last.kind == "expr" and last.exprs else None
    stops = ("revert", "selfdestruct", "suicide")
    return e is not None and e.kind == "call" and e.callee.kind == "ident" and e.callee.name in stops


def _comparisons(e: Expr, holds: bool) -> Iterator[tuple[Expr, str, Expr]]:
    """The comparisons `small op big` (op `<` or `<=`) that hold when `e` has the given truth value."""
    while e.kind == "unary" and e.name == "!" and e.args:
        e, holds = e.args[0], not holds
    if e.kind != "binary" or len(e.args) != 2:
        return
    if e.name == ("&&" if holds else "||"):
        for a in e.args:
            yield from _comparisons(a, holds)
        return
    op = e.name if holds else {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}.get(e.name, "")
    if op in ("<", "<="):
        yield e.args[0], op, e.args[1]
    elif op in (">", ">="):
        yield e.args[1], _FLIP[op], e.args[0]


def _cap(e: Expr, scope: Scope, owner: set[str], vals: dict[str, Expr]) -> bool:
    """An upper bound only constants and owner-set state decide: `max`, `cap - total`, `(cap - total) / rate`."""
    while e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    if trusted(e, scope, owner, None, vals):
        return True
    if e.kind == "binary" and e.name in ("-", "/") and len(e.args) == 2:
        return _cap(e.args[0], scope, owner, vals)  # at most the left operand (its own wrap is capped_total's)
    return False


def upper_caps(guards: tuple[tuple[Expr, bool], ...], scope: Scope, owner: set[str], vals: dict[str, Expr]) -> set[str]:
    """The operands (as written) an oriented guard caps by an owner-decided bound."""
    return {
        norm(small) for g, holds in guards for small, _, big in _comparisons(g, holds) if _cap(big, scope, owner, vals)
    }


def owner_bounded(e: Expr, scope: Scope, owner: set[str], wei: set[str], vals: dict[str, Expr], caps: set[str]) -> bool:
    """`e` is at most what constants, owner-set state, wei and owner-capped operands make it."""
    while e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    if norm(e) in caps or trusted(e, scope, owner, wei, vals):
        return True
    if e.kind == "ident" and e.name in vals:
        rest = {k: v for k, v in vals.items() if k != e.name}
        return owner_bounded(vals[e.name], scope, owner, wei, rest, caps)
    if e.kind == "binary" and e.name in ("+", "*", "/", "%") and len(e.args) == 2:
        return all(owner_bounded(a, scope, owner, wei, vals, caps) for a in e.args) or (
            e.name in ("/", "%") and owner_bounded(e.args[0], scope, owner, wei, vals, caps)
        )
    return False


def capped_total(a: Expr, b: Expr, scope: Scope, owner: set[str], vals: dict[str, Expr]) -> bool:
    """`cap - total`: `cap` only constants and owner-set state decide, `total` a plain state variable
    every increase of which (`+=`, or `=` from anything but a literal, outside constructors) runs under a
    check that reads both the cap and the total."""
    sv = scope.state.get(b.name) if b.kind == "ident" else None
    if sv is None or sv.type.startswith("mapping") or not trusted(a, scope, owner, None, vals):
        return False
    cap, total = norm(a), b.name
    for fs in scope.functions.values():
        for g in fs:
            if g.body is None or g.kind == "constructor":
                continue
            for s, guards in oriented_guards(g.body):
                for e in s.exprs:
                    for x in e.walk():
                        grows = (
                            x.kind == "assign"
                            and root_name(x.args[0]) == total
                            and (x.name == "+=" or x.name == "=" and x.args[1].kind != "literal")
                        )
                        if grows and not any(contains(c, cap) and contains(c, total) for c, _ in guards):
                            return False
    return True


def owner_capped(  # noqa: PLR0913
    x: Expr,
    sym: str,
    a: Expr,
    b: Expr,
    f: Function,
    guards: tuple[tuple[Expr, bool], ...],
    scope: Scope,
    owner: set[str],
    wei: set[str],
) -> bool:
    """An operation only the owner's configuration lets wrap: the cap check `cap - total` of a capped
    total, a credit of an owner-capped amount (`require(v <= maxPerTx); bal[to] += v`), or operands that
    owner-capped amounts, constants, wei and owner-set state decide (`v * rate` after the cap on `v`)."""
    vals, owner = value_locals(f), owner - set(scope.local_types(f))  # a parameter may shadow the state
    if sym == "-":
        return x.kind == "binary" and capped_total(a, b, scope, owner, vals)
    caps = upper_caps(guards, scope, owner, vals)
    if not caps:
        return False
    if x.kind == "assign":  # a total no caller can set next to 2**256 first, credited a capped amount
        target = root_name(a)
        return (
            sym == "+"
            and (only_accumulated(target, scope) or target in owner)
            and owner_bounded(b, scope, owner, wei, vals, caps)
        )
    return all(owner_bounded(e, scope, owner, wei, vals, caps) for e in (a, b))
