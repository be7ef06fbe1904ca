"""Signature flow for the raw-ecrecover detectors (signatures.py): recover sites, the signature material
and digest names of every function (through locals and into callers), and the `s` / `v` bounds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..flow import Scope
from ..ir import Expr, Function, Stmt

__all__ = ["Sites", "derive", "exprs", "idents", "is_recover", "recover_sites", "s_bounded", "v_restricted"]

_HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0
_ORDER_OPS = ("<", "<=", ">", ">=")


def exprs(f: Function) -> Iterator[tuple[Stmt, Expr]]:
    for s in f.statements():
        for e in s.exprs:
            yield s, e


def idents(e: Expr) -> set[str]:
    return {y.name for y in e.walk() if y.kind == "ident"}


def is_recover(x: Expr) -> bool:
    return x.kind == "call" and x.callee.kind == "ident" and x.callee.name == "ecrecover" and len(x.arguments) == 4


def derive(f: Function, seed: set[str]) -> set[str]:
    """`seed` and every local whose value is computed from it (declarations and assignments, to a fixpoint)."""
    names = set(seed)
    for _ in range(4):
        before = len(names)
        for s, e in exprs(f):
            if s.kind == "var" and idents(e) & names:
                names |= set(s.names)
            for x in e.walk():
                if x.kind == "assign" and x.args[0].kind == "ident" and idents(x.args[1]) & names:
                    names.add(x.args[0].name)
        if len(names) == before:
            break
    return names


@dataclass
class Sites:
    """Per function: signature material, digest names, and the recover calls it makes (directly or via a helper)."""

    material: dict[int, set[str]] = field(default_factory=dict)
    digest: dict[int, set[str]] = field(default_factory=dict)
    calls: dict[int, list[Expr]] = field(default_factory=dict)  # ecrecover calls in the function
    s_names: set[str] = field(default_factory=set)


def recover_sites(scope: Scope) -> tuple[Sites, list[Function]]:
    funcs = [f for fs in scope.functions.values() for f in fs if f.body is not None]
    out = Sites()
    for f in funcs:
        calls = [x for _, e in exprs(f) for x in e.walk() if is_recover(x)]
        if not calls:
            continue
        out.calls[id(f)] = calls
        plain = {p.name for p in f.params if p.type.split()[0] != "bytes"}
        # a `bytes` parameter is the packed signature only when some v or s is not a plain parameter (split
        # out of it); with v, r, s passed apart it is the message (`relay(.., bytes payload, v, r, s)`)
        split = any(not idents(c.args[2]) | idents(c.args[4]) <= plain for c in calls)
        sig = {p.name for p in f.params if p.type.split()[0] == "bytes"} if split else set()
        for c in calls:
            _, h, v, _r, s = c.args
            sig |= idents(v) | idents(s)  # not r: (r, n - s, v ^ 1) has the same r
            out.s_names |= idents(s)
            out.digest.setdefault(id(f), set()).update(idents(h))
        out.material[id(f)] = derive(f, sig)
        out.digest[id(f)] = derive(f, out.digest[id(f)])
    for _ in range(2):  # into callers: an argument passed where the callee takes signature material / the digest
        for g in funcs:
            for _, e in exprs(g):
                for x in e.walk():
                    if x.kind != "call" or x.callee.kind != "ident":
                        continue
                    for callee in scope.functions.get(x.callee.name, []):
                        for which in (out.material, out.digest):
                            names = which.get(id(callee), set())
                            got = {
                                n
                                for p, a in zip(callee.params, x.arguments, strict=False)
                                if p.name in names
                                for n in idents(a)
                            }
                            if got - which.get(id(g), set()):
                                which[id(g)] = derive(g, which.get(id(g), set()) | got)
    return out, funcs


def _big(e: Expr, scope: Scope) -> bool:
    """A literal (or a constant naming one) of at least half the curve order's size: an `s` bound."""
    for y in e.walk():
        text = y.name if y.kind == "literal" else ""
        if y.kind == "ident" and y.name in scope.state and scope.state[y.name].value is not None:
            v = scope.state[y.name].value
            text = v.name if v is not None and v.kind == "literal" else ""
        try:
            if text and int(text.replace("_", ""), 0) >= _HALF_ORDER // 2:
                return True
        except ValueError:
            continue
    return False


def s_bounded(funcs: list[Function], names: set[str], scope: Scope) -> bool:
    """Some comparison orders one of `names` against a half-order sized constant (`s <= secp256k1n/2`)."""
    for f in funcs:
        for _, e in exprs(f):
            for x in e.walk():
                if x.kind == "binary" and x.name in _ORDER_OPS:
                    for a, b in ((x.args[0], x.args[1]), (x.args[1], x.args[0])):
                        if idents(a) & names and _big(b, scope):
                            return True
    return False


def v_restricted(funcs: list[Function], sites: Sites) -> bool:
    vs = {n for f in funcs for c in sites.calls.get(id(f), []) for n in idents(c.args[2])}
    return any(
        x.kind == "binary" and idents(x) & vs and any(y.kind == "literal" and y.name in ("27", "28") for y in x.walk())
        for f in funcs
        for _, e in exprs(f)
        for x in e.walk()
    )
