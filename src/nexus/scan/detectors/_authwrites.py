"""Writes of the variables that decide who may call, for `unprotected-owner-write` (access.py): the
internal functions that write one (transitively), and the writes a public function makes past no caller
check, less the ones that take nothing from anyone (a fresh id, the caller's own row or reset)."""

from __future__ import annotations

from ..flow import Scope, caller_guarded, walk_guarded
from ..ir import Function
from ._authflow import fresh_key_write, own_pointers, own_reset
from ._authvars import alias_fields, auth_hit
from ._claimentry import claimed_entry
from ._newentry import new_entry_writes
from ._oneshot import paid_self_entry
from ._ownrow import own_row_call, own_row_write
from ._signedgrant import signed_grants
from ._splitcheck import split_checked
from ._synced import synced_call, synced_write

__all__ = ["auth_writers", "unguarded_auth_writes"]


def auth_writers(scope: Scope, auth: set[str], reset: set[str]) -> dict[str, str]:
    """Internal functions that write an authorisation variable (transitively), and which one; a reset of
    the caller's own entry in a record `resettable_records` clears is not such a write, nor a new entry
    at a fresh counter value the helper then moves past (`channels[nextId] = ..; nextId += 1;`) or one
    nobody holds yet that the helper sets up (_newentry)."""
    out: dict[str, str] = {}
    for _ in range(3):
        for fs in scope.functions.values():
            for f in fs:
                if f.is_public or f.body is None or f.name in out:
                    continue
                locals_, aliases, own = scope.local_types(f), scope.storage_aliases(f), own_pointers(f)
                fields, created = alias_fields(f), new_entry_writes(f, scope) | _signed(scope, f)
                for s in f.statements():
                    for e in s.exprs:
                        for name, node in scope.state_writes(e, locals_, aliases):
                            if (
                                auth_hit(name, node, auth, fields)
                                and not (name in reset and own_reset(node, own) == name)
                                and not fresh_key_write(f, scope, node)  # a new entry at a fresh id
                                and id(node) not in created  # an entry set up while nobody holds it
                            ):
                                out.setdefault(f.name, name)
                        for info in scope.calls(e, locals_):
                            if info.kind == "internal" and info.name in out:
                                out.setdefault(f.name, out[info.name])
    return out


def unguarded_auth_writes(
    scope: Scope, f: Function, auth: set[str], writers: dict[str, str], reset: set[str]
) -> tuple[list[tuple[int, str]], int, int, int]:
    """The writes of authorisation variables `f` makes past no caller check, directly or through an internal
    writer (`auth_writers`), as (line, variable); and how many of them are a paid seat (_oneshot), a copy of
    what a stored registry reports (_synced) and a claim of an unowned entry (_oneshot)."""
    guarded = caller_guarded(scope, f)  # by statement: `if (msg.sender == a) { owner = a; }` on one line
    split = split_checked(scope, f)  # after `if (x) { require(sender == a); } else { require(sender == b); }`
    locals_, aliases, own = scope.local_types(f), scope.storage_aliases(f), own_pointers(f)
    fields, created = alias_fields(f), new_entry_writes(f, scope) | _signed(scope, f)  # a signer's own seat
    hits: list[tuple[int, str]] = []
    paid, synced, claimed, conds = 0, 0, 0, {id(s): g for s, g in walk_guarded(f.body or [])}
    for s in f.statements():
        if guarded.get(id(s), False) or id(s) in split:
            continue
        for e in s.exprs:
            writes = [
                (node, name)
                for name, node in scope.state_writes(e, locals_, aliases)
                if auth_hit(name, node, auth, fields)
                and not fresh_key_write(f, scope, node)
                and id(node) not in created
                and not (name in reset and own_reset(node, own) == name)
                and not own_row_write(scope, f, node, name, auth)  # the caller's own row (see _ownrow)
            ]
            paid += sum(paid_self_entry(node, conds.get(id(s), ()), scope) for node, _ in writes)
            synced += sum(synced_write(scope, f, node) for node, _ in writes)
            claimed += sum(claimed_entry(node, conds.get(id(s), ()), f) for node, _ in writes)  # _claimentry.py
            hits += [(node.line, name) for node, name in writes]
            calls = [
                info
                for info in scope.calls(e, locals_)
                if info.kind == "internal"
                and info.name in writers
                and info.name != f.name
                and not own_row_call(scope, f, info.expr, auth, set(writers))
            ]
            synced += sum(synced_call(scope, info.expr, auth) for info in calls)
            hits += [(info.expr.line, writers[info.name]) for info in calls]
    return hits, paid, synced, claimed


def _signed(scope: Scope, f: Function) -> set[int]:
    """The writes of `f` that seat a signer in the row its signed message names (_signedgrant)."""
    locals_, aliases = scope.local_types(f), scope.storage_aliases(f)
    writes = [node for st in f.statements() for e in st.exprs for _, node in scope.state_writes(e, locals_, aliases)]
    return signed_grants(scope, f, writes)
