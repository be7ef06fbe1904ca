"""Caller checks a file leaves to an override it does not show, and initialisers it imports.

An abstract contract may gate a function on an internal hook it only declares (`function _onlyOwner()
internal virtual;` called first, or `require(_canSet())` in a modifier): the deriving contract supplies
the check, so a write behind such a call is not shown to be open to anyone, only not shown to be closed
(the access detector reports it at low confidence). A hook with a body here is read as what it is. A
modifier named `initializer` / `reinitializer` that the file imports rather than defines is the standard
one-shot initialiser guard (see _oneshot): it lets a call through only before initialisation. When the
contract's own constructor then calls that initialiser (or `_disableInitializers()`), the deployment
itself spends the one shot on this contract; a proxy's copy is initialised by the proxy's deployment
or upgrade call, so what is left is a deployment note (`locked_initializer`).
"""

from __future__ import annotations

from ..flow import Scope
from ..guards import call_fact, guard_fact, walk_facts
from ..ir import Expr, Function

__all__ = ["deferred_check", "imported_initializer", "locked_initializer"]

_INIT = ("initializer", "reinitializer")


def _hook_call(c: Expr, scope: Scope) -> str:
    """The name of the bodyless internal function a fact is a call of (`_h()`, `!_h()`, completed `_h();`)."""
    while c.kind in ("unary", "other") and c.args and (c.kind == "other" and c.name == "completed" or c.name == "!"):
        c = c.args[0]
    if c.kind != "call" or c.callee.kind != "ident":
        return ""
    targets = scope.functions.get(c.callee.name, [])
    if targets and all(f.body is None and not f.is_public and f.kind == "function" for f in targets):
        return c.callee.name
    return ""


def deferred_check(scope: Scope, f: Function, lines: set[int]) -> str:
    """The hook every statement of `f` on `lines` runs after (modifiers inlined), or "" when some does not."""
    hooks: set[str] = set()
    left = set(lines)
    for s, facts in walk_facts(scope.effective_body(f), calls=True):
        own = guard_fact(s) or call_fact(s)
        if own is not None and _hook_call(own[0], scope):
            continue  # the hook itself, on the line it guards (`_onlyOwner(); x = a;`)
        if s.line in left and s.kind not in ("if", "block", "loop"):
            names = [n for c, _ in facts if (n := _hook_call(c, scope))]
            if not names:
                return ""
            hooks.add(names[0])
            left.discard(s.line)
    return sorted(hooks)[0] if hooks and not left else ""


def imported_initializer(f: Function, scope: Scope) -> bool:
    """`f` carries an `initializer` / `reinitializer(n)` modifier this file does not define."""
    names = [m.callee.name if m.kind == "call" else m.name for m in f.modifiers]
    return any(n in _INIT and n not in scope.modifiers for n in names)


def locked_initializer(f: Function, scope: Scope) -> bool:
    """`f` is an imported-`initializer` function that this contract's constructor calls itself, or the
    constructor calls `_disableInitializers()`: no one but the deployer ever passes its guard here."""
    if not imported_initializer(f, scope):
        return False
    for g in scope.contract.functions:
        if g.kind != "constructor":
            continue
        for s in g.statements():
            for e in s.exprs:
                for x in e.walk():
                    if (
                        x.kind == "call"
                        and x.callee.kind == "ident"
                        and x.callee.name in (f.name, "_disableInitializers")
                    ):
                        return True
    return False
