"""State that picks the code a contract delegates to (helper for access.py UnprotectedOwnerWrite).

A proxy's implementation variable decides what every delegated call runs, with the proxy's storage
and balance: whoever may set it owns the contract, just like whoever may set `owner`. This module
finds the state variables a `delegatecall` target comes from: Solidity `impl.delegatecall(...)`,
inline assembly `delegatecall(gas(), impl, ...)`, Vyper `raw_call(impl, ..., is_delegate_call=True)`,
where `impl` is the variable itself, a local read from it once, or a getter returning it
(`address i = _implementation();`).
"""

from __future__ import annotations

import re

from ..facts import single_assignments
from ..flow import Scope, root_name
from ..ir import Expr, Function, Stmt

__all__ = ["delegate_targets"]

# `delegatecall(<gas>, impl, ...)`; the gas argument may hold calls nested one deep (`sub(gas(), 5000)`).
_ASM_DELEGATE = re.compile(r"\bdelegatecall\s*\(\s*[^,()]*(?:\((?:[^()]|\([^()]*\))*\))?[^,()]*,\s*([A-Za-z_]\w*)")


def delegate_targets(scope: Scope) -> set[str]:
    """State variables whose value a delegatecall of this contract (any function) targets."""
    out: set[str] = set()
    for fs in scope.functions.values():
        for f in fs:
            if f.body is None:
                continue
            once = single_assignments(f.body)
            locals_ = scope.local_types(f)
            for s in f.statements():
                for name in _targets(scope, s, locals_):
                    out |= _state_source(scope, name, once)
    return out


def _targets(scope: Scope, s: Stmt, locals_: dict[str, str]) -> list[str]:
    if s.kind == "assembly":
        text = "\n".join(scope.unit.lines[s.line - 1 : (s.end_line or s.line)])
        return _ASM_DELEGATE.findall(text)
    out = []
    for e in s.exprs:
        for info in scope.calls(e, locals_):
            if info.kind != "lowlevel":
                continue
            if info.name in ("delegatecall", "callcode") and info.target is not None:
                out.append(root_name(info.target))
            elif _vyper_delegate(info.expr) and info.expr.arguments:
                out.append(root_name(info.expr.arguments[0]))
    return [n for n in out if n]


def _vyper_delegate(call: Expr) -> bool:
    flag = call.options.get("is_delegate_call")
    return flag is not None and flag.name == "True"


def _state_source(scope: Scope, name: str, once: dict[str, Expr]) -> set[str]:
    if name in scope.state:
        return {name}
    value = once.get(name)
    if value is None:
        return set()
    root = root_name(value)
    if root in scope.state:
        return {root}
    if value.kind == "call" and value.callee.kind == "ident":
        return {r for g in scope.functions.get(value.callee.name, []) for r in _returned_state(scope, g)}
    return set()


def _returned_state(scope: Scope, f: Function) -> set[str]:
    rets = [s for s in f.statements() if s.kind == "return" and s.exprs]
    roots = {root_name(s.exprs[0]) for s in rets}
    return roots if roots and roots <= set(scope.state) else set()
