"""Terms that move under a pending commitment, for `transaction-order` (SWC-114).

A public function lets its caller bind itself to an entry (`j.worker = msg.sender`: take a job, accept an
offer), and the contract later pays that party an amount held in another field of the same variable
(`payable(j.worker).transfer(j.budget)`), a field another function lets its caller change
(`lowerBudget`: `j.budget = newBudget`). The binder signs against the amount it saw; a change ordered
first binds it to a smaller one. Safe when the binding compares that amount with a value its caller
passes (`require(j.budget == agreed)`), when the binding writes that amount itself (opening a channel with
its deposit), and when only a caller check lets the binding run. Entries
created with their terms (a fresh id) have no setter (see `_terms`)."""

from __future__ import annotations

from collections.abc import Iterator

from ..facts import single_assignments
from ..flow import Scope, caller_guarded
from ..ir import Expr, Function
from ._payments import is_caller, payment_amount, payments
from ._terms import TermKey, entry_refs, term_key, term_setters

__all__ = ["bound_terms"]


def _keys(e: Expr, refs: dict[str, str]) -> set[TermKey]:
    """The (state variable, field) keys the access paths in `e` read, through storage references."""
    out: set[TermKey] = set()
    for x in e.walk():
        if x.kind == "member" and x.args:
            key = term_key(x)
            if key[0] in refs:
                key = (refs[key[0]], key[1])
            if key[0] and key[1]:
                out.add(key)
    return out


def _paid_fields(scope: Scope) -> dict[TermKey, set[TermKey]]:
    """recipient field -> the fields of the same variable the amount paid to it reads."""
    out: dict[TermKey, set[TermKey]] = {}
    for g in scope.contract.functions:
        if g.body is None or g.kind == "constructor":
            continue
        refs, once = entry_refs(g, scope), single_assignments(g.body)
        for info, to in payments(scope, g):
            amount = payment_amount(info)
            if to is None or amount is None:
                continue
            # through a local assigned once (`uint amount = j.budget; j.budget = 0; pay(amount)`)
            read = _keys(amount, refs).union(
                *(_keys(once[y.name], refs) for y in amount.walk() if y.kind == "ident" and y.name in once)
            )
            for rk in _keys(to, refs):
                paid = {k for k in read if k[0] == rk[0] and k[1] != rk[1]}
                out.setdefault(rk, set()).update(paid)
    return out


def _limited(f: Function, key: TermKey, refs: dict[str, str]) -> bool:
    """`f` compares the term with a value its caller passes (`require(j.budget == agreed)`)."""
    params = {p.name for p in f.params}
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "binary" and x.name in ("==", "!=", "<", "<=", ">", ">=") and len(x.args) == 2:
                    for p, q in ((x.args[0], x.args[1]), (x.args[1], x.args[0])):
                        if any(y.kind == "ident" and y.name in params for y in p.walk()) and key in _keys(q, refs):
                            return True
    return False


def bound_terms(scope: Scope, f: Function) -> Iterator[tuple[int, TermKey, str]]:
    """(line of the binding, the term paid to the bound party, a function that can change it) for each
    place where `f`, unguarded, writes its caller into an entry field that is later paid a term another
    function sets, with no limit of the caller's on that term."""
    if not f.is_public or f.body is None or f.is_readonly or f.kind == "constructor":
        return
    paid = _paid_fields(scope)
    if not any(paid.values()):
        return
    setters, refs, guarded = term_setters(scope), entry_refs(f, scope), caller_guarded(scope, f)
    # terms `f` writes itself (a channel opened with its deposit): the binder sets what it is paid
    own = {
        k
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind == "assign"
        for k in _keys(x.args[0], refs)
    }
    for s in f.statements():
        if guarded.get(id(s), False):
            continue
        for e in s.exprs:
            for x in e.walk():
                if x.kind != "assign" or x.name != "=" or not is_caller(x.args[1]):
                    continue
                for rk in _keys(x.args[0], refs):
                    for term in sorted(paid.get(rk, ())):
                        sites = [g for g, _ in setters.get(term) or setters.get((term[0], ""), []) if g != f.name]
                        if sites and term not in own and not _limited(f, term, refs):
                            yield x.line, term, sites[0]
