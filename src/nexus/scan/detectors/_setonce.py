"""A payee field claimed once, for `payee-race` (ether.py).

`accept(id) { require(j.worker == address(0)); j.worker = msg.sender; }` and `approve(id) { require(j.worker
!= address(0)); payable(j.worker).transfer(j.budget); }`: every open writer of the field runs only while it
is still empty, and the payment runs only once it is set. Once the payment can succeed nobody can write the
field again, and while it is empty the payment reverts, so a write ordered first cannot change who a
pending payment reaches (SWC-114 needs the payee to change under it). A whole-entry write or a `delete`
that an open function makes in an entry its caller picks empties the field again, and so does not count.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..facts import Fact, walk_facts
from ..flow import Scope, caller_guarded
from ..ir import Expr, Function
from ._fieldpayee import record_field

__all__ = ["claimed_once"]


def _atoms(e: Expr, holds: bool) -> Iterator[tuple[Expr, bool]]:
    """The comparisons a condition known to be `holds` makes certain (the sides of a holding `&&`)."""
    if e.kind == "unary" and e.name == "!" and e.args:
        yield from _atoms(e.args[0], not holds)
    elif e.kind == "binary" and e.name in ("&&", "||"):
        if (e.name == "&&") == holds:
            for a in e.args:
                yield from _atoms(a, holds)
    else:
        yield e, holds


def _empty(e: Expr) -> bool:
    """The zero address: `address(0)`, `0`, Vyper's `empty(address)`."""
    while e.kind == "cast" and e.args:
        e = e.args[0]
    if e.kind == "call" and e.callee.kind == "ident" and e.callee.name in ("address", "empty", "payable"):
        return len(e.args) >= 2 and (_empty(e.args[1]) or e.callee.name == "empty")
    return e.kind == "literal" and e.name in ("0", "0x0")


def _says(scope: Scope, f: Function, facts: tuple[Fact, ...], key: tuple[str, str], empty: bool) -> bool:
    """The facts hold that the field `key` is empty (`empty`) or set (not `empty`)."""
    for cond, holds in facts:
        for a, h in _atoms(cond, holds):
            if a.kind != "binary" or a.name not in ("==", "!=") or len(a.args) != 2:
                continue
            for x, z in (a.args, a.args[::-1]):
                got = record_field(scope, f, x)
                if got is not None and got[:2] == key and _empty(z) and ((a.name == "==") == h) == empty:
                    return True
    return False


def _writers_wait(scope: Scope, key: tuple[str, str]) -> bool:
    """Every open write of the field runs only while it is empty; no open whole-entry write or delete in
    an entry the caller picks."""
    for g in scope.contract.functions:
        if g.body is None or not g.is_public or g.kind == "constructor" or g.is_readonly:
            continue
        guarded, params = caller_guarded(scope, g), {p.name for p in g.params}
        for s, facts in walk_facts(scope.effective_body(g)):
            if guarded.get(id(s), False):
                continue
            for e in s.exprs:
                for x in e.walk():
                    if x.kind == "unary" and x.name == "delete" or x.kind == "assign" and x.args[0].kind == "index":
                        target = x.args[0]
                        if target.kind == "index" and target.args[0].kind == "ident" and target.args[0].name == key[0]:
                            if any(y.kind == "ident" and y.name in params for y in target.args[1].walk()):
                                return False
                    if x.kind == "assign" and (got := record_field(scope, g, x.args[0])) is not None:
                        if got[:2] == key and not _says(scope, g, facts, key, True):
                            return False
    return True


def claimed_once(scope: Scope, f: Function, call: Expr, key: tuple[str, str]) -> bool:
    """The payment `call` of `f` to the field `key` runs only once the field is set, and every open writer
    of the field only while it is empty."""
    for s, facts in walk_facts(scope.effective_body(f)):
        if any(y is call for e in s.exprs for y in e.walk()):
            return _says(scope, f, facts, key, False) and _writers_wait(scope, key)
    return False
