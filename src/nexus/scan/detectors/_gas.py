"""A lower bound on what one iteration of a loop over a storage array costs, for `unbounded-loop`'s gas
argument: a walk of `n` elements that costs at least `n * per_iteration` gas can no longer run once that
exceeds the block gas limit, whoever calls it.

The bound counts storage reads only (EIP-2929 prices, in force since the Berlin fork):

* the element itself: a cold slot, 2,100 gas, per element; Solidity packs elements narrower than 16 bytes
  (`uint8[]`: 32 per slot), so one cold read and 31 warm ones (100 gas) per slot: 2,100 / k + 100 (k-1) / k;
  Vyper gives every element its own slot;
* each further storage slot the body reaches through the element or the index (`points[members[i]]`,
  `balance[i]`): a new slot every iteration, so at least one cold access, 2,100 gas.

Everything else (the SSTORE that usually follows, 2,900 to 20,000 gas; memory; the loop's own
arithmetic; calls) is left out, so the estimate is a floor and a finding is a walk that cannot fit even
at that floor. The limit is Ethereum's 30M gas block (the brief's figure; mainnet has raised it since,
while EIP-7825 caps one transaction at 2**24 ≈ 16.8M): a Vyper `DynArray[address, 2**32]` walked by
`for m in self.members: self.points[m] += 1` needs over 2**32 * 4,200 gas, reported; a
`DynArray[address, 50]` needs 210,000 at least and is not."""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Stmt, render
from ._arrays import shape

__all__ = ["BLOCK_GAS_LIMIT", "COLD_SLOAD", "WARM_SLOAD", "element_cost", "iteration_cost", "loop_vars"]

BLOCK_GAS_LIMIT = 30_000_000
COLD_SLOAD = 2_100
WARM_SLOAD = 100


def element_cost(width: int) -> float:
    """Gas to read one element of `width` bytes from a walked storage array (cold slot, packed ones warm)."""
    per_slot = 32 // width if 0 < width <= 16 else 1
    return COLD_SLOAD / per_slot + WARM_SLOAD * (per_slot - 1) / per_slot


def _written(stmts: list[Stmt]) -> set[str]:
    return {
        x.args[0].name
        for s in stmts
        for st in s.walk()
        for e in st.exprs
        for x in e.walk()
        if x.kind in ("assign", "unary") and x.args and x.args[0].kind == "ident"
    }


def loop_vars(loop: Stmt) -> set[str]:
    """The loop's index or element (`for x in`, a for initialiser, a counter its condition tests and it
    steps), and the locals the body derives from them (`address m = members[i];`)."""
    out = set(loop.names) | {n for s in loop.init for n in s.names} | _written(loop.init)
    cond = loop.exprs[0] if loop.exprs else None
    tested = {x.name for x in cond.walk() if x.kind == "ident"} if cond is not None else set()
    stepped = _written(loop.body) | {
        x.args[0].name for e in loop.exprs for x in e.walk() if x.kind == "unary" and x.args[0].kind == "ident"
    }
    out |= tested & stepped
    for _ in range(2):
        for s in loop.body:
            for st in s.walk():
                if st.kind == "var" and st.exprs and any(_reads(e, out) for e in st.exprs):
                    out |= set(st.names)
    return out


def _reads(e: Expr, names: set[str]) -> bool:
    return any(x.kind == "ident" and x.name in names for x in e.walk())


def iteration_cost(
    loop: Stmt, walked: str, width: int, scope: Scope, pointers: dict[str, Expr], locals_: dict[str, str]
) -> float:
    """A floor on one iteration's gas: the walked element plus one cold slot per other storage entry the
    body keys by the loop's index or element."""
    vars_ = loop_vars(loop)
    slots: set[str] = set()
    for s in loop.body:
        for st in s.walk():
            for e in st.exprs:
                for x in e.walk():
                    if x.kind != "index" or len(x.args) < 2 or not _reads(x.args[1], vars_):
                        continue
                    sh = shape(x, scope, pointers, locals_)
                    if sh and sh != walked + "[]" and not sh.startswith(walked + "[]"):
                        slots.add(render(x))
    return element_cost(width) + COLD_SLOAD * len(slots)
