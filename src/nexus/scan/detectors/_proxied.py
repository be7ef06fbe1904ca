"""A delegatecall target only the deployer chose: a proxy forwarding to its implementation.

`fallback() { address target = manager[address(this)].getAddress(name[address(this)]); target.delegatecall(
msg.data); }` where `manager` and `name` are written by the constructor and by no other function: the
caller picks the calldata, as with any call, but not the code it runs; which code runs is whatever the
deployer's registry returns. That is what a proxy is, so the delegatecall is a note (low), not anyone's
handle on this contract's storage. The same holds when the other writers of that state reach the write only past a
caller check (Compound's `Unitroller`/`*Delegator`: `_setImplementation` behind `require(msg.sender ==
admin)` or `if (msg.sender != admin) return fail(..)`, `_acceptImplementation` behind `msg.sender ==
pendingImplementation`): who may repoint the proxy is then the owner-write detector's question, and an
unguarded setter is reported there. The target may be read from state (directly, or a variable no declaration in the
file explains, i.e. one an imported base contract declares, as Compound's storage bases do; through a local set
once, through indexes and external view calls on such state) but must involve no parameter, no `msg`,
`tx` or `block` value and no internal function call (whose body could read anything). A state variable
a non-constructor function writes with no caller check on the way (a `setImplementation` open to all, a
modifier's or an internal function's write) keeps the finding as it was. So does a proxy whose file also shows a
contract with public functions of its own (`FibonacciLib`, Parity's `WalletLibrary` next to the wallet
forwarding `msg.data` to it): there the code a caller reaches through the forward is on view, and its
unguarded functions run on the proxy's storage; a proxy alone in its file leaves that to the
implementation's own file.
"""

from __future__ import annotations

from ..flow import Scope, caller_guarded, root_name
from ..ir import Expr, Function, SourceUnit

__all__ = ["deployer_target", "forwarded_view"]


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


def _writes(scope: Scope, e: Expr, name: str, locals_: dict[str, str], aliases: dict[str, str]) -> bool:
    """`e` writes state variable `name`; one an imported base declares (not in `scope.state`) is matched by
    the assignment's target (`name = ..`, `name[k] = ..`, `delete name`) unless a local shadows it."""
    if name in scope.state:
        return any(n == name for n, _ in scope.state_writes(e, locals_, aliases))
    return name not in locals_ and any(
        (x.kind == "assign" or x.kind == "unary" and x.name == "delete") and x.args and root_name(x.args[0]) == name
        for x in e.walk()
    )


def _inherited(name: str, f: Function, scope: Scope) -> bool:
    """`name` is no parameter, local, function or variable this file declares: a state variable of a base
    contract an import declares (Compound's `UnitrollerAdminStorage.comptrollerImplementation`)."""
    return (
        bool(name)
        and name not in scope.state
        and name not in scope.local_types(f)
        and name not in scope.functions
        and name not in ("msg", "tx", "block", "this", "super", "now")
    )


def _constructor_only(name: str, scope: Scope) -> bool:
    """Only the constructor, or statements a caller check must pass to reach, write `name`."""
    var = scope.state.get(name)
    if var is not None and var.constant:
        return True
    funcs = [g for gs in scope.functions.values() for g in gs] + list(scope.modifiers.values())
    for g in funcs:
        if g.kind == "constructor" or g.body is None:
            continue
        locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
        guarded = caller_guarded(scope, g) if g.is_public and g.kind == "function" else {}
        for s in g.statements():
            for e in s.exprs:
                if _writes(scope, e, name, locals_, aliases) and not guarded.get(id(s)):
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
    """The delegatecall target is read only from state that only the constructor (or caller-checked code)
    writes, and the file shows no implementation beside the proxy (see above)."""
    if _other_code(unit, scope):
        return False
    src = _source(target, f)
    if src is None:
        return False
    params = {p.name for p in f.params}
    root = root_name(src)
    state: set[str] = {root} if _inherited(root, f, scope) else set()
    for y in src.walk():
        if y.kind == "ident":
            if y.name in params or y.name in ("msg", "tx", "block"):
                return False
            if y.name in scope.state:
                state.add(y.name)
        elif y.kind == "call" and y.callee.kind == "ident":
            return False  # an internal function: its body could read anything
    return bool(state) and all(_constructor_only(n, scope) for n in state)


def forwarded_view(x: Expr, target: Expr, f: Function, scope: Scope, unit: SourceUnit) -> str:
    """`LIB.delegatecall(msg.data)` in a named function (not the fallback) to a constant address `LIB`:
    the dispatcher routed this calldata here by this function's own selector, so the code it runs is the
    function of the same signature; when the file shows one in another contract and it is a view (Parity's
    `isOwner` forwarding to `WalletLibrary.isOwner`), the caller picks only the arguments of a read. Its
    `Contract.function` name, or "" (a fallback forwards any selector, and code not on view is unknown)."""
    if f.kind != "function" or len(x.arguments) != 1 or not x.arguments[0].is_member("msg", "data"):
        return ""
    while target.kind == "cast" and len(target.args) == 1:
        target = target.args[0]
    sv = scope.state.get(target.name) if target.kind == "ident" else None
    if sv is None or not sv.constant:
        return ""
    types = [p.type for p in f.params]
    return next(
        (
            f"{c.name}.{g.name}"
            for c in unit.contracts
            if c is not scope.contract
            for g in c.functions
            if g.name == f.name and [p.type for p in g.params] == types and g.is_readonly and g.body is not None
        ),
        "",
    )
