"""Caller checks split across the branches of an `if`/`else` (Compound's Timelock `setPendingAdmin`).

`if (initialized) { require(msg.sender == address(this)); } else { require(msg.sender == admin); ... }`
checks the caller on every path: each branch enforces its own check before falling through, so the
statements after the `if` run only for an authorised caller, though neither check holds on its own
there. A branch with no caller check (or only one branch) leaves what follows unguarded.
"""

from __future__ import annotations

from ..facts import guard_fact
from ..flow import Scope, sender_check
from ..ir import Function, Stmt

__all__ = ["split_checked"]


def _checks_caller(branch: list[Stmt], scope: Scope) -> bool:
    for s in branch:
        if s.kind == "block":
            if _checks_caller(s.body, scope):
                return True
            continue
        fact = guard_fact(s)
        if fact is not None and sender_check(fact[0], scope, fact[1]):
            return True
        if s.kind in ("return", "revert", "throw"):
            return False
    return False


def _after_split(body: list[Stmt], scope: Scope, out: set[int]) -> None:
    split = False
    for s in body:
        if split:
            out.update(id(t) for t in s.walk())
            continue
        if s.kind == "if" and s.orelse and _checks_caller(s.body, scope) and _checks_caller(s.orelse, scope):
            split = True
        elif s.kind == "block":
            _after_split(s.body, scope, out)


def split_checked(scope: Scope, f: Function) -> set[int]:
    """The statements of `f` (by id) that follow an `if`/`else` whose every branch checks the caller."""
    out: set[int] = set()
    _after_split(f.body or [], scope, out)
    return out
