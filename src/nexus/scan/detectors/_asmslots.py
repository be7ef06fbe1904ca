"""Inline-assembly `sstore` at a slot the caller picks (SWC-124 helper for storage.py).

`function set(bytes32 key, bytes32 value) external { assembly { sstore(key, value) } }` writes whatever
slot the caller names: slot 0 (often the owner), a mapping entry's hashed slot, an implementation slot.
A slot counts as the caller's when the first argument of `sstore` is a parameter of the function, or a
local the function sets once from parameters without hashing (`uint256 slot = uint256(key)`), and the
block does not reassign it (`key := keccak256(..)`). Hashing the key under a namespace first
(`keccak256(abi.encode("app.config", key))`) confines the writes to that namespace.

Who may call matters. Nobody checked (no caller check, no guard-named modifier, no `caller()` read in
the function's assembly): anyone overwrites any slot. A caller check on a role that another
authority appoints (`require(operators[msg.sender])`, with `operators` set by owner-checked code): every
member can overwrite the slot holding the owner, or the role itself, and so rises above the role. A caller
check on the top authority (the owner, who appoints itself or is fixed at deployment) is the owner's own
power, not reported.
"""

from __future__ import annotations

import re

from ..callers import caller_check
from ..facts import single_assignments
from ..flow import Scope, root_name
from ..guards import chosen_params, walk_facts
from ..ir import Expr, Function, SourceUnit, Stmt

__all__ = ["SlotWrite", "caller_slot_writes"]

_SSTORE = re.compile(r"\bsstore\s*\(\s*([A-Za-z_]\w*)\s*,")
_HASHES = ("keccak256", "sha3", "sha256")
_CALLER = re.compile(r"\bcaller\s*\(\s*\)")
_GUARD_WORDS = ("only", "owner", "admin", "auth", "restricted")

SlotWrite = tuple[int, str, bool]  # line, slot name, whether a caller check holds there


def _from_params(e: Expr, params: set[str]) -> bool:
    names = {y.name for y in e.walk() if y.kind == "ident"}
    hashed = any(y.kind == "call" and y.callee.kind == "ident" and y.callee.name in _HASHES for y in e.walk())
    return bool(names & params) and not hashed


def _authorities(scope: Scope, f: Function, line: int) -> set[str] | None:
    """What the caller checks holding at the statement on `line` compare the caller with; None: no check."""
    body = scope.effective_body(f)
    once = single_assignments(body)
    chosen = chosen_params(scope, f, once)
    for s, facts in walk_facts(body, calls=True):
        if s.line == line:
            found = [r for c, h in facts if (r := caller_check(c, scope, h, once, chosen)) is not None]
            return set().union(*found) if found else None
    return None


def _appointed_elsewhere(scope: Scope, f: Function, names: set[str]) -> bool:
    """Some authority in `names` is written by another public function that checks a different one (or none)."""
    for fs in scope.functions.values():
        for g in fs:
            if g is f or g.body is None or not g.is_public or g.kind == "constructor":
                continue
            for s in g.statements():
                hit = any(
                    x.kind in ("assign", "unary") and x.args and root_name(x.args[0]) in names
                    for e in s.exprs
                    for x in e.walk()
                )
                if hit:
                    who = _authorities(scope, g, s.line)
                    if who is None or not who & names:
                        return True
    return False


def caller_slot_writes(unit: SourceUnit, scope: Scope, f: Function) -> list[SlotWrite]:
    """The reportable `sstore`s of public function `f` at a slot its caller picks (see the module docstring)."""
    params = {p.name for p in f.params}
    once = single_assignments(f.body or [])
    out: list[SlotWrite] = []
    for s in f.statements():
        if s.kind != "assembly":
            continue
        text = "\n".join(unit.lines[s.line - 1 : max(s.line, s.end_line or s.line)])
        for m in _SSTORE.finditer(text):
            name = m.group(1)
            value = once.get(name)
            chosen = name in params and name not in once or value is not None and _from_params(value, params)
            if not chosen or re.search(rf"\b{name}\s*:=", text):
                continue
            out += _judged(unit, scope, f, s, name, s.line + text.count("\n", 0, m.start()))
    return out


def _maybe_checked(unit: SourceUnit, scope: Scope, f: Function, line: int) -> bool:
    """Some sign of a caller check this analysis cannot name: a condition or a bare call (`_checkOwner()`)
    holding at the statement, a guard-named modifier, or `caller()` read in the function's assembly."""
    if any(w in (m.callee.name if m.kind == "call" else m.name).lower() for m in f.modifiers for w in _GUARD_WORDS):
        return True
    if _CALLER.search("\n".join(unit.lines[f.line - 1 : f.end_line])):
        return True
    for s, facts in walk_facts(scope.effective_body(f), calls=True):
        if s.line == line:
            return any(c.kind == "call" or any(y.is_member("msg", "sender") for y in c.walk()) for c, _ in facts)
    return False


def _judged(unit: SourceUnit, scope: Scope, f: Function, s: Stmt, name: str, line: int) -> list[SlotWrite]:
    who = _authorities(scope, f, s.line)
    if who is None:
        return [] if _maybe_checked(unit, scope, f, s.line) else [(line, name, False)]
    return [(line, name, True)] if who and _appointed_elsewhere(scope, f, who) else []
