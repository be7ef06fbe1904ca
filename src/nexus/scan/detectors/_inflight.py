"""Whether a state variable is really stale while a call is in flight (`read-only-reentrancy`, modern.py).

A view exposes a stale value only if, while the external call runs, the variable holds something the
function is about to correct. Two shapes are not that:

* **The callee cannot hand control to a reader.** A contract fixed at deployment, or one the function just
  created (`new`, a clone of a fixed implementation), or one a one-shot initialiser set (`_appointed.py`:
  a zero-checked or flag-guarded initialiser, an `initializer` function), handed nothing of the caller's
  (`_trusted.trusted_call`):
  the code that runs there, the only code that could call the view mid-update, is the deployer's.
* **The in-flight value is the function's own.** `sender = _from; target.call(data); sender = DEFAULT;`:
  the variable is assigned before the call, so during the call it holds the value the function chose for
  the call's duration (a context variable such as a cross-domain sender, or a lock); the write after the
  call restores it. The view reads that value on purpose.

Confidence is medium only when both hold: the call hands value to the caller (`msg.sender`) or an address
the caller passed in, so the re-entering code is the attacker's; and the view divides by or into the stale
variable (a share price, a rate), the value other protocols price collateral from.
"""

from __future__ import annotations

from ..flow import CallInfo, Scope
from ..ir import Expr, Function
from ._appointed import initialiser_set
from ._conserve import owner_set
from ._trusted import trusted_call

__all__ = ["fixed_callee", "ratio_operands", "set_before", "to_caller"]


def fixed_callee(scope: Scope, f: Function, info: CallInfo) -> bool:
    """The call goes to a deployment-fixed or just-created contract that cannot pass control on, or to the
    contract itself (`address(this).call(...)`, `this.f()`): its own code runs, no outsider's, so no one
    outside reads its views mid-update through this call; unless the own function it names calls out in
    turn (a relay hub's `address(this).call(innerRelayCall..)` runs the relayed recipient's code)."""
    if info.target is not None and _strip(info.target).kind == "ident" and _strip(info.target).name == "this":
        return not _reaches_outsider(scope, _self_callee(info))
    locals_ = scope.local_types(f)
    return trusted_call(scope, f, info, (owner_set(scope) | initialiser_set(scope)) - set(locals_), locals_)


def _self_callee(info: CallInfo) -> str | None:
    """The own function a self-call runs: `this.f(..)`, or `address(this).call(abi.encodeWithSelector(
    C.f.selector, ..))`, `abi.encodeWithSignature("f()")`, `abi.encodeCall(C.f, ..)`; None when the call
    does not name it."""
    e = info.expr
    if info.name not in ("call", "staticcall", "delegatecall"):
        return info.name
    for x in (y for a in e.arguments for y in a.walk()):
        if x.kind == "member" and x.name == "selector" and x.args and x.args[0].kind == "member":
            return x.args[0].name
        if x.kind == "call" and x.callee.is_member("abi", "encodeWithSignature") and x.arguments:
            sig = x.arguments[0]
            return sig.name.strip("\"'").split("(")[0] if sig.kind == "literal" else None
        if x.kind == "call" and x.callee.is_member("abi", "encodeCall") and x.arguments:
            first = x.arguments[0]
            return first.name if first.kind in ("member", "ident") else None
    return None


def _reaches_outsider(scope: Scope, name: str | None) -> bool:
    """The own function `name` itself calls out to some other contract (one level: its own calls to the
    contract are its code again)."""
    for g in scope.functions.get(name or "", []):
        locals_ = scope.local_types(g)
        for s in g.statements():
            for e in s.exprs:
                for c in scope.calls(e, locals_):
                    t = _strip(c.target) if c.target is not None else None
                    if c.kind in ("lowlevel", "send", "transfer", "external") and not (
                        t is not None and t.kind == "ident" and t.name == "this"
                    ):
                        return True
    return False


def set_before(scope: Scope, f: Function, var: str, line: int) -> bool:
    """`f` assigns the whole of `var` (`var = x;`, not a record of it) in a top-level statement before the
    call's line (not in a branch)."""
    if var in scope.local_types(f):
        return False
    for s in f.body or []:
        if s.line >= line:
            break
        if s.kind == "expr" and any(
            x.kind == "assign" and x.name == "=" and x.args[0].kind == "ident" and x.args[0].name == var
            for e in s.exprs
            for x in e.walk()
        ):
            return True
    return False


_CASTS = ("payable", "address")


def _strip(e: Expr) -> Expr:
    """`payable(x)` / `address(x)` (a cast or a call-shaped cast) -> `x`."""
    while True:
        if e.kind == "cast" and e.args:
            e = e.args[0]
        elif e.kind == "call" and e.callee.kind == "ident" and e.callee.name in _CASTS and len(e.args) == 2:
            e = e.args[1]
        else:
            return e


def to_caller(f: Function, info: CallInfo) -> bool:
    """The call goes to `msg.sender` or to an address parameter of `f` (through `payable(...)` casts)."""
    if info.target is None:
        return False
    t = _strip(info.target)
    return t.is_member("msg", "sender") or t.kind == "ident" and t.name in {p.name for p in f.params}


def ratio_operands(v: Function) -> set[str]:
    """Identifiers on either side of a division in `v` (`reserve * 1e18 / totalShares`)."""
    return {
        y.name
        for s in v.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind == "binary" and x.name == "/"
        for y in x.walk()
        if y.kind == "ident"
    }
