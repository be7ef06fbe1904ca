"""A caller writing its own row of a per-owner record (`unprotected-owner-write`, detectors/access.py).

`operators[msg.sender][op] = ok;` (ERC-1155/721 `setApprovalForAll`) writes a mapping that caller checks
read, but every check reads it at another row: `isApprovedForAll(from, msg.sender)` -> `operators[from]
[msg.sender]` keys its first position by the owner whose assets move, never by the caller. The write
only lets others act on what the caller itself owns, so it grants the caller nothing.

For an authorisation mapping M, every read of M inside a condition that involves the caller (compared
with it, keyed by it, or a helper given it) is collected with, for each index position, whether the key
there is the caller. Locals assigned once are followed (`address t = m[elc].addr; if (t != msg.sender)`),
and so are internal/view helpers a few levels deep, their parameters bound to the call's arguments
(`isApprovedForAll(_from, msg.sender)` -> `operators[_owner][_operator]`). A comparison with zero is an
existence test (`m[msg.sender].addr != address(0)`: "already set?") and is not read as authorisation.
A write keyed by the caller at position p is an own-row write when at least one such read exists and
every one keys p by something that is not the caller. `admins[msg.sender] = true` with
`require(admins[msg.sender])` keys the check by the caller too, so it stays an authority write.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..flow import Scope, walk_guarded
from ..guards import call_fact, guard_condition, single_assignments
from ..ir import Expr, Function
from ._authvars import auth_hit
from ._sender import caller_locals, is_caller

__all__ = ["own_row_call", "own_row_write"]

_DEPTH = 3
_ZERO = ("0", "false", "0x0", "0x00")


@dataclass(frozen=True)
class _Frame:
    scope: Scope
    bound: dict[str, bool]  # a helper's parameters: whether the call passed the caller
    once: dict[str, Expr]  # locals assigned once
    callers: frozenset[str]  # locals holding the caller
    depth: int = 0


def _frame(scope: Scope, f: Function, bound: dict[str, bool] | None = None, depth: int = 0) -> _Frame:
    return _Frame(scope, bound or {}, single_assignments(f.body or []), caller_locals(f, scope), depth)


def _strip(e: Expr) -> Expr:
    while e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    return e


def _caller(e: Expr, fr: _Frame, hops: int = 0) -> bool:
    e = _strip(e)
    if e.kind == "ident":
        if e.name in fr.bound:
            return fr.bound[e.name]
        if e.name in fr.once and hops < _DEPTH:
            return _caller(fr.once[e.name], fr, hops + 1)
    return is_caller(e, fr.callers, fr.scope)


def _zero(e: Expr) -> bool:
    e = _strip(e)
    return e.kind == "literal" and e.name in _ZERO


def _path(e: Expr, fr: _Frame) -> tuple[str, list[Expr], str]:
    """The variable an access path reads, its index keys in order and the struct field it selects right
    after them ("" for none), through locals assigned once (`Rec storage r = m[k]; r.addr`); ("", [], "")
    when it is no such path."""
    keys: list[Expr] = []
    field = ""
    for _ in range(8):
        e = _strip(e)
        if e.kind == "index" and len(e.args) > 1:
            keys.insert(0, e.args[1])
            e = e.args[0]
        elif e.kind == "member" and e.args:
            field = e.name
            e = e.args[0]
        elif e.kind == "ident" and e.name in fr.once and e.name not in fr.scope.state:
            e = fr.once[e.name]
        else:
            break
    return (e.name, keys, field) if e.kind == "ident" and e.name in fr.scope.state else ("", [], "")


class _Reads:
    """The reads of one mapping inside one condition, and whether the condition involves the caller."""

    def __init__(self, name: str, auth: set[str]) -> None:
        self.name, self.auth, self.rows, self.caller = name, auth, list[list[bool]](), False

    def scan(self, e: Expr, fr: _Frame) -> None:
        e = _strip(e)
        if e.kind == "binary" and e.name in ("==", "!=") and len(e.args) == 2:
            if any(_zero(a) for a in e.args):
                return  # an existence test, not a comparison with who may call
        if _caller(e, fr):
            self.caller = True
            return
        if e.kind in ("index", "member", "ident"):
            root, keys, field = _path(e, fr)
            if root == self.name and keys and (root in self.auth or f"{root}.{field}" in self.auth):
                flags = [_caller(k, fr) for k in keys]
                self.caller |= any(flags)
                self.rows.append(flags)
                return
            if e.kind == "ident" and e.name in fr.once and fr.depth + 1 < _DEPTH:
                self.scan(fr.once[e.name], _Frame(fr.scope, fr.bound, fr.once, fr.callers, fr.depth + 1))
                return
        if e.kind == "call" and e.callee.kind == "ident" and fr.depth < _DEPTH:
            for g in fr.scope.functions.get(e.callee.name, []):
                if g.body is not None:
                    bound = {p.name: _caller(a, fr) for p, a in zip(g.params, e.arguments, strict=False)}
                    self.caller |= any(bound.values())
                    self.helper(g, _frame(fr.scope, g, bound, fr.depth + 1))
        for a in e.args:
            self.scan(a, fr)

    def helper(self, g: Function, fr: _Frame) -> None:
        for s in g.statements():
            if s.kind == "return":
                for r in s.exprs:
                    self.scan(r, fr)
        for c in _conditions(g):
            self.scan(c, fr)


def _conditions(f: Function) -> list[Expr]:
    conds = {id(g): g for _, gs in walk_guarded(f.body or []) for g in gs}
    for s in f.statements():
        if (c := guard_condition(s)) is not None:
            conds[id(c)] = c
        if (fact := call_fact(s)) is not None:
            conds[id(fact[0])] = fact[0].args[0]  # `_checkRole(role, msg.sender);`: the call itself
    return list(conds.values())


def _checked_rows(scope: Scope, name: str, auth: set[str]) -> list[list[bool]]:
    """For each read of `name` (its authorising field, see _authvars) in a condition involving the
    caller: whether each key is the caller."""
    cache: dict[str, list[list[bool]]] = scope.__dict__.setdefault("_ownrow_cache", {})
    if name not in cache:
        rows: list[list[bool]] = []
        fns = [f for fs in scope.functions.values() for f in fs] + list(scope.modifiers.values())
        for f in fns:
            fr = _frame(scope, f)
            for c in _conditions(f):
                reads = _Reads(name, auth)
                reads.scan(c, fr)
                if reads.caller:
                    rows += reads.rows
        cache[name] = rows
    return cache[name]


def _own(name: str, keys: list[bool], scope: Scope, auth: set[str]) -> bool:
    rows = _checked_rows(scope, name, auth)
    return bool(rows) and any(k and all(len(r) > p and not r[p] for r in rows) for p, k in enumerate(keys))


def _write_keys(node: Expr, fr: _Frame) -> tuple[str, list[bool]]:
    if node.kind != "assign" or not node.args:
        return "", []
    root, keys, _ = _path(node.args[0], fr)
    return root, [_caller(k, fr) for k in keys]


def own_row_write(scope: Scope, f: Function, node: Expr, name: str, auth: set[str]) -> bool:
    """Whether the write `node` of mapping `name` in `f` stores at the caller's own row only."""
    root, keys = _write_keys(node, _frame(scope, f))
    return root == name and _own(name, keys, scope, auth)


def own_row_call(scope: Scope, f: Function, call: Expr, auth: set[str], writers: set[str]) -> bool:
    """Whether an internal writer called as `call` (`_setApprovalForAll(msg.sender, op, ok)`) writes,
    its parameters bound to the arguments, only the caller's own rows of the authorisation variables
    (a further writer it calls is not followed: not own-row)."""
    targets = [g for g in scope.functions.get(call.callee.name, []) if g.body is not None]
    fr0 = _frame(scope, f)
    found = False
    for g in targets:
        bound = {p.name: _caller(a, fr0) for p, a in zip(g.params, call.arguments, strict=False)}
        fr = _frame(scope, g, bound, 1)
        locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
        for s in g.statements():
            for e in s.exprs:
                if any(x.kind == "call" and x.callee.kind == "ident" and x.callee.name in writers for x in e.walk()):
                    return False
                for name, node in scope.state_writes(e, locals_, aliases):
                    if not auth_hit(name, node, auth):
                        continue
                    root, keys = _write_keys(node, fr)
                    if root != name or not _own(name, keys, scope, auth):
                        return False
                    found = True
    return found
