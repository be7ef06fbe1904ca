"""Authorities set in two steps (`unprotected-owner-write`, detectors/access.py).

`commit_admin(addr)` stores `future_admin = addr`, `apply_admin()` copies `admin = future_admin`. The
staged variable decides who becomes the authority as surely as the authority itself: a write of it past
no caller check is the takeover (reported at that write, in the committing function), and the copy is
harmless when every write of the staged value is caller-checked (anyone may apply what the owner chose).

A staged variable is a state variable copied whole into an authority (`admin = future_admin`); it is
open when some public function writes it past no caller check.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function
from ._authwrites import unguarded_auth_writes

__all__ = ["adopted_lines", "staged_vars", "whole_assigns"]


def whole_assigns(f: Function, guarded: dict[int, bool] | None = None) -> list[Expr]:
    """The `name = value` assignments of `f` whose target is a whole variable, past no caller check when
    `guarded` (`caller_guarded`) is given."""
    return [
        x
        for s in f.statements()
        if not (guarded or {}).get(id(s), False)
        for e in s.exprs
        for x in e.walk()
        if x.kind == "assign" and x.name == "=" and len(x.args) == 2 and x.args[0].kind == "ident"
    ]


def _copies(scope: Scope, auth: set[str]) -> list[tuple[int, str]]:
    """(line, staged variable) for each `authority = staged` assignment in the contract's functions."""
    return [
        (x.line, x.args[1].name)
        for f in scope.contract.functions
        if f.body is not None
        for x in whole_assigns(f)
        if x.args[0].name in auth
        and x.args[1].kind == "ident"
        and x.args[1].name in scope.state
        and x.args[1].name not in auth
        and not scope.state[x.args[1].name].constant
    ]


def staged_vars(scope: Scope, auth: set[str]) -> set[str]:
    """The state variables copied whole into an authority."""
    return {name for _, name in _copies(scope, auth)}


def _open(scope: Scope, name: str) -> bool:
    fns: list[Function] = [
        f for f in scope.contract.functions if f.is_public and f.body is not None and f.kind != "constructor"
    ]
    return any(unguarded_auth_writes(scope, f, {name}, {}, set())[0] for f in fns)


def adopted_lines(scope: Scope, auth: set[str]) -> set[int]:
    """Lines copying into an authority a staged value only caller-checked code writes."""
    closed = {name for name in staged_vars(scope, auth) if not _open(scope, name)}
    return {line for line, name in _copies(scope, auth) if name in closed}
