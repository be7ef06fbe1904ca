"""First-come claims of a name, for `transaction-order`: a public function that gives the caller an entry
keyed by the hash of a value the caller sends in the clear (`records[keccak256(label)] = Record(msg.sender,
..)`) after checking the entry is free. The label sits in the mempool; a copy of the transaction with a
higher fee takes the name first. Quiet when the claim redeems an earlier commitment (commit-reveal): the
function reads another mapping under a hash key, or hashes the caller into a key (`keccak256(abi.encode(
label, msg.sender, secret))`), so a watcher copying the label cannot redeem it. A raw id (`mint(tokenId)`)
is no hashed name and is left alone.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function

__all__ = ["first_claims"]

_HASHES = ("keccak256", "sha256", "sha3")


def _defs(f: Function) -> dict[str, list[Expr]]:
    """Locals and named returns of `f` -> the expressions they are declared or assigned from."""
    out: dict[str, list[Expr]] = {}
    for s in f.statements():
        if s.kind == "var" and len(s.names) == 1 and s.exprs:
            out.setdefault(s.names[0], []).append(s.exprs[0])
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "assign" and x.name == "=" and x.args[0].kind == "ident":
                    out.setdefault(x.args[0].name, []).append(x.args[1])
    return out


def _is_hash(x: Expr) -> bool:
    return x.kind == "call" and x.callee.kind == "ident" and x.callee.name in _HASHES


def _hashing_helpers(scope: Scope) -> set[str]:
    """Same-contract functions that return a hash of their parameters (`nodeOf(label)`)."""
    out: set[str] = set()
    for h in (h for fs in scope.functions.values() for h in fs):
        if h.body is None or not h.params:
            continue
        rets = [e for s in h.statements() if s.kind == "return" for e in s.exprs]
        if rets and all(any(_is_hash(x) for x in e.walk()) for e in rets):
            out.add(h.name)
    return out


def _hashed_param(e: Expr, f: Function, defs: dict[str, list[Expr]], helpers: set[str], depth: int = 3) -> bool:
    """`e` is (or is a local set from) a hash of one of `f`'s parameters, taken here or by a helper."""
    params = {p.name for p in f.params}
    for x in e.walk():
        hashed = _is_hash(x) or x.kind == "call" and x.callee.kind == "ident" and x.callee.name in helpers
        if hashed and any(y.kind == "ident" and y.name in params for a in x.arguments for y in a.walk()):
            return True
        if depth and x.kind == "ident" and x.name in defs:
            if any(_hashed_param(d, f, defs, helpers, depth - 1) for d in defs[x.name] if d is not e):
                return True
    return False


def _root(e: Expr) -> str:
    while e.kind in ("index", "member") and e.args:
        if e.kind == "member" and e.args[0].kind == "ident" and e.args[0].name == "self":
            return e.name  # Vyper `self.records[..]`
        e = e.args[0]
    return e.name if e.kind == "ident" else ""


def _names(x: Expr, name: str) -> bool:
    return x.kind == "ident" and x.name == name or x.is_member("self", name)


def _committed(f: Function, defs: dict[str, list[Expr]], helpers: set[str], scope: Scope, target: str) -> bool:
    """`f` hashes the caller into a value, or reads another stored mapping under a hash key."""
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if _is_hash(x) and any(y.is_member("msg", "sender") for y in x.walk()):
                    return True
                if x.kind == "index" and len(x.args) > 1 and _root(x) in scope.state and _root(x) != target:
                    key = x.args[1]
                    if any(_is_hash(y) for y in key.walk()) or any(
                        y.kind == "ident" and any(_is_hash(z) for d in defs.get(y.name, []) for z in d.walk())
                        for y in key.walk()
                    ):
                        return True
    return False


def _reads(scope: Scope, f: Function, name: str) -> bool:
    """`f`, or a same-contract function it calls, reads state variable `name` outside an assignment target."""
    called = {
        x.callee.name
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind == "call" and x.callee.kind == "ident"
    }
    for g in [f, *(g for n in called for g in scope.functions.get(n, []))]:
        for s in g.statements() if g.body is not None else ():
            for e in s.exprs:
                tops = [e.args[1]] if e.kind == "assign" and e.name == "=" else [e]
                if any(_names(x, name) for t in tops for x in t.walk()):
                    return True
    return False


def first_claims(scope: Scope, f: Function) -> list[tuple[int, str]]:
    """(line, mapping) of each entry public `f` hands the caller under a hash of a clear parameter, having
    checked it free, with no commitment redeemed."""
    if not f.is_public or f.body is None or f.is_readonly or f.kind in ("constructor", "modifier"):
        return []
    defs, helpers = _defs(f), _hashing_helpers(scope)
    out: list[tuple[int, str]] = []
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind != "assign" or x.name != "=" or x.args[0].kind not in ("index", "member"):
                    continue
                target, root = x.args[0], _root(x.args[0])
                if root not in scope.state or not any(y.is_member("msg", "sender") for y in x.args[1].walk()):
                    continue
                key = next((t.args[1] for t in target.walk() if t.kind == "index" and len(t.args) > 1), None)
                if key is None or not _hashed_param(key, f, defs, helpers):
                    continue
                if _reads(scope, f, root) and not _committed(f, defs, helpers, scope, root):
                    out.append((x.line, root))
    return out
