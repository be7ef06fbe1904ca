"""A callee held in one field of a stored record that only caller-checked code writes (`reentrancy`,
via `_trusted.trusted_call`).

`PoolInfo storage pool = poolInfo[_pid]; pool.lpToken.safeTransfer(msg.sender, amount);` (the MasterChef
shape that many staking forks copy): anyone may pick the record (`_pid`) and anyone's `updatePool` writes
other fields of it (`pool.accRewardPerShare`), so the record as a whole is open; but the `lpToken` field
is only written when the owner adds a pool (`onlyOwner add(..) { poolInfo.push(PoolInfo({lpToken: ..}))`),
so the code that runs there is the owner's choice, like a callee in an owner-set state variable. The
fields written without a caller check are read per field: a write of the whole record (`push`, `delete`,
`recs[i] = ..`, a struct copied in) opens every field; internal functions count as unchecked."""

from __future__ import annotations

import weakref
from collections.abc import Iterator

from ..flow import Scope, caller_guarded, root_name
from ..ir import Expr, Function, SourceUnit, Stmt

__all__ = ["fixed_field", "unguarded_statements"]

_ALL = "*"
_CACHE: weakref.WeakKeyDictionary[SourceUnit, dict[str, set[tuple[str, str]]]] = weakref.WeakKeyDictionary()


def _field(e: Expr) -> str:
    """The field an access path names first after its root (`recs[i].hook.x` → hook; `recs[i]` → *)."""
    field = _ALL
    while e.kind in ("index", "member") and e.args:
        if e.kind == "member":
            field = e.name
        e = e.args[0]
    return field


def _targets(x: Expr) -> list[Expr]:
    if x.kind == "assign" or x.kind == "unary" and x.name in ("++", "--", "x++", "x--", "delete"):
        t = x.args[0]
    elif x.kind == "call" and x.callee.kind == "member" and x.callee.name in ("push", "pop", "append"):
        t = x.callee.args[0]
    else:
        return []
    return list(t.args) if t.kind == "tuple" else [t]


def unguarded_statements(scope: Scope) -> Iterator[tuple[Function, Stmt, dict[str, str], dict[str, str]]]:
    """Every statement of the contract's functions and modifiers (constructors left out) that no caller
    check guards, with its function's local types and storage aliases; internal functions count as unchecked."""
    for g in (*(g for fs in scope.functions.values() for g in fs), *scope.modifiers.values()):
        if g.body is None or g.kind == "constructor":
            continue
        guarded = caller_guarded(scope, g) if g.is_public else {}
        locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
        for st in g.statements():
            if not guarded.get(id(st), False):
                yield g, st, locals_, aliases


def _open_fields(scope: Scope) -> set[tuple[str, str]]:
    """(state variable, field) pairs code without a caller check writes; field `*` for a whole record."""
    per_unit = _CACHE.setdefault(scope.unit, {})
    got = per_unit.get(scope.contract.name)
    if got is not None:
        return got
    got = set()
    for _, st, locals_, aliases in unguarded_statements(scope):
        for e in st.exprs:
            for x in e.walk():
                for t in _targets(x):
                    name = root_name(t)
                    via = aliases.get(name)
                    if via is not None:
                        got.add((via, _field(t)))
                    elif name in scope.state and name not in locals_:
                        got.add((name, _field(t)))  # `recs[i] = ..`, `push`: the whole record (`*`)
    per_unit[scope.contract.name] = got
    return got


def fixed_field(scope: Scope, f: Function, target: Expr, locals_: dict[str, str]) -> bool:
    """`target` (casts already stripped) is one field of a stored record, reached directly (`recs[i].hook`)
    or through a local storage pointer (`r.hook`), that only constructors and caller-checked code write."""
    if target.kind != "member" or not target.args:
        return False
    field = _field(target)
    name = root_name(target)
    root = scope.storage_aliases(f).get(name)
    if root is None:
        if name not in scope.state or name in locals_:
            return False
        root = name
    if field == _ALL:
        return False
    opened = _open_fields(scope)
    return (root, _ALL) not in opened and (root, field) not in opened
