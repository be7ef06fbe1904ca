"""Narrowing casts that split one amount into two values (for integer-overflow in arithmetic.py).

`uint96(amount)` keeps the low 96 bits of a wider caller's argument, and no Solidity version checks it
(0.8's checked arithmetic covers + - *, not conversions). It is a bug when the same function also uses the
argument whole: `o.amount -= uint96(amount)` then `token.transfer(msg.sender, amount)` debits
`amount mod 2**96` and pays `amount`; `grants[who] = Grant(uint128(total), ..)` after `committed += total`
records a grant the books do not match. A finding needs all of:

- a cast to a narrower unsigned type (`uint8` .. `uint248`) of a parameter of a public function declared
  wider (`uint256`), with no comparison on that parameter anywhere in the function (a range check, a cap
  against a stored amount); SafeCast's `toUint96` is a call and reverts instead;
- the cast value lands in storage (the statement writes a state variable, directly or through a storage
  pointer);
- the parameter is used whole in another effect: an argument of a call that is not a check or an event
  (a transfer, a mint), or the value of another state write.

Every such cast is a note (low severity and confidence): on audited code the parameter is mostly bounded by what
the caller holds (a token amount under its supply), which this rule cannot see; owner-only ones are the owner's input.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import ScanFinding
from ..flow import Scope
from ..ir import Expr, Function, SourceUnit
from ._arith import conditions
from ._ranges import type_bits
from .base import ScanDetector

__all__ = ["cast_findings", "split_casts"]

_CHECKS = ("require", "assert", "revert")


def _narrowed(x: Expr, wide: dict[str, int]) -> str:
    """The parameter `x` casts to a narrower unsigned type than it is declared, or ""."""
    if x.kind != "cast" or len(x.args) != 1 or x.args[0].kind != "ident":
        return ""
    bits, name = type_bits(x.name), x.args[0].name
    return name if bits is not None and name in wide and bits < wide[name] else ""


def _compared(f: Function, name: str) -> bool:
    for s in f.statements():
        for c in conditions(s):
            for y in c.walk():
                if y.kind == "binary" and y.name in ("<", "<=", ">", ">=", "==") and len(y.args) == 2:
                    if any(z.kind == "ident" and z.name == name for a in y.args for z in a.walk()):
                        return True
    return False


def _whole_uses(e: Expr, name: str, inside: set[int]) -> bool:
    """`name` appears in `e` outside a cast, as a call argument or an assigned value."""
    for x in e.walk():
        if x.kind == "call" and not (x.callee.kind == "ident" and x.callee.name in _CHECKS):
            parts = x.arguments
        elif x.kind == "assign" and len(x.args) > 1:
            parts = x.args[1:]
        else:
            continue
        if any(y.kind == "ident" and y.name == name and id(y) not in inside for a in parts for y in a.walk()):
            return True
    return False


def _owner_gated(scope: Scope, f: Function) -> bool:
    """The caller must be one stored account (`msg.sender == admin`, in the body or an inlined modifier),
    or a modifier this file does not show decides; a record's own party (`o.maker == msg.sender`) is anyone."""
    if any((m.callee.name if m.kind == "call" else m.name) not in scope.modifiers for m in f.modifiers):
        return True
    for s in (t for top in scope.effective_body(f) for t in top.walk()):
        for c in conditions(s):
            for y in c.walk():
                if y.kind == "binary" and y.name in ("==", "!=") and len(y.args) == 2:
                    a, b = y.args
                    for me, other in ((a, b), (b, a)):
                        if me.is_member("msg", "sender") and other.kind == "ident" and other.name in scope.state:
                            return True
    return False


def split_casts(unit: SourceUnit, scope: Scope) -> Iterator[tuple[Function, int, str, str, bool]]:
    """(function, line, cast text, parameter, owner-only) for each cast of the module docstring."""
    if unit.language != "solidity":
        return
    for f in scope.contract.functions:
        if f.body is None or not f.is_public or f.is_readonly:
            continue
        wide = {p.name: type_bits(p.type) or 256 for p in f.params if p.type.strip().startswith("uint")}
        locals_, aliases = scope.local_types(f), scope.storage_aliases(f)
        owner = _owner_gated(scope, f)
        stmts = [s for s in f.statements() if s.kind != "emit"]
        for s in stmts:
            for e in s.exprs:
                if not any(True for _ in scope.state_writes(e, locals_, aliases)):
                    continue
                for x in e.walk():
                    name = _narrowed(x, wide)
                    if not name or _compared(f, name):
                        continue
                    inside = {id(y) for y in x.walk()}
                    if any(_whole_uses(o, name, inside) for t in stmts for o in t.exprs):
                        yield f, x.line, x.text or x.name, name, owner


def cast_findings(det: ScanDetector, unit: SourceUnit) -> Iterator[ScanFinding]:
    """The integer-overflow findings of `split_casts`, in every Solidity version."""
    for scope in det.scopes(unit):
        for f, line, text, name, _owner in split_casts(unit, scope):
            yield det.finding(
                unit,
                line,
                f"`{text[:60]}` keeps only the low bits of `{name}`, which this function also uses whole:"
                " an argument at or above the narrow type's range is recorded truncated but acted on in full"
                " (no Solidity version checks a conversion; bound it or use SafeCast)",
                contract=scope.contract,
                function=f,
                # a note: on audited code the parameter is mostly bounded by what the caller holds (a token
                # amount under its supply), which this rule cannot see (round 21 merge: 14 such on 3 tiers)
                severity="low",
                confidence="low",
            )
