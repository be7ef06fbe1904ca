"""Addresses the contract trusts with its money or its answers, set by anyone (`unprotected-owner-write`,
detectors/access.py).

Besides the variables a caller check names (`_authvars`), two kinds of stored address act for the owner:
one the contract pays (`wallet.transfer(msg.value)`, `payable(feeCollector).transfer(fee)`, a token
`transfer(treasury, fee)`) and one whose answers it acts on (`oracle.priceOf(asset)`, any external call on
the variable). Whoever may set such a variable redirects the contract's payments or makes its prices up.

A write counts when a public function (no constructor, no view) sets the whole variable (not a mapping
entry) from one of its parameters past no caller check, and the function is either named like a
constructor in a contract that has none (the pre-0.4.22 misspelling) or the contract checks its callers
elsewhere (an inherited check included): the guard was forgotten here, not absent by design. A caller
naming itself (`payee = msg.sender`, a seat it takes) is not such a write.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import ScanFinding
from ..flow import Scope
from ..guards import caller_guarded
from ..ir import Function, SourceUnit
from ._hookcall import strip
from ._hooks import deferred_check, imported_initializer
from ._oneshot import one_shot, setup_window
from ._payments import payments
from ._staged import whole_assigns
from ._sweep import checks_callers
from .base import ScanDetector

__all__ = ["config_findings", "config_writes", "ctor_like"]


def ctor_like(scope: Scope, f: Function) -> bool:
    """`f` is named like the contract or like a constructor in a contract that declares none."""
    return f.name.lower() in (scope.contract.name.lower(), "constructor") or (
        f.name[:1].isupper() and not any(g.kind == "constructor" for g in scope.contract.functions)
    )


def _trusted(scope: Scope) -> set[str]:
    """Plain state variables some function pays or calls a method on (casts stripped)."""
    out: set[str] = set()
    for g in scope.contract.functions:
        if g.body is None:
            continue
        out |= {strip(to, scope).name for _, to in payments(scope, g) if to is not None}
        locals_ = scope.local_types(g)
        for s in g.statements():
            for e in s.exprs:
                for info in scope.calls(e, locals_):
                    if info.kind in ("external", "static") and info.target is not None:
                        out.add(strip(info.target, scope).name)
                    if info.kind == "external" and info.name == "transfer" and len(info.expr.arguments) == 2:
                        out.add(strip(info.expr.arguments[0], scope).name)
    return {
        n
        for n in out
        if (sv := scope.state.get(n)) is not None
        and not sv.constant
        and not sv.type.startswith(("mapping", "uint", "int", "bool", "bytes", "string"))
        and "[" not in sv.type
    }


def config_writes(scope: Scope, f: Function) -> list[tuple[int, str]]:
    """The writes of a trusted address (see the module note) `f` makes from a parameter past no caller
    check, as (line, variable)."""
    if f.body is None or not f.is_public or f.kind == "constructor" or f.is_readonly or not f.params:
        return []
    params = {p.name for p in f.params if p.name}
    trusted = _trusted(scope)
    hits = [
        (x.line, x.args[0].name)
        for x in whole_assigns(f, caller_guarded(scope, f))
        if x.args[0].name in trusted and (src := strip(x.args[1], scope)).kind == "ident" and src.name in params
    ]
    return hits if hits and (ctor_like(scope, f) or checks_callers(scope, f)) else []


def config_findings(det: ScanDetector, unit: SourceUnit, scope: Scope, f: Function) -> Iterator[ScanFinding]:
    """`det`'s finding for the trusted addresses `f` lets anyone set (see the module note)."""
    if not (hits := config_writes(scope, f)):
        return
    why = "looks like a constructor but is an ordinary public function; anyone can call it and"
    msg = f"`{f.name}` {why if ctor_like(scope, f) else 'has no caller check and'} overwrites `{hits[0][1]}`,"
    found = det.finding(
        unit, hits[0][0], msg + " an address this contract pays or calls", contract=scope.contract, function=f
    )
    lines = {h[0] for h in hits}
    # Once only, before the deployer's own set-up call (see _oneshot, _hooks): a note, not a takeover; the
    # deployer's call then fails, so a front-run set-up shows at deployment (an owner write stays high).
    if one_shot(f, scope, lines, {h[1] for h in hits}) or imported_initializer(f, scope):
        found.confidence = found.severity = "low"
        found.message += " (once, while it is still unset)"
    elif setup_window(f, scope, lines):
        found.confidence = found.severity = "low"
        found.message += " (only until the set-up is closed)"
    elif hook := deferred_check(scope, f, lines):
        found.confidence = found.severity = "low"  # the check is the deriving contract's (see _hooks)
        found.message += f" (unless the override of `{hook}` this file does not show checks the caller)"
    found.related = sorted({f.line, *(h[0] for h in hits[1:])} - {hits[0][0]})
    yield found
