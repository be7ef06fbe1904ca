"""Internal functions reached only under a re-entrancy lock (`reentrancy`, detectors/reentrancy.py).

`function stake(..) external nonReentrant { _stake(ids); }` with `_stake` internal: the only way into
`_stake` is through a caller that holds the lock, so a call `_stake` makes cannot re-enter any
lock-holding function, exactly as if `_stake`'s body were written inside `stake`. A non-public function
is *locked* when it has at least one call site in the contract (with its bases) and every function that
calls it is itself guarded by a lock modifier, is a constructor, or is locked (a fixed point, so
`stake -> _stake -> _pull` is locked throughout). A call from a modifier, or from any public function
without the lock, unlocks it; so does a public function of the same name (an overload the caller can
reach). A function nobody in the contract calls (a base meant for derived code) stays unlocked.
"""

from __future__ import annotations

from collections.abc import Callable

from ..flow import Scope
from ..ir import Function

__all__ = ["locked_only"]


def _callers(scope: Scope) -> dict[str, list[Function | None]]:
    """callee name -> the functions calling it internally (`None` for a modifier)."""
    out: dict[str, list[Function | None]] = {}
    owners: list[tuple[Function, Function | None]] = [(g, g) for fs in scope.functions.values() for g in fs]
    owners += [(m, None) for m in scope.modifiers.values()]
    for g, who in owners:
        if g.body is None:
            continue
        locals_ = scope.local_types(g)
        for st in g.statements():
            for e in st.exprs:
                for info in scope.calls(e, locals_):
                    if info.kind == "internal" and info.target is None:
                        out.setdefault(info.name, []).append(who)
    return out


def locked_only(scope: Scope, guarded: Callable[[Function], bool]) -> set[str]:
    """Names of the non-public functions only lock-holding code calls."""
    callers = _callers(scope)
    public = {n for n, fs in scope.functions.items() if any(g.is_public for g in fs)}
    locked: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, who in callers.items():
            if name in locked or name in public or name not in scope.functions:
                continue
            if all(
                g is not None
                and g.name != name
                and (guarded(g) or g.kind == "constructor" or (not g.is_public and g.name in locked))
                for g in who
            ):
                locked.add(name)
                changed = True
    return locked
