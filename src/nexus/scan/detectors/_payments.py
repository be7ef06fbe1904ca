"""Ether payments and who they reach, for the ether-flow detectors (ether.py): every payment in a function
with its recipient and amount, the caller seen through casts, the conditions that limit who is paid, the
per-caller accounts a function reads, and the state payees any caller can overwrite."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..flow import CallInfo, Scope, caller_guarded, sender_check
from ..ir import Expr, Function
from ._rewalk import is_vyper_send

__all__ = ["is_caller", "open_address_writes", "payee_limits", "payment_amount", "payments", "per_caller_reads"]


def is_caller(e: Expr) -> bool:
    """The caller (`msg.sender`, `tx.origin`), also through casts and `payable(..)` / `address(..)`."""
    while (
        e.kind == "cast"
        and e.args
        or e.kind == "call"
        and e.callee.kind == "ident"
        and e.callee.name in ("payable", "address")
        and len(e.args) == 2
    ):
        e = e.args[0] if e.kind == "cast" else e.args[1]
    return e.is_member("msg", "sender") or e.is_member("tx", "origin")


def payments(scope: Scope, f: Function) -> Iterator[tuple[CallInfo, Expr | None]]:
    """Every ether payment in `f`: (the call, its recipient expression)."""
    locals_ = scope.local_types(f)
    for s in f.statements():
        for e in s.exprs:
            for info in scope.calls(e, locals_):
                if info.kind in ("send", "transfer") or info.kind == "lowlevel" and "value" in info.expr.options:
                    yield info, info.target
                elif is_vyper_send(scope, info) and info.expr.arguments:
                    yield info, info.expr.arguments[0]
                elif info.kind == "lowlevel" and info.name == "call" and "value" in info.expr.options:
                    yield info, info.target


def _mentions_caller(e: Expr) -> bool:
    return any(
        x.is_member("msg", "sender")
        or x.is_member("tx", "origin")
        or x.is_member("msg", "value")
        or x.kind == "call"
        and x.callee.kind == "ident"
        and x.callee.name in ("ecrecover", "keccak256")
        for x in e.walk()
    )


def payee_limits(scope: Scope, once: dict[str, Expr], chosen: frozenset[str]) -> Callable[[Expr, bool], bool]:
    """An operand of a condition that limits who is paid: it names the caller, the value paid or a
    signature, or is a caller check under the truth value it has there (a comparison of the caller
    with something counts only as a caller check)."""

    def atom(x: Expr, holds: bool) -> bool:
        if x.kind == "binary" and x.name in ("==", "!=") and any(is_caller(a) for a in x.args):
            return sender_check(x, scope, holds, once, chosen)  # who calls (`o = msg.sender` is no limit)
        return _mentions_caller(x) or _recovered(x, once) or sender_check(x, scope, holds, once, chosen)

    return atom


def _recovered(e: Expr, once: dict[str, Expr]) -> bool:
    """`e` reads a local assigned once from a signature recovery (`signer = ecrecover(..)`): the condition
    tests who signed, as `ecrecover(..) == issuer` written inline does."""
    return any(
        y.kind == "ident"
        and y.name in once
        and any(
            z.kind == "call" and z.callee.kind in ("ident", "member") and z.callee.name in _RECOVER
            for z in once[y.name].walk()
        )
        for y in e.walk()
    )


_RECOVER = ("ecrecover", "recover", "tryRecover")


def per_caller_reads(f: Function) -> bool:
    """The function keeps per-caller accounts: it reads `m[msg.sender]` somewhere."""
    return any(
        x.kind == "index" and len(x.args) > 1 and is_caller(x.args[1])
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
    )


def payment_amount(info: CallInfo) -> Expr | None:
    """The value a payment sends: `to.transfer(v)`, `to.send(v)`, `to.call{value: v}(..)`, `send(to, v)`."""
    if "value" in info.expr.options:
        return info.expr.options["value"]
    args = info.expr.arguments
    return args[0] if len(args) == 1 else args[1] if len(args) == 2 else None


def open_address_writes(scope: Scope) -> dict[str, tuple[Function, int]]:
    """State address variables a public function writes from caller input with no caller check."""
    out: dict[str, tuple[Function, int]] = {}
    for f in scope.contract.functions:
        if f.body is None or not f.is_public or f.kind == "constructor" or f.is_readonly:
            continue
        guarded = caller_guarded(scope, f)
        params = {p.name for p in f.params}
        for s in f.statements():
            if guarded.get(id(s), False):
                continue
            for e in s.exprs:
                for x in e.walk():
                    if x.kind != "assign" or x.name != "=" or x.args[0].kind != "ident":
                        continue
                    sv = scope.state.get(x.args[0].name)
                    src = x.args[1]
                    if sv is None or not sv.type.startswith("address"):
                        continue
                    if is_caller(src) or any(y.kind == "ident" and y.name in params for y in src.walk()):
                        out.setdefault(sv.name, (f, x.line))
    return out
