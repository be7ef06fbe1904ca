"""Arbitrary storage writes (SWC-124): a pre-0.6 dynamic array whose length a caller can shrink past
zero or set, so that an indexed write can land on any storage slot; an inline-assembly `sstore` at a
slot the caller passes (_asmslots.py)."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import ScanFinding
from ..flow import caller_guarded, root_name, walk_guarded
from ..ir import Expr, Function, SourceUnit
from ._asmslots import caller_slot_writes
from ._resize import bounded_above, caller_resize, indexed_by_caller, unchecked_shrink
from .access import _public
from .base import ScanDetector, register

__all__ = ["ArbitraryStorageWrite"]


@register
class ArbitraryStorageWrite(ScanDetector):
    id = "arbitrary-storage-write"
    category = "access_control"
    swc_id = "SWC-124"
    severity = "high"
    confidence = "medium"
    description = (
        "A caller can change a dynamic storage array's length (or write past it), so writes can land"
        " on any storage slot; checks like `length >= 0` can never fail."
    )
    example = """pragma solidity ^0.4.24;
contract Codes {
    uint[] codes;
    function pop() public {
        require(0 <= codes.length);
        codes.length--;
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Codes {
    uint[] codes;
    function pop() public {
        require(codes.length > 0);
        codes.length--;
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                for line, slot, role in caller_slot_writes(unit, scope, f) if _public(f) else []:
                    yield self.finding(
                        unit,
                        line,
                        f"`sstore` writes the slot `{slot}` the caller passes, so "
                        + (
                            "every holder of the role this function checks can overwrite any storage slot,"
                            " the one holding whoever appoints the role included"
                            if role
                            else "anyone can overwrite any storage slot"
                        ),
                        contract=scope.contract,
                        function=f,
                        confidence="medium" if role else "high",
                    )
        if unit.version is not None and unit.version >= (0, 6, 0):
            return
        for scope in self.scopes(unit):
            dyn = {n for n, v in scope.state.items() if v.type.endswith("[]")}
            for f in scope.contract.functions:
                if not _public(f):
                    continue
                params = {p.name for p in f.params}
                guards = caller_guarded(scope, f)
                for s, conds in walk_guarded(f.body or []):
                    for e in s.exprs:
                        for x in e.walk():
                            tgt = _length_write(x)
                            if tgt in dyn and not guards.get(id(s), False):
                                for c in conds:
                                    if _tautology(c):
                                        yield self.finding(
                                            unit,
                                            c.line,
                                            f"`{c.text}` can never be false, so it does"
                                            f" not stop `{tgt}.length` from underflowing",
                                            contract=scope.contract,
                                            function=f,
                                        )
                                if (
                                    not any(_tautology(c) for c in conds)
                                    and unchecked_shrink(f, x, tgt, conds)
                                    and indexed_by_caller(scope.contract.functions, tgt, _public, _indexed_writes)
                                ):
                                    yield self.finding(
                                        unit,
                                        x.line,
                                        f"nothing checks that `{tgt}` is not empty before its length shrinks: on an"
                                        f" empty array it wraps to 2**256 - 1, and an indexed write to `{tgt}` can"
                                        " then overwrite any storage slot",
                                        contract=scope.contract,
                                        function=f,
                                    )
                                here = _indexed_writes(f, tgt, params) if x.kind == "assign" else []
                                if not here and _resized_for_others(scope.contract.functions, x, tgt, params, conds):
                                    yield self.finding(
                                        unit,
                                        x.line,
                                        f"any caller sets `{tgt}.length`, so an indexed write to `{tgt}`"
                                        " elsewhere can overwrite any storage slot",
                                        contract=scope.contract,
                                        function=f,
                                    )
                                if _from(x.args[1] if x.kind == "assign" else x, params) and x.kind == "assign":
                                    for w in here:
                                        yield self.finding(
                                            unit,
                                            w,
                                            f"the caller sets `{tgt}.length` and the index"
                                            " written, so this can overwrite any storage slot",
                                            contract=scope.contract,
                                            function=f,
                                        )


def _length_write(x: Expr) -> str:
    if x.kind in ("assign", "unary") and x.args and x.args[0].kind == "member" and x.args[0].name == "length":
        if x.kind == "assign" or x.name in ("--", "x--", "++", "x++"):
            return root_name(x.args[0].args[0])
    return ""


def _resized_for_others(fs: list[Function], x: Expr, arr: str, params: set[str], conds: tuple[Expr, ...]) -> bool:
    names = caller_resize(x, params)
    return bool(names) and not bounded_above(names, conds) and indexed_by_caller(fs, arr, _public, _indexed_writes)


def _tautology(c: Expr) -> bool:
    return any(
        x.kind == "binary"
        and (
            (x.name == ">=" and x.args[1].kind == "literal" and x.args[1].name == "0")
            or (x.name == "<=" and x.args[0].kind == "literal" and x.args[0].name == "0")
        )
        for x in c.walk()
    )


def _from(e: Expr, params: set[str]) -> bool:
    return any(y.kind == "ident" and y.name in params for y in e.walk())


def _indexed_writes(f: Function, arr: str, params: set[str]) -> list[int]:
    out = []
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if (
                    x.kind == "assign"
                    and x.args[0].kind == "index"
                    and root_name(x.args[0]) == arr
                    and len(x.args[0].args) > 1
                    and _from(x.args[0].args[1], params)
                ):
                    out.append(x.line)
    return out
