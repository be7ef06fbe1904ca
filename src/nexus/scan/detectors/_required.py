"""Payments that must succeed (helper for dos.py KingOfTheHill, SWC-113).

A payment blocks its function for good when its failure reverts the whole call and the recipient is
an address any caller can install: a contract there that rejects ether freezes the game. Beyond
`require(x.send(v))` and `x.transfer(v)`, the failure reverts when the success flag of a low-level
value call (or a stored `send`) is later required (`require(ok)`, `assert(ok)`, `if (!ok) revert`),
when `require` wraps the low-level call itself, and for Vyper `raw_call(..., value=v)` whose
`revert_on_failure` is left at its default (True).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..flow import CallInfo, Scope
from ..ir import Expr, Function, Stmt

__all__ = ["required_payments"]

_CHECKS = ("require", "assert")


def required_payments(scope: Scope, f: Function, locals_: dict[str, str]) -> Iterator[CallInfo]:
    """Low-level value calls and stored sends of `f` whose failure reverts `f`."""
    stmts = list(f.statements())
    for n, s in enumerate(stmts):
        for e in s.exprs:
            for x in e.walk():
                if x.kind != "call":
                    continue
                if x.callee.kind == "ident" and x.callee.name in _CHECKS:
                    for a in x.arguments[:1]:
                        yield from (i for i in scope.calls(a, locals_) if _value_call(i))
                    continue
                info = scope.classify(x, locals_)
                if not (_value_call(info) or info.kind == "send"):
                    continue
                if scope.unit.language == "vyper":
                    if info.kind == "lowlevel" and _reverts_by_default(x):
                        yield info
                    continue
                flag = _flag(s, x)
                if flag and any(_requires(t, flag) for t in stmts[n + 1 :]):
                    yield info


def _value_call(info: CallInfo) -> bool:
    return info.kind == "lowlevel" and info.name == "call" and "value" in info.expr.options


def _reverts_by_default(call: Expr) -> bool:
    flag = call.options.get("revert_on_failure")
    return flag is None or flag.name != "False"


def _flag(s: Stmt, call: Expr) -> str:
    """The local the success flag of `call` is stored in (`bool ok = ...`, `(ok, ) = ...`, `ok = ...`)."""
    if s.kind == "var" and s.names and s.exprs and s.exprs[0] is call:
        return s.names[0]
    for e in s.exprs:
        if e.kind == "assign" and e.args[1] is call:
            target = e.args[0].args[0] if e.args[0].kind == "tuple" and e.args[0].args else e.args[0]
            return target.name if target.kind == "ident" else ""
    return ""


def _requires(s: Stmt, flag: str) -> bool:
    for e in s.exprs:
        if s.kind == "if" and _negates(e, flag):
            return any(t.kind in ("revert", "throw") for b in s.body for t in b.walk()) or _check_false(s.body)
        if e.kind == "call" and e.callee.kind == "ident" and e.callee.name in _CHECKS and e.arguments:
            return _holds(e.arguments[0], flag)
    return False


def _holds(c: Expr, flag: str) -> bool:
    if c.kind == "ident":
        return c.name == flag
    return c.kind == "binary" and c.name == "&&" and any(_holds(a, flag) for a in c.args)


def _negates(c: Expr, flag: str) -> bool:
    if c.kind == "unary" and c.name == "!":
        return c.args[0].kind == "ident" and c.args[0].name == flag
    return c.kind == "binary" and c.name == "||" and any(_negates(a, flag) for a in c.args)


def _check_false(body: list[Stmt]) -> bool:
    return any(
        e.kind == "call" and e.callee.kind == "ident" and e.callee.name == "revert"
        for b in body
        for t in b.walk()
        for e in t.exprs
    )
