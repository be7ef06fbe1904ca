"""Percentages whose sum every setter keeps under a constant (MasterChef's `devPercent + treasuryPercent`).

Reward splitters keep several stored shares (`devPercent`, `treasuryPercent`, ...) and pay the rest:
`1000 - devPercent - treasuryPercent`. Each setter first checks the new share alone (`_new <= 1000`) and
then the new total (`treasuryPercent + _new <= 1000`) before the write, and so does the constructor.
Under that invariant the remainder cannot go below zero and the checked total cannot wrap: the audits of
MasterChef forks dismiss both. A share any write stores unchecked, or a total not checked against the
same constant, stays reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..flow import Scope
from ..ir import Expr, Function
from ._arith import norm
from ._bounds import const_value
from ._dominance import walk_dominated

__all__ = ["share_bounded"]

_LIMIT = 2**128  # a cap this low leaves a sum of a few capped shares far from 2**256


def _terms(e: Expr) -> list[Expr]:
    if e.kind == "binary" and e.name == "+" and len(e.args) == 2:
        return _terms(e.args[0]) + _terms(e.args[1])
    return [e]


def _caps(g: Expr, scope: Scope) -> Iterator[tuple[list[Expr], int]]:
    """(summed terms, constant) for each `sum <= K` / `sum < K` / `K >= sum` the guard asserts."""
    if g.kind == "binary" and g.name == "&&":
        for a in g.args:
            yield from _caps(a, scope)
        return
    if g.kind != "binary" or g.name not in ("<=", "<", ">=", ">") or len(g.args) != 2:
        return
    low, high = g.args if g.name in ("<=", "<") else reversed(g.args)
    k = const_value(high, scope)
    if k is not None and k < _LIMIT:
        yield _terms(low), k


def _capped(v: Expr, guards: tuple[Expr, ...], scope: Scope) -> int | None:
    """The smallest constant a guard caps `v` alone by."""
    caps = [k for g in guards for terms, k in _caps(g, scope) if len(terms) == 1 and norm(terms[0]) == norm(v)]
    return min(caps) if caps else None


def _writes(var: str, scope: Scope, only: Function | None = None) -> Iterator[tuple[Expr | None, tuple[Expr, ...]]]:
    """Each value stored in `var` with the guards that dominate it (None: a compound or unknown write)."""
    for fs in scope.functions.values():
        for f in fs:
            if only is not None and f is not only:
                continue
            for s, guards in walk_dominated(f, scope):
                for e in s.exprs:
                    for x in e.walk():
                        if x.kind == "assign" and x.args[0].kind == "ident" and x.args[0].name == var:
                            yield (x.args[1] if x.name == "=" else None), guards
                        elif x.kind == "unary" and x.args and x.args[0].kind == "ident" and x.args[0].name == var:
                            yield None, guards


def _share(var: str, scope: Scope) -> bool:
    """Every write of the stored `var` stores a value a guard caps alone."""
    writes = list(_writes(var, scope))
    return bool(writes) and all(v is not None and _capped(v, g, scope) is not None for v, g in writes)


def _sum_kept(chain: list[str], limit: int, scope: Scope) -> bool:
    """Every write of each share in `chain` is dominated by `total <= K` (K <= limit) whose terms are the
    new value and at least the chain's other shares, each capped alone."""
    for var in chain:
        for f in (f for fs in scope.functions.values() for f in fs):
            for v, guards in _writes(var, scope, f):
                if v is None or _capped(v, guards, scope) is None:
                    return False
                # each other share by name, or by the value the same function stores in it (a constructor)
                others = [{c} | {norm(w) for w, _ in _writes(c, scope, f) if w is not None} for c in chain if c != var]
                if not any(
                    k <= limit and norm(v) in names and all(o & names for o in others)
                    for g in guards
                    for terms, k in _caps(g, scope)
                    if len(terms) > 1
                    for names in [{norm(t) for t in terms}]
                ):
                    return False
    return True


def _remainder(x: Expr, scope: Scope) -> tuple[int, list[str]] | None:
    """`K - s1 - s2 ...` of stored shares: (K, [s1, s2, ...])."""
    if x.kind == "binary" and x.name == "-" and len(x.args) == 2:
        right = x.args[1]
        if right.kind != "ident" or right.name not in scope.state:
            return None
        k = const_value(x.args[0], scope)
        if k is not None:
            return k, [right.name]
        inner = _remainder(x.args[0], scope)
        return None if inner is None else (inner[0], [*inner[1], right.name])
    return None


def share_bounded(x: Expr, sym: str, guards: tuple[Expr, ...], scope: Scope) -> bool:
    """`K - devPercent - treasuryPercent` under the setters' total cap, or a checked total of capped shares."""
    if sym == "-":
        rem = _remainder(x, scope)
        return rem is not None and _sum_kept(rem[1], rem[0], scope)
    if sym != "+" or x.kind != "binary":
        return False
    terms = _terms(x)
    for t in terms:
        if t.kind != "ident":
            return False
        if t.name in scope.state:
            if not _share(t.name, scope):
                return False
        elif _capped(t, guards, scope) is None:
            return False
    return len(terms) > 1
