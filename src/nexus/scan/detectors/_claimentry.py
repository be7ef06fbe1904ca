"""The other fields of an entry the caller claims (unprotected-owner-write, _authwrites.py).

`unowned_claim` (_oneshot.py) takes `m[k].owner = msg.sender` under a check that `m[k].owner` is still
zero as a first-come claim of a fresh entry, not a takeover. The same function usually fills in the rest
of that new entry under the same check (`m[k].counterparty = p`, `m[k].members[1] = p`): while the entry's
owner field is zero nobody holds it, so none of its fields authorises anyone yet, and writing them takes
no existing authority away. A write counts as part of the claim when it is a plain `=` into the same entry
(the same mapping and key) as a claim of the caller's that the guards of the write also dominate.
"""

from __future__ import annotations

from ..ir import Expr, Function
from ._bounds import text
from ._oneshot import unowned_claim

__all__ = ["claimed_entry"]


def _entry(e: Expr) -> str | None:
    """The text of the innermost `m[k]` of an access path rooted at a plain name; None otherwise."""
    entry = None
    while e.kind in ("member", "index") and e.args:
        if e.kind == "index" and e.args[0].kind == "ident":
            entry = text(e).replace(" ", "")
        e = e.args[0]
    return entry if e.kind == "ident" else None


def claimed_entry(node: Expr, guards: tuple[Expr, ...], f: Function) -> bool:
    """`node` claims an unowned entry for the caller, or fills in a field of an entry the caller claims in
    `f` under the same guards."""
    if unowned_claim(node, guards):
        return True
    if node.kind != "assign" or node.name != "=" or len(node.args) != 2:
        return False
    entry = _entry(node.args[0])
    if entry is None:
        return False
    return any(
        x is not node and x.kind == "assign" and unowned_claim(x, guards) and _entry(x.args[0]) == entry
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
    )
