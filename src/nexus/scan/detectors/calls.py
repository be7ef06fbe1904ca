"""Unchecked low-level calls: call/send/delegatecall whose success flag is dropped."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..findings import ScanFinding, confidence_rank, severity_rank
from ..flow import Scope
from ..ir import Expr, Function, SourceUnit, Stmt
from ._asmcalls import assembly_dropped_calls
from .base import ScanDetector, register

__all__ = ["UncheckedCall"]


def _reads(f: Function, name: str, after: int, unit: SourceUnit) -> bool:
    """Something after line `after` reads local `name`: an expression, or an inline assembly block that
    names it (`switch success case 0 { revert(..) }`, `if iszero(ok) { .. }`: Yul sees Solidity locals)."""
    word = re.compile(rf"(?<![\w.$]){re.escape(name)}(?![\w$])")
    for s in f.statements():
        if s.line <= after and s.kind != "if":
            continue
        if s.kind == "assembly" and word.search("\n".join(unit.lines[s.line - 1 : s.end_line or s.line])):
            return True
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "ident" and x.name == name and x.line > after:
                    return True
    return False


@register
class UncheckedCall(ScanDetector):
    id = "unchecked-call"
    category = "unchecked_low_level_calls"
    swc_id = "SWC-104"
    severity = "medium"
    confidence = "high"
    languages = ("solidity", "vyper")
    description = "The boolean a low-level call or send returns is never checked, so a failure goes unnoticed."
    example = """pragma solidity ^0.4.24;
contract Payout {
    function pay(address to, uint amount) public {
        to.send(amount);
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Payout {
    function pay(address to, uint amount) public {
        require(to.send(amount));
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                if f.body is None:
                    continue
                locals_ = scope.local_types(f)
                found = [x for s in f.statements() for x in self._stmt(unit, scope, f, s, locals_)]
                if found:
                    yield _one_function(found)

    def _stmt(self, unit: SourceUnit, scope, f: Function, s: Stmt, locals_: dict[str, str]) -> Iterable[ScanFinding]:
        for line, op in assembly_dropped_calls(unit, s, f.end_line):
            yield self.finding(
                unit,
                line,
                f"assembly `{op}` discards its success flag; if the call fails, execution continues",
                contract=scope.contract,
                function=f,
                confidence="medium",
                severity="high" if op in ("delegatecall", "callcode") else None,
            )
        if s.kind == "expr" and s.exprs and s.exprs[0].kind == "assign":
            yield from self._assigned(unit, scope, f, s.exprs[0], locals_)
        if s.kind == "expr" and s.exprs:
            e = s.exprs[0]
            if e.kind == "member" and e.name in ("call", "delegatecall", "callcode") and e.options:
                yield self.finding(
                    unit,
                    e.line,
                    f"`{e.name}` with {'/'.join(e.options)} set is never invoked"
                    " (missing `()`), so nothing is sent and nothing is checked",
                    contract=scope.contract,
                    function=f,
                )
                return
            if e.kind == "call":
                info = scope.classify(e, locals_)
                if info.kind in ("lowlevel", "send") and _may_fail_silently(e, unit):
                    yield self.finding(
                        unit,
                        e.line,
                        f"return value of `{info.name}` is not checked; if the call"
                        " fails, execution continues as if it had succeeded",
                        contract=scope.contract,
                        function=f,
                        severity="high" if info.name in ("delegatecall", "callcode") else None,
                    )
        elif s.kind == "var" and s.exprs and s.exprs[0].kind == "call":
            e = s.exprs[0]
            info = scope.classify(e, locals_)
            flag = s.names[0] if s.names else ""
            if info.kind in ("lowlevel", "send") and flag and not _reads(f, flag, s.line, unit):
                yield self._unread_flag(unit, scope, f, e.line, f"`{flag}` of `{info.name}` is stored")

    def _assigned(
        self, unit: SourceUnit, scope: Scope, f: Function, a: Expr, locals_: dict[str, str]
    ) -> Iterable[ScanFinding]:
        """`ok = to.call(..)` / `(ok, data) = ..` / Vyper `ok, resp = raw_call(.., revert_on_failure=False)`
        into a local flag declared earlier that nothing reads afterwards (a named return value is read by
        the caller)."""
        target, value = a.args[0], a.args[1]
        if a.name != "=" or value.kind != "call":
            return
        info = scope.classify(value, locals_)
        if info.kind not in ("lowlevel", "send") or not _may_fail_silently(value, unit):
            return
        first = target.args[0] if target.kind == "tuple" and target.args else target
        declared = {n for s in f.statements() if s.kind == "var" for n in s.names}  # not a named return
        if first.kind == "ident" and first.name in declared and not _reads(f, first.name, a.line, unit):
            yield self._unread_flag(unit, scope, f, value.line, f"`{first.name}` of `{info.name}` is assigned")

    def _unread_flag(self, unit: SourceUnit, scope: Scope, f: Function, line: int, what: str) -> ScanFinding:
        """A low-level call's success flag that is kept in a local nothing reads afterwards."""
        msg = f"the success flag {what} but never read"
        return self.finding(unit, line, msg, contract=scope.contract, function=f, confidence="medium")


def _one_function(found: list[ScanFinding]) -> ScanFinding:
    """One finding per function: its first dropped success flag, the function's other unchecked calls as
    related lines (one review of the function checks them all, as one SARIF result with related locations)."""
    first = found[0]
    first.severity = max((g.severity for g in found), key=severity_rank)
    first.confidence = max((g.confidence for g in found), key=confidence_rank)
    first.related = sorted({g.line for g in found[1:]} - {first.line})
    if first.related:
        first.message += f" (and {len(first.related)} more unchecked call(s) in this function)"
    return first


def _may_fail_silently(e: Expr, unit: SourceUnit) -> bool:
    if unit.language != "vyper":
        return True
    flag = e.options.get("revert_on_failure")
    return flag is not None and flag.name == "False"
