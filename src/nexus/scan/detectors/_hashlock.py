"""A payment behind a hash lock (unprotected-withdrawal, ether.py).

`require(h == keccak256(secret))`, with `secret` an argument and `h` a constant or state the caller does
not write in this call, admits only a caller who knows a preimage of `h`: knowledge of the secret is the
authorisation, as in a hashed time-lock contract or a bounty for solving a puzzle. The payment is then not
open to anyone. (Revealing the secret in a pending transaction lets others copy it: that is front-running,
reported on its own.)
"""

from __future__ import annotations

from ..facts import Fact
from ..flow import Scope
from ..ir import Expr, Function
from ._draws import is_hash

__all__ = ["hash_locked"]


def _fixed(e: Expr, params: set[str], scope: Scope) -> bool:
    """A constant or state read (no argument, no call): a value fixed before this call."""
    return (
        e.kind in ("ident", "member", "index")
        and not any(y.kind == "call" or y.kind == "ident" and y.name in params for y in e.walk())
        and any(y.kind == "ident" and y.name in scope.state for y in e.walk())
    )


def _of_argument(e: Expr, params: set[str]) -> bool:
    return is_hash(e) and any(y.kind == "ident" and y.name in params for y in e.walk())


def hash_locked(facts: tuple[Fact, ...], f: Function, scope: Scope) -> bool:
    """A fact holding there says `fixed == hash(.. argument ..)` (in either order)."""
    params = {p.name for p in f.params}
    written = {n for s in f.statements() for e in s.exprs for n, _ in scope.state_writes(e, {}, {})}
    for cond, holds in facts:
        if not holds:
            continue
        for x in cond.walk():
            if x.kind == "binary" and x.name == "==" and len(x.args) == 2:
                for a, b in (x.args, x.args[::-1]):
                    mine = any(y.kind == "ident" and y.name in written for y in a.walk())
                    if _fixed(a, params, scope) and not mine and _of_argument(b, params):
                        return True
    return False
