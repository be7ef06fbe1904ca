"""A delegatecall target only the deployer chose: a proxy forwarding to its implementation.

`fallback() { address target = manager[address(this)].getAddress(name[address(this)]); target.delegatecall(
msg.data); }` where `manager` and `name` are written by the constructor and by no other function: the
caller picks the calldata, as with any call, but not the code it runs; which code runs is whatever the
deployer's registry returns. That is what a proxy is, so the delegatecall is a note (low), not anyone's
handle on this contract's storage. The target may be read from state (directly, through a local set
once, through indexes and external view calls on such state) but must involve no parameter, no `msg`,
`tx` or `block` value and no internal function call (whose body could read anything). A state variable
any non-constructor function writes (a `setImplementation` open to all, or behind a check the access
detector judges on its own) keeps the finding as it was. So does a proxy whose file also shows a
contract with public functions of its own (`FibonacciLib`, Parity's `WalletLibrary` next to the wallet
forwarding `msg.data` to it): there the code a caller reaches through the forward is on view, and its
unguarded functions run on the proxy's storage; a proxy alone in its file leaves that to the
implementation's own file.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function, SourceUnit

__all__ = ["deployer_target"]


def _source(target: Expr, f: Function) -> Expr | None:
    """The expression a local target was declared from, when the function never reassigns it."""
    while target.kind == "cast" and len(target.args) == 1:
        target = target.args[0]
    if target.kind != "ident":
        return target
    decl: Expr | None = None
    for s in f.statements():
        if s.kind == "var" and s.names == [target.name] and s.exprs:
            if decl is not None:
                return None
            decl = s.exprs[0]
        for e in s.exprs:
            for y in e.walk():
                if y.kind == "assign" and y.args[0].kind == "ident" and y.args[0].name == target.name:
                    return None
    return decl if decl is not None else target


def _constructor_only(name: str, scope: Scope) -> bool:
    var = scope.state.get(name)
    if var is None:
        return False
    if var.constant:
        return True
    funcs = [g for gs in scope.functions.values() for g in gs] + list(scope.modifiers.values())
    for g in funcs:
        if g.kind == "constructor" or g.body is None:
            continue
        locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
        for s in g.statements():
            for e in s.exprs:
                if any(n == name for n, _ in scope.state_writes(e, locals_, aliases)):
                    return False
    return True


def _other_code(unit: SourceUnit, scope: Scope) -> bool:
    """The file shows a contract or library, outside the proxy's own chain, with public functions."""
    own = {id(g) for gs in scope.functions.values() for g in gs}
    return any(
        c is not scope.contract
        and c.kind != "interface"
        and any(g.is_public and g.body is not None and id(g) not in own for g in c.functions)
        for c in unit.contracts
    )


def deployer_target(target: Expr, f: Function, scope: Scope, unit: SourceUnit) -> bool:
    """The delegatecall target is read only from state that only the constructor writes, and the file
    shows no implementation beside the proxy (see above)."""
    if _other_code(unit, scope):
        return False
    src = _source(target, f)
    if src is None:
        return False
    params = {p.name for p in f.params}
    state: set[str] = set()
    for y in src.walk():
        if y.kind == "ident":
            if y.name in params or y.name in ("msg", "tx", "block"):
                return False
            if y.name in scope.state:
                state.add(y.name)
        elif y.kind == "call" and y.callee.kind == "ident":
            return False  # an internal function: its body could read anything
    return bool(state) and all(_constructor_only(n, scope) for n in state)
