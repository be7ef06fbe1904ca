"""Counters stepped by one inside `unchecked { }`: how many steps a wrap takes.

`unchecked { nonce = s.nonce + 1; }` wraps only after `2**N` steps of an N-bit counter, each one a
transaction's storage write. The width comes from the operand's declared type, or, for a struct field
whose type the IR does not keep, from a round trip through a typed local: `n = s.f + 1; ... s.f = n;`
with `uint32 n` makes `s.f` a `uint32` exactly (from 0.8 neither direction converts implicitly to a
narrower type). The counter must be read from storage (a state variable, a field through a storage
pointer, or a local copied once from one): a caller's `uint64 n` plus one wraps at once. `2**64` writes
are out of reach (the detector stays quiet, as for a `uint256` counter); `2**32` writes cost at least
`2**32 * 2,900` gas, months of every block: a low note; anything narrower (a `uint8` counter wraps after
256 steps) stays reported.
"""

from __future__ import annotations

from ..flow import Scope, root_name
from ..ir import Expr, Function, render
from ._conserve import value_locals
from ._ranges import type_bits

__all__ = ["step_width"]


def _bits(t: str) -> int | None:
    t = t.strip()
    if t in ("uint", "uint256"):
        return 256
    return type_bits(t) if t.startswith("uint") else None


def _target_of(x: Expr, f: Function) -> str | None:
    """The local that `n = x` or `T n = x` stores the operation into."""
    for s in f.statements():
        if s.kind == "var" and len(s.names) == 1 and s.exprs and s.exprs[0] is x:
            return s.names[0]
        for e in s.exprs:
            for y in e.walk():
                if y.kind == "assign" and y.name == "=" and y.args[1] is x and y.args[0].kind == "ident":
                    return y.args[0].name
    return None


def _stored_back(a: Expr, local: str, f: Function) -> bool:
    """`a = local` somewhere in `f`: the stepped value goes back where it was read from."""
    target = render(a)
    return any(
        y.kind == "assign"
        and y.name == "="
        and render(y.args[0]) == target
        and y.args[1].kind == "ident"
        and y.args[1].name == local
        for s in f.statements()
        for e in s.exprs
        for y in e.walk()
    )


def _stored(a: Expr, f: Function, scope: Scope, locals_: dict[str, str]) -> bool:
    """`a` reads storage: a state variable (or a part of one), a field through a storage pointer (a local
    `S storage p`, or a struct parameter of a function no outside caller reaches), or a local declared
    once from one of those. A caller's argument (`uint64 n` passed in) is no counter."""
    vals = value_locals(f)
    for _ in range(2):  # `uint128 i = q._end;` then `i + 1`
        if a.kind == "ident" and a.name in vals and a.name not in scope.state:
            a = vals[a.name]
    root = root_name(a)
    if root in scope.state:
        return True
    if a.kind not in ("member", "index") or root not in locals_:
        return False
    if root in scope.storage_aliases(f) or any(
        s.kind == "var" and root in s.names and s.location == "storage" for s in f.statements()
    ):
        return True
    return not f.is_public and any(p.name == root and locals_[root] in scope.structs for p in f.params)


def step_width(x: Expr, sym: str, a: Expr, b: Expr, f: Function, scope: Scope, locals_: dict[str, str]) -> int | None:
    """The width in bits of counter `a` that operation `x` steps by one (`a + 1`, `a += 1`); None when
    `x` is no such step or the width is unknown."""
    if sym != "+" or b.kind != "literal" or b.name != "1" or not _stored(a, f, scope, locals_):
        return None
    known = _bits(scope.type_of(a, locals_))
    if known is not None:
        return known
    if x.kind != "binary" or a.kind not in ("member", "index"):
        return None
    local = _target_of(x, f)
    if local is None or local not in locals_:
        return None
    width = _bits(locals_[local])
    return width if width is not None and _stored_back(a, local, f) else None
