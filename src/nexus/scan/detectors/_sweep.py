"""A payment the caller aims: the contract's whole balance sent to an address parameter of a public
function (`sweep(to)`: `to.call{value: address(this).balance}`). With no caller check this is
anyone-can-withdraw as surely as a send to `msg.sender`. An amount computed from a record (`owed[to]`) is
an entitlement paid out, and a caller-chosen amount to a chosen target is the shape of a relay or executor
whose guard often sits in an overridable hook (OpenZeppelin's Governor.relay): both stay out."""

from __future__ import annotations

from ..ir import Expr, Function

__all__ = ["chosen_sweep"]


def _strip(e: Expr) -> Expr:
    """`payable(x)`, `address(x)` and casts peeled off."""
    while (e.kind == "cast" and e.args) or (
        e.kind == "call" and e.callee.kind == "ident" and e.callee.name in ("payable", "address") and len(e.args) == 2
    ):
        e = e.args[0] if e.kind == "cast" else e.args[1]
    return e


def _whole_balance(e: Expr) -> bool:
    e = _strip(e)
    return e.kind == "member" and e.name == "balance" and bool(e.args) and _strip(e.args[0]).name in ("this", "self")


def chosen_sweep(f: Function, to: Expr, amount: Expr | None, once: dict[str, Expr]) -> bool:
    """`to` is a parameter of `f` and `amount` is the contract's whole balance (through a local assigned
    once)."""
    params = {p.name for p in f.params if p.name}
    dest = _strip(to)
    if dest.kind != "ident" or dest.name not in params or amount is None:
        return False
    a = _strip(amount)
    for _ in range(3):
        if a.kind == "ident" and a.name in once:
            a = _strip(once[a.name])
    return _whole_balance(a)
