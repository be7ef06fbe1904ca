"""Statements after which the call frame is over (`reentrancy`, detectors/reentrancy.py).

`_forwardAndHalt(h)` forwards `msg.data` to a target and then ends the whole call frame from inline
assembly (`assembly { return(add(r, 0x20), mload(r)) }` on success, `revert(..)` on failure): nothing after
the helper's call site ever runs, so a state write there does not follow the call. A helper halts when
every path through its body ends in a frame-ending statement: `revert`/`throw`, a `revert(..)` call, or an
assembly block that is straight-line (no `if`/`switch`/`for`/`function`) and executes `return(..)`,
`revert(..)`, `stop()`, `invalid()` or `selfdestruct(..)`. A Solidity `return` only leaves the helper and
does not count. The call site must be the helper called as a statement of its own.
"""

from __future__ import annotations

import re
import weakref

from ..flow import Scope
from ..ir import SourceUnit, Stmt

__all__ = ["halts_here"]

_BRANCH = re.compile(r"\b(if|switch|for|function|case|default)\b")
_END = re.compile(r"\b(return|revert|selfdestruct)\s*\(|\b(stop|invalid)\s*\(\s*\)")
_CACHE: weakref.WeakKeyDictionary[SourceUnit, dict[str, set[str]]] = weakref.WeakKeyDictionary()


def _assembly_halts(unit: SourceUnit, s: Stmt) -> bool:
    text = "\n".join(unit.lines[s.line - 1 : max(s.line, s.end_line)])
    text = text[text.find("assembly") :] if "assembly" in text else ""
    body = text[text.find("{") + 1 :] if "{" in text else ""
    return bool(body) and not _BRANCH.search(body) and bool(_END.search(body))


def _halts(unit: SourceUnit, body: list[Stmt], names: set[str]) -> bool:
    for s in body:
        if s.kind in ("throw", "revert") or s.kind == "assembly" and _assembly_halts(unit, s):
            return True
        if s.kind == "expr" and _calls_halting(s, names):
            return True
        if s.kind == "block" and _halts(unit, s.body, names):
            return True
        if s.kind == "if" and s.orelse and _halts(unit, s.body, names) and _halts(unit, s.orelse, names):
            return True
        if s.kind == "return":
            return False
    return False


def _calls_halting(s: Stmt, names: set[str]) -> bool:
    e = s.exprs[0] if s.exprs else None
    return (
        e is not None
        and e.kind == "call"
        and e.callee.kind == "ident"
        and (e.callee.name in names or e.callee.name == "revert")
    )


def _halting(scope: Scope) -> set[str]:
    per_unit = _CACHE.setdefault(scope.unit, {})
    got = per_unit.get(scope.contract.name)
    if got is None:
        got = set()
        for _ in range(3):  # a helper that calls a halting helper as its last word halts too
            for name, fs in scope.functions.items():
                bodies = [f.body for f in fs if f.body is not None]
                if bodies and all(_halts(scope.unit, b, got) for b in bodies):
                    got.add(name)
        per_unit[scope.contract.name] = got
    return got


def halts_here(scope: Scope, s: Stmt) -> bool:
    """`s` ends the call frame: a straight-line halting assembly block or a call of a halting helper."""
    if s.kind == "assembly":
        return _assembly_halts(scope.unit, s)
    return s.kind == "expr" and _calls_halting(s, _halting(scope))
