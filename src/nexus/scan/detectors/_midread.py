"""Read-only re-entrancy on the reading side (`read-only-reentrancy`, detectors/modern.py).

A money market that values collateral with a Curve-style pool's `get_virtual_price()` reads a price the
pool exposes mid-update: `remove_liquidity` burns the LP supply and pays ETH out (a call into the
receiver) before its balances are settled, and a contract called there sees an inflated virtual price
and borrows against it. The known defence is to take the pool's own lock first: a state-changing call
on the same pool (`pool.remove_liquidity(0, ..)`, `pool.claim_admin_fees()`) before the read reverts
while the pool is mid-update. A read is *exposed* when a function calls one of the pool prices below on
an external contract (not `this`) and makes no state-changing call on that same contract earlier in the
function. It is *acted on* when the reading function is state-changing or is called by one (a view a
`borrow` prices from), which raises the finding to medium confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..flow import Scope, root_name
from ..ir import Function

__all__ = ["MidRead", "exposed_pool_reads"]

# Pool prices computed from balances a pool updates after paying out (Curve stable and crypto pools).
_POOL_PRICES = frozenset({"get_virtual_price", "lp_price", "calc_withdraw_one_coin"})


@dataclass(frozen=True)
class MidRead:
    function: Function
    line: int
    pool: str  # the receiving variable
    price: str  # the member read
    acted_on: bool


def exposed_pool_reads(scope: Scope) -> list[MidRead]:
    funcs = [f for f in scope.contract.functions if f.body is not None]
    reads: list[tuple[Function, int, str, str]] = []
    for f in funcs:
        locals_ = scope.local_types(f)
        poked: dict[str, int] = {}  # pool variable -> first line of a state-changing call on it
        found: list[tuple[int, str, str]] = []
        for s in f.statements():
            for e in s.exprs:
                for info in scope.calls(e, locals_):
                    pool = root_name(info.target) if info.target is not None else ""
                    if not pool or pool == "this":
                        continue
                    if info.name in _POOL_PRICES and info.kind in ("static", "external"):
                        found.append((info.expr.line, pool, info.name))
                    elif info.transfers_control:
                        poked.setdefault(pool, info.expr.line)
        reads += [(f, line, pool, name) for line, pool, name in found if poked.get(pool, line + 1) > line]
    acting = _acting(scope, funcs)
    return [MidRead(f, line, pool, name, f.name in acting) for f, line, pool, name in reads]


def _acting(scope: Scope, funcs: list[Function]) -> set[str]:
    """Names of state-changing functions and of those they call internally (transitively)."""
    calls: dict[str, set[str]] = {}
    for f in funcs:
        locals_ = scope.local_types(f)
        calls.setdefault(f.name, set()).update(
            info.name
            for s in f.statements()
            for e in s.exprs
            for info in scope.calls(e, locals_)
            if info.kind == "internal" and info.target is None
        )
    out = {f.name for f in funcs if not f.is_readonly and f.kind != "constructor"}
    todo = list(out)
    while todo:
        for callee in calls.get(todo.pop(), set()):
            if callee not in out:
                out.add(callee)
                todo.append(callee)
    return out
