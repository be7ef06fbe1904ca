"""A credit between records whose sum no caller can inflate (a token's balances, its stakes).

Before Solidity 0.8 `balances[to] += v` wraps only if `balances[to]` can get within `v` of 2**256. When the
same function first checks `v` against the sender's record and debits it (`require(balances[from] >= v);
balances[from] -= v;`, here or in an internal helper it passes `v` to), the credit moves value that
already existed; and when every write of the mapping in the contract either moves value that way, debits
a checked amount, resets a record, credits ether really received (`+= msg.value`), or is the deployer's
or the owner's (a constructor, a caller-checked mint), the sum of all records stays below what was
created, so no record can wrap. Value moved between mappings (`balances[a] -= v; staked[a] += v;`) makes
them one family, whose writes are all held to the same rules. A contract that shows no source of the
records at all (no constructor credit, no deposit, no mint) is a fragment whose supply we cannot see:
its credit stays reported.
"""

from __future__ import annotations

from ..flow import Scope, caller_guarded, root_name, walk_guarded
from ..ir import Expr, Function, Stmt
from ._bounds import is_ether, text, wei_locals
from ._conserve import moved_from_record

__all__ = ["moved_between_records", "moved_ether_records"]


def _mapping_of(e: Expr, scope: Scope) -> str:
    """`m` for `m[k]` of a state mapping, "" otherwise."""
    sv = scope.state.get(root_name(e))
    return root_name(e) if e.kind == "index" and sv is not None and sv.type.startswith("mapping") else ""


def _guarded_stmts(f: Function) -> dict[int, tuple[Expr, ...]]:
    return {id(s): g for s, g in walk_guarded(f.body or [])}


def _debits_in(f: Function, amount: str, scope: Scope) -> set[str]:
    """Mappings `f` debits `amount` from, each at a record it first checks against `amount`."""
    guards = _guarded_stmts(f)
    return {
        _mapping_of(x.args[0], scope)
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind == "assign"
        and x.name == "-="
        and _mapping_of(x.args[0], scope)
        and text(x.args[1]) == amount
        and moved_from_record(f, amount, guards.get(id(s), ()), scope)
    }


def _helper_debits(f: Function, amount: str, scope: Scope) -> set[str]:
    """Mappings an internal helper `f` passes `amount` to debits it from (checked)."""
    out: set[str] = set()
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind != "call" or x.callee.kind != "ident":
                    continue
                for g in scope.functions.get(x.callee.name, []):
                    if g.body is None or g.is_public or len(g.params) != len(x.arguments):
                        continue
                    for p, arg in zip(g.params, x.arguments, strict=True):
                        if text(arg) == amount:
                            out |= _debits_in(g, p.name, scope)
    return out


def _moved(f: Function, amount: str, scope: Scope) -> set[str]:
    """The mappings `amount` leaves in `f` (a checked debit here or in a helper): where a credit of it
    comes from."""
    return _debits_in(f, amount, scope) | _helper_debits(f, amount, scope)


def _write_ok(g: Function, s: Stmt, x: Expr, scope: Scope, owner_only: bool) -> tuple[bool, str, set[str]]:
    """(allowed, creates, fed by): whether a write of a mapping keeps the sum of its family bounded,
    what source it is ("ether" received, "trusted" for the deployer's or the owner's, "" for none), and
    the mappings a credit moves value out of."""
    if g.kind == "constructor" or owner_only:
        return True, "trusted", set()
    value = x.args[1] if len(x.args) > 1 else None
    if x.kind == "unary" or value is None:  # `delete m[k]`
        return True, "", set()
    if x.name == "=" and value.kind == "literal" and value.name == "0":
        return True, "", set()
    amount = text(value)
    guards = _guarded_stmts(g).get(id(s), ())
    if x.name == "-=":
        return moved_from_record(g, amount, guards, scope), "", set()
    if x.name == "+=":
        if is_ether(value) or amount in wei_locals(g):
            return True, "ether", set()
        fed = {m for m in _moved(g, amount, scope) if not _set_directly(m, scope)}
        return bool(fed), "", fed
    return False, "", set()


