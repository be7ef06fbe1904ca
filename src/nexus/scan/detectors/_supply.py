"""A credit between records of one mapping whose sum no caller can inflate (a token's balances).

Before Solidity 0.8 `balances[to] += v` wraps only if `balances[to]` can get within `v` of 2**256. When the
same function first checks `v` against the sender's record and debits it (`require(balances[from] >= v);
balances[from] -= v;`, here or in an internal helper it passes `v` to), the credit moves value that
already existed; and when every write of the mapping in the contract either moves value that way, debits
a checked amount, resets a record, credits ether really received (`+= msg.value`), or is the deployer's
or the owner's (a constructor, a caller-checked mint), the sum of all records stays below what was
created, so no record can wrap. A contract that shows no source of the records at all (no constructor
credit, no deposit, no mint) is a fragment whose supply we cannot see: its credit stays reported.
"""

from __future__ import annotations

from ..flow import Scope, caller_guarded, root_name, walk_guarded
from ..ir import Expr, Function, Stmt
from ._bounds import is_ether, text, wei_locals
from ._conserve import moved_from_record

__all__ = ["moved_between_records"]


def _mapping_of(e: Expr, scope: Scope) -> str:
    """`m` for `m[k]` of a state mapping, "" otherwise."""
    sv = scope.state.get(root_name(e))
    return root_name(e) if e.kind == "index" and sv is not None and sv.type.startswith("mapping") else ""


def _guarded_stmts(f: Function) -> dict[int, tuple[Expr, ...]]:
    return {id(s): g for s, g in walk_guarded(f.body or [])}


def _debits_in(f: Function, amount: str, mapping: str, scope: Scope) -> bool:
    """`f` debits `amount` from a record of `mapping` after checking it against that record."""
    guards = _guarded_stmts(f)
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "assign" and x.name == "-=" and _mapping_of(x.args[0], scope) == mapping:
                    if text(x.args[1]) == amount and moved_from_record(f, amount, guards.get(id(s), ()), scope):
                        return True
    return False


def _helper_debits(f: Function, amount: str, mapping: str, scope: Scope) -> bool:
    """`f` passes `amount` to an internal helper that debits it from a checked record of `mapping`."""
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind != "call" or x.callee.kind != "ident":
                    continue
                for g in scope.functions.get(x.callee.name, []):
                    if g.body is None or g.is_public or len(g.params) != len(x.arguments):
                        continue
                    for p, arg in zip(g.params, x.arguments, strict=True):
                        if text(arg) == amount and _debits_in(g, p.name, mapping, scope):
                            return True
    return False


def _moved(f: Function, s: Stmt, amount: str, mapping: str, scope: Scope) -> bool:
    guards = _guarded_stmts(f).get(id(s), ())
    return (
        _debits_in(f, amount, mapping, scope)
        and moved_from_record(f, amount, guards, scope)
        or _helper_debits(f, amount, mapping, scope)
    )


def _write_ok(g: Function, s: Stmt, x: Expr, mapping: str, scope: Scope, owner_only: bool) -> tuple[bool, bool]:
    """(allowed, creates): whether a write of `mapping` keeps its sum bounded, and whether it is a source."""
    if g.kind == "constructor" or owner_only:
        return True, True
    value = x.args[1] if len(x.args) > 1 else None
    if x.kind == "unary" or value is None:  # `delete m[k]`
        return True, False
    if x.name == "=" and value.kind == "literal" and value.name == "0":
        return True, False
    amount = text(value)
    guards = _guarded_stmts(g).get(id(s), ())
    if x.name == "-=":
        return moved_from_record(g, amount, guards, scope), False
    if x.name == "+=":
        if is_ether(value) or amount in wei_locals(g):
            return True, True
        return _moved(g, s, amount, mapping, scope), False
    return False, False


def _sum_bounded(mapping: str, scope: Scope) -> bool:
    """Every write of `mapping` keeps the sum of its records bounded, and some write creates them."""
    sources = False
    for fs in scope.functions.values():
        for g in fs:
            if g.body is None:
                continue
            guarded = caller_guarded(scope, g) if g.is_public else {}
            for s in g.statements():
                for e in s.exprs:
                    for x in e.walk():
                        if x.kind not in ("assign", "unary") or not x.args or root_name(x.args[0]) != mapping:
                            continue
                        if _mapping_of(x.args[0], scope) != mapping:
                            return False  # a field of a record, or the whole mapping: not a plain balance
                        if x.kind == "unary" and x.name != "delete":
                            return False  # `m[k]++`: a step nobody paid for
                        ok, creates = _write_ok(g, s, x, mapping, scope, guarded.get(id(s), False))
                        if not ok:
                            return False
                        sources = sources or creates
    return sources


def moved_between_records(x: Expr, sym: str, a: Expr, b: Expr, f: Function, s: Stmt, scope: Scope) -> bool:
    """`m[to] += v` where `f` moves `v` out of a checked record of the same mapping (here or through an
    internal helper) and the mapping's sum is bounded by what was created (see the module docstring)."""
    mapping = _mapping_of(a, scope)
    if x.kind != "assign" or sym != "+" or not mapping:
        return False
    return _moved(f, s, text(b), mapping, scope) and _sum_bounded(mapping, scope)
