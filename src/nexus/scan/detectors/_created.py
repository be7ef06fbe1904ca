"""A contract the function itself just created (`reentrancy`, detectors/_trusted.py).

`Game g = new Game(); g.initialize{value: msg.value}();` or `proxy = impl.clone(data); proxy.initialize();`:
the callee did not exist before this call frame, and the code it runs is the one the deployer chose: the
compiler's `new` bytecode, or the implementation a clone copies when that implementation is itself fixed
at deployment (a constant/immutable or owner-set state variable, or a record of one, `impls[kind]`). The
caller picks neither, so such a callee counts as fixed, like an immutable one; what it is handed is judged
as for any fixed callee (a caller-picked address or hook still hands control away).

The target must be a local (or named return) assigned exactly once in the function, to such a creation,
casts stripped. A clone of a caller-picked implementation (`Clones.clone(_impl)`) is not fixed.
"""

from __future__ import annotations

from collections.abc import Callable

from ..flow import Scope
from ..ir import Expr, Function
from ._create2 import assembly_created

__all__ = ["assigned_once", "created_here", "strip_casts"]

_CLONES = ("clone", "deploy", "create")  # Clones.clone/cloneDeterministic, LibClone.clone, CREATE3.deploy, ...


def assigned_once(f: Function, name: str) -> Expr | None:
    """The one value local `name` is ever given in `f` (declaration or `=`), or None."""
    values: list[Expr] = []
    for s in f.statements():
        if s.kind == "var" and name in s.names:
            if len(s.names) != 1:
                return None
            values.extend(s.exprs[:1])
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "assign" and x.args and x.args[0].kind == "tuple":
                    if any(y.kind == "ident" and y.name == name for y in x.args[0].args):
                        return None
                elif x.kind == "assign" and x.args and x.args[0].kind == "ident" and x.args[0].name == name:
                    if x.name != "=":
                        return None
                    values.append(x.args[1])
                elif x.kind == "unary" and x.args and x.args[0].kind == "ident" and x.args[0].name == name:
                    return None
    return values[0] if len(values) == 1 else None


def _written(f: Function, name: str) -> bool:
    """Solidity code gives local `name` a value (an initialiser, `=`, `+=`, a tuple target, `++`)."""
    for s in f.statements():
        if s.kind == "var" and name in s.names and s.exprs:
            return True
        for e in s.exprs:
            for x in e.walk():
                if (
                    x.kind in ("assign", "unary")
                    and x.args
                    and any(y.kind == "ident" and y.name == name for y in x.args[0].walk())
                ):
                    return True
    return False


def strip_casts(e: Expr, scope: Scope, *, declared: bool = True) -> Expr:
    """`payable(x)`, `address(x)`, `IReceiver(x)` -> `x`; with `declared`, casts to any type the unit declares too."""
    while True:
        if e.kind == "cast" and len(e.args) == 1:
            e = e.args[0]
        elif (
            e.kind == "call"
            and e.callee.kind == "ident"
            and len(e.arguments) == 1
            and (
                e.callee.name in scope.contract_names
                or declared
                and e.callee.name in scope.unit.declared_types
                or e.callee.name in ("address", "payable")
            )
        ):
            e = e.arguments[0]
        else:
            return e


def created_here(
    scope: Scope, f: Function, e: Expr, locals_: dict[str, str], fixed: Callable[[Expr], bool], depth: int = 0
) -> bool:
    """`e` (casts stripped) is a local holding a contract `f` created: `new C(..)`, or a clone of an
    implementation that `fixed` accepts (followed through locals assigned once)."""
    e = strip_casts(e, scope)
    if depth > 4:
        return False
    if e.kind == "ident" and e.name in locals_:
        value = assigned_once(f, e.name)
        if value is None:
            return assembly_created(scope, f, e.name, _written(f, e.name), assigned_once)
        return created_here(scope, f, value, locals_, fixed, depth + 1)
    if e.kind != "call":
        return False
    callee = e.callee
    if callee.kind == "new":
        return True
    if callee.kind != "member" or not any(callee.name.lower().startswith(c) for c in _CLONES) or not callee.args:
        return False
    receiver = callee.args[0]
    library = receiver.kind == "ident" and (receiver.name in scope.libraries or receiver.name[:1].isupper())
    impl = e.arguments[0] if library and e.arguments else receiver if not library else None
    return impl is not None and _fixed_code(scope, f, impl, locals_, fixed, depth + 1)


def _fixed_code(
    scope: Scope, f: Function, impl: Expr, locals_: dict[str, str], fixed: Callable[[Expr], bool], depth: int
) -> bool:
    impl = strip_casts(impl, scope)
    if impl.kind == "ident" and impl.name in locals_:
        value = assigned_once(f, impl.name)
        return value is not None and depth <= 4 and _fixed_code(scope, f, value, locals_, fixed, depth + 1)
    return fixed(impl)
