"""Who picked the called contract (`reentrancy`, detectors/reentrancy.py): the caller (`msg.sender`, an
argument), or the owner (a state variable only constructors and caller-checked code write). The first
raises a finding's confidence, the second lowers it."""

from __future__ import annotations

from ..flow import CallInfo
from ..ir import Function

__all__ = ["caller_chosen", "owner_target"]


def caller_chosen(info: CallInfo | None, f: Function) -> bool:
    """The called contract is one the caller names: `msg.sender`, `tx.origin` or an argument."""
    if info is None or info.target is None:
        return False
    params = {p.name for p in f.params}
    return any(
        x.is_member("msg", "sender") or x.is_member("tx", "origin") or (x.kind == "ident" and x.name in params)
        for x in info.target.walk()
    )


def owner_target(info: CallInfo | None, owner: set[str]) -> bool:
    """The called contract is a state variable only constructors and caller-checked code write."""
    target = info.target if info is not None else None
    while target is not None and target.kind == "cast" and len(target.args) == 1:
        target = target.args[0]
    return target is not None and target.kind == "ident" and target.name in owner
