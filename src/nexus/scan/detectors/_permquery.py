"""A permission query on a contract fixed at deployment (`reentrancy`, through _trusted.trusted_call).

`acl.allowed(msg.sender, address(this), this.setFee.selector)`, DSAuth's `authority.canCall(src, address(this),
msg.sig)`: a call handed only addresses (the caller, this contract, an address parameter) and a function
selector (`msg.sig`, `f.selector`, a `bytes4` value), with no amount and no data, asks whether who may call
what where. On a callee the owner fixed, the code answering is the owner's access list, and what it is handed
names who asks, not code to run: the call is read like a getter on that contract (`_QUERY` in _trusted.py),
which is trusted whatever it is handed. The selector is what tells the query apart from an action that credits
or pays the caller (`escrow.release(msg.sender)`, `vault.withdrawFor(msg.sender)`): those take no selector and
are judged by _trusted.py's rules. Interfaces often leave such a query non-`view` (the access list may log),
so its mutability cannot decide it. The answer must be used (in a condition, a return, an assignment): a
bare statement `executor.run(target, sig);` is an action, not a question.
"""

from __future__ import annotations

from ..flow import CallInfo, Scope
from ..ir import Expr, Function
from ._created import strip_casts

__all__ = ["permission_query"]


def _selector(e: Expr, scope: Scope, locals_: dict[str, str]) -> bool:
    """`msg.sig`, `this.f.selector` / `I.f.selector`, or a `bytes4` value."""
    if e.kind == "member" and e.name == "selector" or e.is_member("msg", "sig"):
        return True
    return scope.type_of(e, locals_).split(" ")[0] == "bytes4"


def _address(e: Expr, scope: Scope, locals_: dict[str, str]) -> bool:
    """The caller, this contract, or a value typed `address`."""
    e = strip_casts(e, scope)
    if e.is_member("msg", "sender") or e.is_member("tx", "origin") or e.kind == "ident" and e.name == "this":
        return True
    return scope.type_of(e, locals_).split(" ")[0] == "address"


def permission_query(scope: Scope, f: Function, info: CallInfo, locals_: dict[str, str]) -> bool:
    """`info` is a call handed only addresses and at least one function selector, and at least one address.
    A name the function does not declare may be a parameter of a modifier it carries (inlined there)."""
    args = info.expr.arguments
    if any(st.kind == "expr" and st.exprs and st.exprs[0] is info.expr for st in f.statements()):
        return False  # its answer is dropped: an action, not a question
    applied = (scope.modifiers.get(m.callee.name if m.kind == "call" else m.name) for m in f.modifiers)
    locals_ = {**{p.name: p.type for m in applied if m is not None for p in m.params}, **locals_}
    if info.kind != "external" or not args or "value" in info.expr.options:
        return False
    sel = [_selector(a, scope, locals_) for a in args]
    addr = [not s and _address(a, scope, locals_) for a, s in zip(args, sel, strict=True)]
    return any(sel) and any(addr) and all(s or a for s, a in zip(sel, addr, strict=True))
