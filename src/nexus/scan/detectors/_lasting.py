"""A payee one caller names for a record that later changes hands, for `blocking-recipient` (SWC-113).

`mint(creator)` stores an address its caller picks (`pieces[id] = Piece(msg.sender, creator, 0)`), and
`buy(id)` hands the record to its caller (`p.owner = msg.sender`) while it requires a payment to that
stored address (`(bool r, ) = p.creator.call{value: royalty}(""); require(r);`). Whoever named the payee
can make it a contract that rejects ether: every later holder's sale of that record reverts. The record
outlives the namer's say over it (it passes to each buyer) while the payee does not change, so the block
lasts. A payee the holder is paid as (`seller = p.owner`) blocks only the holder's own sale, and a credit
the payee withdraws (`owed[p.creator] += royalty`) blocks nothing."""

from __future__ import annotations

from collections.abc import Iterator

from ..facts import single_assignments
from ..flow import Scope
from ..ir import Expr, Function
from ._fieldpayee import unguarded_sets
from ._payments import is_caller
from ._terms import TermKey, display, entry_refs, term_key
from ._trusted import struct_fields

__all__ = ["LASTING", "lasting_payees"]

LASTING = "payment to `%s` must succeed; one caller named it for a record that passes to others, who cannot remove it"


def _field_keys(e: Expr, refs: dict[str, str]) -> set[TermKey]:
    out: set[TermKey] = set()
    for x in e.walk():
        if x.kind == "member" and x.args:
            key = term_key(x)
            key = (refs.get(key[0], key[0]), key[1])
            if key[0] and key[1]:
                out.add(key)
    return out


def _writes(scope: Scope, g: Function) -> Iterator[tuple[TermKey, Expr]]:
    """(state variable, field) <- value for the unguarded field writes of `g`, a whole-entry struct write
    (`m[k] = S(a, b)`) read field by field."""
    refs, fields = entry_refs(g, scope), struct_fields(scope.unit)
    for x in unguarded_sets(scope, g):
        target, value = x.args[0], x.args[1]
        root = term_key(target)[0]
        root = refs.get(root, root) if target.kind != "ident" else root
        if root not in scope.state:
            continue
        if target.kind == "member":
            yield (root, target.name), value
        elif value.kind == "call" and value.callee.kind == "ident" and value.callee.name in fields:
            for name, arg in zip(fields[value.callee.name], value.arguments, strict=False):
                yield (root, name), arg


def _named_and_taken(scope: Scope) -> tuple[set[TermKey], dict[str, set[TermKey]]]:
    """Fields a public function sets to an address its caller passes (not itself), and per function the
    fields it sets to its caller."""
    named: set[TermKey] = set()
    taken: dict[str, set[TermKey]] = {}
    for g in scope.contract.functions:
        if not g.is_public or g.body is None or g.kind == "constructor" or g.is_readonly:
            continue
        params = {p.name for p in g.params}
        for key, value in _writes(scope, g):
            if is_caller(value):
                taken.setdefault(g.name, set()).add(key)
            elif value.kind == "ident" and value.name in params:
                named.add(key)
    return named, taken


def lasting_payees(scope: Scope, f: Function, required: list) -> Iterator[tuple[int, str]]:
    """(line, payee) for each required payment of `f` (`required`: its checked value calls; its
    `transfer`s count too) to a field one caller named, in a record `f` hands to its own caller."""
    if not f.is_public or f.body is None:
        return
    named, taken = _named_and_taken(scope)
    mine = taken.get(f.name, set())
    if not named or not mine:
        return
    refs, once, locals_ = entry_refs(f, scope), single_assignments(f.body or []), scope.local_types(f)
    transfers = [i for s in f.statements() for e in s.exprs for i in scope.calls(e, locals_) if i.kind == "transfer"]
    for info in [*required, *transfers]:
        to = info.target
        if to is None:
            continue
        to = once.get(to.name, to) if to.kind == "ident" else to
        for key in sorted(_field_keys(to, refs) & named):
            if any(k[0] == key[0] and k[1] != key[1] for k in mine):
                yield info.expr.line, display(key)
