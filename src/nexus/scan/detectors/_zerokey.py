"""Stored values a signature check relies on whose state the contract itself decides (for ecrecover-zero in
signatures.py and signature-replay in modern.py).

- **A signer that is zero by design** (`zero_by_design`). A configured signer compared with a raw
  ecrecover result is zero "only by mistake" when the constructor sets it and nothing clears it. It is
  zero by the contract's own design when a function other than the constructor writes it a zero value
  (`guardian = address(0)` in a resign function, `delete signer`), or when no constructor of the contract
  sets it and its declaration gives it no value: it is zero from deployment until a setter runs, and an
  invalid signature (which recovers address(0)) passes in that window. A constructor of any contract of
  the file counts (a proxy's constructor sets the storage its logic contract reads).
- **A frozen nonce** (`frozen_state`). A state variable the digest reads (`nonce`, `nonces[owner]`) that
  no function of the contract writes is the same for every signature: it binds nothing, and a signed
  digest carrying it replays. Only variables the contract's visible code declares count (a base the
  file does not show may advance its own).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..flow import Scope, root_name
from ..ir import Expr, Function

__all__ = ["frozen_state", "zero_by_design"]


def _functions(scope: Scope) -> Iterator[Function]:
    for fs in scope.functions.values():
        yield from (g for g in fs if g.body is not None)
    yield from (m for m in scope.modifiers.values() if m.body is not None)


def _writes(scope: Scope, g: Function) -> Iterator[tuple[str, Expr]]:
    locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
    for s in g.statements():
        for e in s.exprs:
            yield from scope.state_writes(e, locals_, aliases)


def _is_zero(e: Expr) -> bool:
    if e.kind == "literal":
        return e.name in ("0", "0x0", "0x" + "0" * 40)
    if e.kind == "cast" or e.kind == "call" and e.callee.kind == "ident" and e.callee.name == "address":
        args = e.args if e.kind == "cast" else e.arguments
        return len(args) == 1 and _is_zero(args[0])
    if e.kind == "call" and e.callee.kind == "ident":
        return e.callee.name == "empty"
    return e.kind == "ident" and e.name == "ZERO_ADDRESS"


def _zeroed(w: Expr) -> bool:
    """The write `w` stores zero: `x = address(0)`, `delete x`."""
    if w.kind == "unary" and w.name == "delete":
        return True
    return w.kind == "assign" and w.name == "=" and len(w.args) > 1 and _is_zero(w.args[1])


def zero_by_design(scope: Scope, name: str) -> bool:
    """State variable `name` is zero by the contract's design (see the module docstring)."""
    var = scope.state.get(name)
    if var is None or var.constant:
        return False
    for g in _functions(scope):
        if g.kind != "constructor" and any(n == name and _zeroed(w) for n, w in _writes(scope, g)):
            return True
    # any constructor of the file counts: a proxy's constructor fills the storage its logic contract reads
    ctors = (g for c in scope.unit.contracts for g in c.functions if g.kind == "constructor" and g.body is not None)
    set_at_deploy = var.value is not None or any(_assigns(g, name) for g in ctors)
    return not set_at_deploy


def _assigns(g: Function, name: str) -> bool:
    return any(
        x.kind == "assign" and root_name(x.args[0]) == name for s in g.statements() for e in s.exprs for x in e.walk()
    )


def frozen_state(scope: Scope, y: Expr) -> bool:
    """`y` (an identifier or a lookup in one) is a state variable of this contract no function writes."""
    name = root_name(y)
    var = scope.state.get(name)
    if var is None or var.constant:
        return False
    return not any(n == name for g in _functions(scope) if g.kind != "constructor" for n, _ in _writes(scope, g))
