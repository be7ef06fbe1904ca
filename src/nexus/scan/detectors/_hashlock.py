"""A payment behind a hash lock (unprotected-withdrawal, ether.py).

`require(h == keccak256(secret))`, with `secret` an argument and `h` a constant or state only a
constructor or a caller-checked (owner) function writes, admits only a caller who knows a preimage of
`h`: knowledge of the secret is the authorisation, as in a hashed time-lock contract or a bounty for
solving a puzzle. The payment is then not open to anyone. (Revealing the secret in a pending
transaction lets others copy it: that is front-running, reported on its own.)
"""

from __future__ import annotations

from ..facts import Fact
from ..flow import Scope
from ..ir import Expr, Function
from ._conserve import owner_set
from ._draws import is_hash

__all__ = ["hash_locked"]


def _fixed(e: Expr, params: set[str], scope: Scope, owner: set[str]) -> bool:
    """A read of constants and owner-set state only (no argument, no call): no caller chose it."""
    names = [y.name for y in e.walk() if y.kind == "ident"]
    return (
        e.kind in ("ident", "member", "index")
        and not any(y.kind == "call" for y in e.walk())
        and bool(names)
        and all(n not in params for n in names)
        and names[0] in scope.state
        and (scope.state[names[0]].constant or names[0] in owner)
    )


def _of_argument(e: Expr, params: set[str]) -> bool:
    return is_hash(e) and any(y.kind == "ident" and y.name in params for y in e.walk())


def hash_locked(facts: tuple[Fact, ...], f: Function, scope: Scope) -> bool:
    """A fact holding there says `fixed == hash(.. argument ..)` (in either order)."""
    params, owner = {p.name for p in f.params}, owner_set(scope)
    written = {n for s in f.statements() for e in s.exprs for n, _ in scope.state_writes(e, {}, {})}
    for cond, holds in facts:
        if not holds:
            continue
        for x in cond.walk():
            if x.kind == "binary" and x.name == "==" and len(x.args) == 2:
                for a, b in (x.args, x.args[::-1]):
                    mine = any(y.kind == "ident" and y.name in written for y in a.walk())
                    if _fixed(a, params, scope, owner) and not mine and _of_argument(b, params):
                        return True
    return False
