"""A payout from a record that nothing settles (`refund-not-debited`, detectors/misc.py), in the shapes the
direct `msg.sender.transfer(balances[msg.sender])` misses: the amount read into a local first
(`amount = contributed[msg.sender]; payable(msg.sender).transfer(amount)`), a field of an entry reached
through a storage pointer (`Order storage o = orders[id]; o.maker.transfer(o.escrow)`), and the payment
made by an internal helper the public function hands that pointer to (`_refund(o)`).

It counts only when the public function, its modifiers and the internal helpers it calls write no state
at all (no flag, no counter, no field of the entry): the call can be repeated with the same effect, and
each time pays the record again. The payee must be the caller or an address held in the same record (the
entry's own maker), so the amount is that party's entitlement, not a fee to a third party.
"""

from __future__ import annotations

from ..flow import Scope, root_name
from ..guards import single_assignments
from ..ir import Expr, Function
from ._hookcall import strip
from ._payments import is_caller, payment_amount, payments

__all__ = ["undebited_payouts"]


def _callees(scope: Scope, f: Function) -> list[Function]:
    """The internal helpers `f` calls (two levels), with bodies."""
    out: list[Function] = []
    todo = [f]
    for _ in range(2):
        nxt = []
        for g in todo:
            for info in (i for s in g.statements() for e in s.exprs for i in scope.calls(e, scope.local_types(g))):
                for h in scope.functions.get(info.name, []) if info.kind == "internal" else []:
                    if h.body is not None and not h.is_public and h not in out:
                        out.append(h)
                        nxt.append(h)
        todo = nxt
    return out


def _pointers(scope: Scope, g: Function) -> set[str]:
    """Names in `g` that point into storage: local storage pointers, storage-typed and struct parameters
    (the IR keeps no data location on a parameter: a helper handed a struct is read as handed a pointer)."""
    structs = scope.unit.declared_types
    return set(scope.storage_aliases(g)) | {
        p.name for p in g.params if p.name and ("storage" in p.type or p.type in structs)
    }


def _writes(scope: Scope, g: Function) -> bool:
    """`g` writes state: a state variable, or through a storage pointer."""
    own = _pointers(scope, g)
    for s in g.statements():
        for e in s.exprs:
            for x in e.walk():
                target = None
                if x.kind == "assign" or x.kind == "unary" and x.name in ("++", "--", "x++", "x--", "delete"):
                    target = x.args[0] if x.args else None
                elif x.kind == "call" and x.callee.kind == "member" and x.callee.name in ("push", "pop", "append"):
                    target = x.callee.args[0] if x.callee.args else None
                if target is not None and (root_name(target) in scope.state or root_name(target) in own):
                    return True
    return False


def _record(e: Expr, scope: Scope, g: Function) -> str:
    """The record an amount reads (`m[k]`, `m[k].f`, `p.f` through a storage pointer `p`), or ""."""
    e = strip(e, scope)
    once = single_assignments(g.body or [])
    for _ in range(2):
        if e.kind == "ident" and e.name in once:
            e = strip(once[e.name], scope)
    root = root_name(e)
    if e.kind == "index" and root in scope.state:
        return root
    if e.kind == "member" and e.args and (e.args[0].kind == "index" and root in scope.state):
        return root
    if e.kind == "member" and e.args and e.args[0].kind == "ident" and root in _pointers(scope, g):
        return root
    return ""


def undebited_payouts(scope: Scope, f: Function) -> list[tuple[int, str]]:
    """(line in `f`, record) for each payout of a record `f` makes, directly or through a helper, when
    nothing along the way writes state (see the module note)."""
    if not f.is_public or f.body is None or f.is_readonly or f.kind == "constructor":
        return []
    helpers = _callees(scope, f)
    mods = [m for inv in f.modifiers if (m := scope.modifiers.get(inv.callee.name if inv.kind == "call" else inv.name))]
    if any(_writes(scope, g) for g in (f, *helpers, *mods) if g.body is not None):
        return []
    out: list[tuple[int, str]] = []
    for g in (f, *helpers):
        for info, to in payments(scope, g):
            amount = payment_amount(info)
            record = _record(amount, scope, g) if amount is not None and to is not None else ""
            if not record or to is None or not (is_caller(to) or root_name(strip(to, scope)) == record):
                continue
            line = info.expr.line if g is f else _call_line(scope, f, helpers)
            out.append((line, record))
    return out


def _call_line(scope: Scope, f: Function, helpers: list[Function]) -> int:
    """The line in `f` of its first call of one of `helpers`."""
    names = {h.name for h in helpers}
    for s in f.statements():
        for e in s.exprs:
            for info in scope.calls(e, scope.local_types(f)):
                if info.kind == "internal" and info.name in names:
                    return info.expr.line
    return f.line
