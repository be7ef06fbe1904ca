"""Where a share price or a spot price comes from and what it decides (the DeFi detectors' confidence).

Share inflation: a conversion `amount * supply / assets` is worth medium confidence when its denominator
is a balance anyone can donate to (`balanceOf(address(this))`, `address(this).balance`, followed through
same-contract view helpers and the call sites of a helper's parameters), a state-changing function
reaches it, and the contract neither mints dead shares nor asks for a minimum deposit.
Spot price: the reserves/slot0 value is worth medium confidence when, in a state-changing function, it
flows into a state write, a call's argument or a require/if condition (it decides an amount moved);
a view or internal helper that reads the spot price is followed into its state-changing callers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..flow import CallInfo, Scope
from ..ir import Expr, Function, Stmt
from .modern import _expand, _word

__all__ = [
    "callers",
    "decides",
    "donatable",
    "guarded_supply",
    "helper_returns",
    "reached_by_write",
    "resolve",
    "spot_helpers",
]


def _returns(f: Function) -> list[Expr]:
    """The expressions `f` returns (return statements and assignments to named returns)."""
    named = {p.name for p in f.returns if p.name}
    out: list[Expr] = []
    for s in f.statements():
        if s.kind == "return":
            out += s.exprs
        for e in s.exprs:
            if e.kind == "assign" and e.args[0].kind == "ident" and e.args[0].name in named:
                out.append(e.args[1])
    return out


def helper_returns(scope: Scope, name: str) -> list[Expr]:
    """What the same-contract function(s) called `name` return, with their locals expanded."""
    out: list[Expr] = []
    for h in scope.functions.get(name, []):
        if h.body is None:
            continue
        defs = {n: s.exprs[0] for s in h.statements() if s.kind == "var" and s.exprs for n in s.names}
        for r in _returns(h):
            out += _expand(r, defs, 2)
    return out


def callers(scope: Scope, f: Function) -> Iterator[tuple[Function, Expr]]:
    """Same-contract functions calling `f` by name (`f(...)` or `this.f(...)`), with each call."""
    for g in (g for fs in scope.functions.values() for g in fs):
        if g is f or g.body is None:
            continue
        for s in g.statements():
            for e in s.exprs:
                for x in e.walk():
                    if x.kind != "call":
                        continue
                    c = x.callee
                    if (c.kind == "ident" and c.name == f.name) or (
                        c.kind == "member"
                        and c.name == f.name
                        and c.args[0].kind == "ident"
                        and c.args[0].name == "this"
                    ):
                        yield g, x


def resolve(scope: Scope, f: Function, parts: list[Expr], *, helpers: bool = True) -> list[Expr]:
    """`parts` plus the call-site arguments of `f`'s parameters among them and (with `helpers`) what the
    same-contract helpers they call return."""
    params = {p.name: i for i, p in enumerate(f.params) if p.name}
    out = list(parts)
    used = {y.name for p in parts for y in p.walk() if y.kind == "ident"}
    for name in used & params.keys():
        for g, call in callers(scope, f):
            args = call.arguments
            if params[name] < len(args):
                defs = {n: s.exprs[0] for s in g.statements() if s.kind == "var" and s.exprs for n in s.names}
                out += _expand(args[params[name]], defs, 2)
    if helpers:
        for p in list(out):
            for y in p.walk():
                if y.kind == "call" and y.callee.kind == "ident" and y.callee.name in scope.functions:
                    out += helper_returns(scope, y.callee.name)
    return out


def read_names(s: Stmt) -> set[str]:
    """The names a statement sets: declared locals, or the targets of `(a, b, c) = ...` / `a, b = ...`."""
    out = set(s.names)
    for e in s.exprs:
        if e.kind == "assign" and e.name == "=":
            t = e.args[0]
            out |= {a.name for a in (t.args if t.kind == "tuple" else [t]) if a.kind == "ident"}
    return out


def _this(e: Expr, me: str) -> bool:
    return (e.kind == "ident" and e.name == me) or (e.kind == "cast" and any(_this(a, me) for a in e.args))


def donatable(parts: list[Expr], language: str = "solidity") -> bool:
    """A balance anyone can raise by a plain transfer: `x.balanceOf(address(this))`, `address(this).balance`
    (Vyper: `self`)."""
    me = "self" if language == "vyper" else "this"
    for p in parts:
        for y in p.walk():
            if y.kind == "member" and y.name == "balance" and y.args and _this(y.args[0], me):
                return True
            if y.kind == "call" and y.callee.kind == "member" and y.callee.name == "balanceOf":
                if y.arguments and _this(y.arguments[0], me):
                    return True
    return False


def _literal_address(e: Expr) -> bool:
    return e.kind == "cast" and e.name.startswith("address") and bool(e.args) and e.args[0].kind == "literal"


def _min_bound(e: Expr) -> bool:
    """A comparison against a minimum: a literal of at least 2 or a name saying `min`."""
    if e.kind != "binary" or e.name not in (">=", ">", "<=", "<"):
        return False
    for side in e.args:
        if side.kind == "literal" and side.name[:1].isdigit():
            try:
                if float(side.name.replace("_", "")) >= 2:
                    return True
            except ValueError:
                return True  # 1e6, 10**3 forms the literal parser keeps whole
        if _says_min(side):
            return True
    return False


def _says_min(e: Expr) -> bool:
    """A name whose words include `min`/`minimum` (`minDeposit`, `MIN_SHARES`): not `minted`, `admin`."""
    if e.kind not in ("ident", "member"):
        return False
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", e.name or "")
    low = (e.name or "").lower().lstrip("_")
    return any(w.lower() in ("min", "minimum") for w in words) or (
        low.startswith("min") and not low.startswith(("mint", "minute"))
    )


def guarded_supply(scope: Scope, f: Function) -> bool:
    """Dead shares minted to a fixed address, or a minimum deposit asked for in `f` or its callers."""
    for g in (g for fs in scope.functions.values() for g in fs):
        for s in g.statements() if g.body is not None else ():
            for e in s.exprs:
                for x in e.walk():
                    if (
                        x.kind == "call"
                        and "mint" in _word(x.callee)
                        and x.arguments
                        and _literal_address(x.arguments[0])
                    ):
                        return True
                    if (
                        x.kind == "assign"
                        and x.args[0].kind == "index"
                        and any(_literal_address(a) for a in x.args[0].args[1:])
                    ):
                        return True
    near = [f, *(g for g, _ in callers(scope, f))]
    return any(
        _min_bound(x) for g in near if g.body is not None for s in g.statements() for e in s.exprs for x in e.walk()
    )


def reached_by_write(scope: Scope, f: Function) -> bool:
    """`f` changes state itself or a state-changing same-contract function calls it (two levels)."""
    if not f.is_readonly:
        return True
    return any(not g.is_readonly or any(not k.is_readonly for k, _ in callers(scope, g)) for g, _ in callers(scope, f))


def _tainted(f: Function, seeds: set[str], sources: list[Expr]) -> set[str]:
    """Locals (and named returns) computed from `seeds` or from any of the `sources` expressions."""
    ids = {id(x) for x in sources}
    names = set(seeds)
    for _ in range(3):
        for s in f.statements():
            for e in s.exprs:
                hit = any((y.kind == "ident" and y.name in names) or id(y) in ids for y in e.walk())
                if not hit:
                    continue
                if s.kind == "var":
                    names |= set(s.names)
                if e.kind == "assign" and e.args[0].kind == "ident":
                    names.add(e.args[0].name)
    return names


def decides(scope: Scope, f: Function, seeds: set[str], sources: list[Expr]) -> bool:
    """In state-changing `f`, a value from `seeds`/`sources` reaches a state write, a call's argument or
    a require/if condition: the price decides what moves."""
    names = _tainted(f, seeds, sources)
    ids = {id(x) for x in sources}

    def hit(e: Expr) -> bool:
        return any((y.kind == "ident" and y.name in names) or id(y) in ids for y in e.walk())

    locals_ = scope.local_types(f)
    aliases = scope.storage_aliases(f)
    for s in f.statements():
        if s.kind in ("if", "loop") and s.exprs and hit(s.exprs[0]):
            return True
        for e in s.exprs:
            for _, w in scope.state_writes(e, locals_, aliases):
                if w.kind == "assign" and hit(w.args[1]):
                    return True
            for info in scope.calls(e, locals_):
                if info.kind in ("internal", "static", "other", "builtin", "cast") and info.name not in (
                    "require",
                    "assert",
                ):
                    continue
                if any(hit(a) for a in info.expr.arguments):
                    return True
    return False


def spot_call(scope: Scope, info: CallInfo, spot: set[str]) -> bool:
    """A call to a spot-price getter on another contract (Vyper 0.3 `self.pair.getReserves()` included)."""
    if info.name not in spot:
        return False
    if info.kind in ("external", "static"):
        return True
    t = info.target
    vyper_state = t is not None and t.kind == "ident" and t.name in scope.state  # `self.` is dropped
    return scope.unit.language == "vyper" and info.kind == "library" and vyper_state


def spot_helpers(scope: Scope, spot: set[str]) -> dict[str, tuple[Function, Stmt]]:
    """Readonly same-contract functions that read a spot price: name -> (the helper, the reading statement)."""
    out: dict[str, tuple[Function, Stmt]] = {}
    for h in (h for fs in scope.functions.values() for h in fs):
        if h.body is None or not h.is_readonly:
            continue
        locals_ = scope.local_types(h)
        for s in h.statements():
            if any(spot_call(scope, i, spot) for e in s.exprs for i in scope.calls(e, locals_)):
                out.setdefault(h.name, (h, s))
    return out


def close_helpers(scope: Scope, helpers: dict[str, tuple[Function, Stmt]]) -> dict[str, tuple[Function, Stmt]]:
    """`helpers` plus the readonly same-contract functions calling one of them (two more levels), each
    mapped to the spot read it leads to."""
    out = dict(helpers)
    for _ in range(2):
        for h in (h for fs in scope.functions.values() for h in fs):
            if h.body is None or not h.is_readonly or h.name in out:
                continue
            for s in h.statements():
                hit = next((x for e in s.exprs for x in e.walk() if x.kind == "call" and _called(x) in out), None)
                if hit is not None and _called(hit) != h.name:
                    out[h.name] = out[_called(hit)]
                    break
    return out


def _called(x: Expr) -> str:
    c = x.callee
    return c.name if c.kind == "ident" else ""