def _set_directly(mapping: str, scope: Scope) -> bool:
    """Some function (not the constructor) sets an entry of `mapping` to a value (`allowance[a][b] = v`):
    an allowance, a permission to spend, not a store of value; its debit moves no value into a record."""
    return any(
        x.kind == "assign"
        and x.name == "="
        and _mapping_of(x.args[0], scope) == mapping
        and not (x.args[1].kind == "literal" and x.args[1].name == "0")
        for fs in scope.functions.values()
        for g in fs
        if g.body is not None and g.kind != "constructor"  # the deployer's initial supply is value
        for s in g.statements()
        for e in s.exprs
        for x in e.walk()
    )


def _sum_bounded(mapping: str, scope: Scope) -> str:
    """Every write of `mapping`, and of every mapping value moves into it from (its family: balances and
    stakes, say), keeps the family's sum bounded, and some write creates value: "ether" when every
    source is ether received (the sum stays below all the ether there is), "trusted" when the deployer or
    the owner creates some, "" when the sum is not bounded."""
    family: set[str] = set()
    todo, sources = [mapping], set()
    while todo:
        m = todo.pop()
        if m in family:
            continue
        family.add(m)
        for fs in scope.functions.values():
            for g in fs:
                if g.body is None:
                    continue
                guarded = caller_guarded(scope, g) if g.is_public else {}
                for s in g.statements():
                    for e in s.exprs:
                        for x in e.walk():
                            if x.kind not in ("assign", "unary") or not x.args or root_name(x.args[0]) != m:
                                continue
                            if _mapping_of(x.args[0], scope) != m:
                                return ""  # a field of a record, or the whole mapping: not a plain balance
                            if x.kind == "unary" and x.name != "delete":
                                return ""  # `m[k]++`: a step nobody paid for
                            ok, creates, fed = _write_ok(g, s, x, scope, guarded.get(id(s), False))
                            if not ok:
                                return ""
                            sources |= {creates} - {""}
                            todo += sorted(fed - family)
    return "ether" if sources == {"ether"} else "trusted" if sources else ""


def moved_between_records(x: Expr, sym: str, a: Expr, b: Expr, f: Function, s: Stmt, scope: Scope) -> bool:
    """`m[to] += v` where `f` moves `v` out of a checked record (of `m` or of another mapping, here or
    through an internal helper) and the sum of `m`'s family is bounded by what was created (see the
    module docstring). A base contract that shows no source of its records (`StandardToken`) is judged
    in the contracts of the file that inherit `f` (`HumanStandardToken`, whose constructor mints)."""
    if _moved_sources(x, sym, a, b, f, scope) != "":
        return True
    heirs = [
        h
        for c in scope.unit.contracts
        if c is not scope.contract and c.kind == "contract"
        for h in (Scope.of(scope.unit, c),)
        if any(g is f for g in h.functions.get(f.name, []))
    ]
    return bool(heirs) and all(_moved_sources(x, sym, a, b, f, h) != "" for h in heirs)


def moved_ether_records(x: Expr, sym: str, a: Expr, b: Expr, f: Function, scope: Scope) -> bool:
    """`moved_between_records` where every source of the family is ether received (WETH's `deposit`): the
    sum of all records stays below all the ether there is, so no record can wrap."""
    return _moved_sources(x, sym, a, b, f, scope) == "ether"


def _moved_sources(x: Expr, sym: str, a: Expr, b: Expr, f: Function, scope: Scope) -> str:
    mapping = _mapping_of(a, scope)
    if x.kind != "assign" or sym != "+" or not mapping:
        return ""
    fed = {m for m in _moved(f, text(b), scope) if not _set_directly(m, scope)}
    return _sum_bounded(mapping, scope) if fed else ""
