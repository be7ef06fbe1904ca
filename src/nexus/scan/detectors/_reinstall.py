"""A payee anyone can re-install at will: a reverting recipient blocks a payment only until the next caller.

`blocking-recipient` (dos.py) reports a required payment to an address any caller can install: a contract
there that rejects ether blocks the function for good. "For good" needs the blocker to stay installed. When
some public function sets that address to its caller with no condition before it (no require, no enclosing
`if`, no modifier check) and makes no external call (so it cannot itself be blocked by the current holder),
anyone the block hurts simply installs themselves and the payment goes through again: the denial of service
lasts one transaction. King-of-the-hill contracts do not have that shape: installing yourself there needs a
higher bid (a condition) and pays the old king (an external call).
"""

from __future__ import annotations

from ..facts import walk_facts
from ..flow import Scope
from ..ir import Expr, Function

__all__ = ["freely_reinstalled"]


def _is_sender(e: Expr) -> bool:
    while e.kind == "cast" and e.args:
        e = e.args[0]
    return e.is_member("msg", "sender")


def _calls_out(scope: Scope, f: Function) -> bool:
    """Whether `f` (modifiers inlined) makes any call but a builtin or a cast (internal ones count: they may)."""
    locals_ = scope.local_types(f)
    for top in scope.effective_body(f):
        for s in top.walk():
            for e in s.exprs:
                for x in e.walk():
                    if x.kind == "call" and scope.classify(x, locals_).kind not in ("builtin", "cast"):
                        return True
    return False


def freely_reinstalled(scope: Scope, name: str) -> bool:
    """Some public function sets state `name` to its caller unconditionally and calls nothing outside."""
    for f in scope.contract.functions:
        if not f.is_public or f.body is None or f.kind == "constructor" or _calls_out(scope, f):
            continue
        for s, facts in walk_facts(scope.effective_body(f)):
            if facts:
                continue
            for e in s.exprs:
                for x in e.walk():
                    if x.kind == "assign" and x.name == "=" and x.args[0].kind == "ident" and x.args[0].name == name:
                        if _is_sender(x.args[1]):
                            return True
    return False
