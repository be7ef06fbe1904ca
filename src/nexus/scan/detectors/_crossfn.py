"""Cross-function re-entrancy past a lock (`reentrancy`, detectors/reentrancy.py).

`withdraw() external lock { require(credit[msg.sender] >= a); msg.sender.call{value: a}(""); credit[msg.sender] -= a; }`
with `transferCredit(to, a) external { require(credit[msg.sender] >= a); credit[msg.sender] -= a; credit[to] += a; }`
and no lock on `transferCredit`: the lock stops a second `withdraw`, not the hook's call into
`transferCredit`, which re-validates the stale credit and moves it away before `withdraw` debits it.
A variable is *exposed* when some public, state-changing function without a lock modifier, not a
constructor and not owner-only, writes it only after a top-level check of its own reading it
(_recheck.checked_writes): a function that acts on the value, not one that only adds to it
(`deposit() { balance[msg.sender] += msg.value; }` re-entered mid-withdraw harms nobody). It is exposed too
when such a function reads it directly in a top-level check that gates a state write
(`borrow(a) { require(debt[msg.sender] + a <= limit(collateral[msg.sender])); debt[msg.sender] += a; ... }`):
re-entered from the payment, the check passes on collateral already paid out.
"""

from __future__ import annotations

from collections.abc import Callable

from ..flow import Scope, caller_guards
from ..guards import guard_condition
from ..ir import Function
from ._recheck import checked_writes

__all__ = ["exposed_writes"]


def exposed_writes(scope: Scope, guarded: Callable[[Function], bool]) -> dict[str, str]:
    """state variable -> the name of an unlocked public function that re-validates and writes it."""
    out: dict[str, str] = {}
    for fs in scope.functions.values():
        for g in fs:
            if g.body is None or g.is_readonly or not g.is_public or guarded(g) or g.kind == "constructor":
                continue
            if g.kind in ("fallback", "receive") or _owner_gated(scope, g):
                continue
            for var in sorted(checked_writes(scope, g) | _gating_reads(scope, g)):
                out.setdefault(var, g.name)
    return out


def _owner_gated(scope: Scope, g: Function) -> bool:
    """Every statement of `g` runs only after a caller check (`onlyOwner`, `require(msg.sender == x)`)."""
    lines = caller_guards(scope, g)
    body = [s for top in g.body or [] for s in top.walk()]
    return bool(body) and all(lines.get(s.line, False) for s in body)


def _gating_reads(scope: Scope, g: Function) -> set[str]:
    """State variables `g` names in a top-level check that some later state write of `g` depends on."""
    locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
    read: set[str] = set()
    out: set[str] = set()
    for top in g.body or []:
        if read and any(scope.state_writes(e, locals_, aliases) for s in top.walk() for e in s.exprs):
            out |= read
        cond = guard_condition(top)
        if cond is not None:
            names = {x.name for x in cond.walk() if x.kind == "ident"}
            read |= {n for n in names if n in scope.state and n not in locals_}
    return out
