"""A block-derived hash handed, unchanged, to a public function of the same contract (bad-randomness).

`play()` computing `keccak256(msg.sender, block.number)` and passing it straight on as an argument of
`playSystem(uint _hash, ..)`, itself a public function, draws nothing: any caller can call `playSystem`
with a value of their own choosing, so the hash only fills in a default for a parameter the caller
controls anyway, and whatever the callee does with it (a bet's numbers) it does as well with a chosen
value. A cast that keeps every bit (`uint(..)`, `bytes32(..)`) is the same value; a narrowing cast, or
any arithmetic on the way, is a draw and stays reported.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function
from ._draws import is_hash

__all__ = ["handed_to_public"]

_FULL = ("uint", "uint256", "int", "int256", "bytes32")


def _public_callee(scope: Scope, call: Expr, f: Function) -> bool:
    info = scope.classify(call, scope.local_types(f))
    targets = scope.functions.get(info.name, []) if info.kind == "internal" and info.target is None else []
    return bool(targets) and all(g.is_public and g.kind == "function" for g in targets)


def handed_to_public(scope: Scope, f: Function) -> set[int]:
    """ids of hash nodes of `f` that reach, through full-width casts only, an argument of a call to a
    public function of this contract."""
    out: set[int] = set()
    for s in f.statements():
        for e in s.exprs:
            parents = {id(a): x for x in e.walk() for a in x.args}
            for x in e.walk():
                if not is_hash(x):
                    continue
                y, up = x, parents.get(id(x))
                while up is not None and up.kind == "cast" and up.name in _FULL:
                    y, up = up, parents.get(id(up))
                if up is not None and up.kind == "call" and up.callee is not y and _public_callee(scope, up, f):
                    out.add(id(x))
    return out
