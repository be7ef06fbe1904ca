"""A payee kept in a record field, for `payee-race` (ether.py): `bounties[id].hunter.transfer(reward)`
where another public function lets any caller rewrite `bounties[id].hunter` for an `id` they pick.

The property, in three parts:

- the payment's recipient is a field of an entry of a state mapping or array (`m[k].f`, or `s.f` with
  `s` a storage pointer `S storage s = m[k]`);
- some other public function writes that same field from the caller or its own parameters, with no check
  on who calls, in the entry a parameter selects (a fresh entry named by a counter is the caller's own
  record, not someone else's payee);
- the paying function does not pin the field to a value its caller supplied
  (`require(b.hunter == expectedHunter)`); a test against the zero address pins nothing.

Then whoever gets a rewrite mined ahead of the payment picks who is paid."""

from __future__ import annotations

from collections.abc import Iterator

from ..flow import Scope, caller_guarded
from ..ir import Expr, Function
from ._payments import is_caller

__all__ = ["open_field_writes", "pinned_field", "record_field", "unguarded_sets"]


def _entry(scope: Scope, f: Function, e: Expr) -> tuple[str, Expr] | None:
    """`m[k]` (or a storage pointer to it) as (state name, the index expression)."""
    if e.kind == "index" and e.args and e.args[0].kind == "ident" and e.args[0].name in scope.state:
        return e.args[0].name, e
    if e.kind == "ident":
        for s in f.statements():
            if s.kind == "var" and len(s.names) == 1 and s.names[0] == e.name and s.exprs:
                init = s.exprs[0]
                if s.location == "storage" or scope.storage_aliases(f).get(e.name):
                    return _entry(scope, f, init) if init.kind == "index" else None
    return None


def record_field(scope: Scope, f: Function, e: Expr) -> tuple[str, str, Expr] | None:
    """`m[k].field` read or written in `f`: (state name, field, the index expression)."""
    while (
        e.kind == "cast"
        and e.args
        or e.kind == "call"
        and e.callee.kind == "ident"
        and e.callee.name
        in (
            "payable",
            "address",
        )
        and len(e.args) == 2
    ):
        e = e.args[0] if e.kind == "cast" else e.args[1]
    if e.kind != "member" or not e.args:
        return None
    got = _entry(scope, f, e.args[0])
    return (got[0], e.name, got[1]) if got else None


def _zero(e: Expr) -> bool:
    return any(x.kind == "literal" and x.name == "0" for x in e.walk())


def pinned_field(scope: Scope, f: Function, key: tuple[str, str]) -> bool:
    """`f` compares the field `key` with a value that is not the zero address."""
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind != "binary" or x.name not in ("==", "!=") or len(x.args) != 2:
                    continue
                for a, b in (x.args, x.args[::-1]):
                    got = record_field(scope, f, a)
                    if got is not None and got[:2] == key and not _zero(b):
                        return True
    return False


def open_field_writes(scope: Scope) -> dict[tuple[str, str], tuple[Function, int]]:
    """Record fields (state name, field) a public function sets from caller input, unchecked, in an entry
    a parameter selects."""
    out: dict[tuple[str, str], tuple[Function, int]] = {}
    for f in scope.contract.functions:
        if f.body is None or not f.is_public or f.kind == "constructor" or f.is_readonly:
            continue
        params = {p.name for p in f.params if p.name}
        for x in unguarded_sets(scope, f):
            got = record_field(scope, f, x.args[0])
            if got is None:
                continue
            src = x.args[1]
            chosen = any(y.kind == "ident" and y.name in params for y in got[2].walk())
            if chosen and (is_caller(src) or any(y.kind == "ident" and y.name in params for y in src.walk())):
                out.setdefault(got[:2], (f, x.line))
    return out


def unguarded_sets(scope: Scope, f: Function) -> Iterator[Expr]:
    """Every plain `=` assignment of `f` at a statement no caller check guards."""
    guarded = caller_guarded(scope, f)
    for s in f.statements():
        if not guarded.get(id(s), False):
            yield from (x for e in s.exprs for x in e.walk() if x.kind == "assign" and x.name == "=")
