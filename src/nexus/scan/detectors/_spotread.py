"""Spot-price reads beyond named AMM getters: a ratio of two tokens' balances held by one pool address.

`usdc.balanceOf(pool) * 1e18 / weth.balanceOf(pool)` is the pool's spot price: a swap (or a plain
donation) earlier in the same transaction moves it, exactly like `getReserves()`. The contract's own
balances (`address(this)`) are left to the share-inflation detector; balances read into locals first
(`a = weth.balanceOf(pair); b = token.balanceOf(pair); a * 1e18 / b`) are followed back. `tainted_by`
follows the values a read sets through locals (`(r0, r1) = ...; (rc, rq) = (r0, r1); x = a * rq / rc`).
"""

from __future__ import annotations

from ..ir import Expr, Function, render

__all__ = ["balance_ratio", "local_defs", "tainted_by"]


def _holders(e: Expr) -> dict[str, str]:
    """`token.balanceOf(holder)` calls in `e`: rendered holder -> rendered token."""
    out: dict[str, str] = {}
    for y in e.walk():
        if y.kind == "call" and y.callee.kind == "member" and y.callee.name == "balanceOf" and y.arguments:
            holder = y.arguments[0]
            if any(z.kind == "ident" and z.name in ("this", "self") for z in holder.walk()):
                continue
            out[render(holder)] = render(y.callee.args[0]) if y.callee.args else ""
    return out


def local_defs(f: Function) -> dict[str, Expr]:
    """Single-name locals of `f` and the expression each is declared from."""
    return {s.names[0]: s.exprs[0] for s in f.statements() if s.kind == "var" and s.exprs and len(s.names) == 1}


def _read(e: Expr, defs: dict[str, Expr], depth: int = 2) -> dict[str, str]:
    """`_holders` of `e` and of the locals it names, followed `depth` declarations back."""
    out = _holders(e)
    if depth:
        for y in e.walk():
            if y.kind == "ident" and y.name in defs and defs[y.name] is not e:
                out.update(_read(defs[y.name], defs, depth - 1))
    return out


def balance_ratio(e: Expr, defs: dict[str, Expr] | None = None) -> Expr | None:
    """The first division in `e` whose two sides read balances of different tokens held by the same
    (non-self) address, directly or through the locals (`defs`) they were read into."""
    for x in e.walk():
        if x.kind != "binary" or x.name != "/" or len(x.args) != 2:
            continue
        num, den = _read(x.args[0], defs or {}), _read(x.args[1], defs or {})
        if any(h in den and den[h] != tok for h, tok in num.items()):
            return x
    return None


def tainted_by(f: Function, seeds: set[str]) -> set[str]:
    """`seeds` plus the locals assigned or declared from them (three rounds)."""
    names = set(seeds)
    for _ in range(3):
        for s in f.statements():
            for e in s.exprs:
                if not any(y.kind == "ident" and y.name in names for y in e.walk()):
                    continue
                if s.kind == "var":
                    names |= set(s.names)
                if e.kind == "assign":
                    t = e.args[0]
                    names |= {a.name for a in (t.args if t.kind == "tuple" else [t]) if a.kind == "ident"}
    return names
