"""An allow-listed delegatecall target (helper for access.py `unprotected-delegatecall`).

`require(enabledModules[target]); target.delegatecall(data)` lets any caller pick the code the contract
runs only among the addresses the allow-list holds: when every write of that mapping is reachable only
past a caller check (or from the constructor or an internal function), the choice is the admin's, not the
caller's. The check must hold where the delegatecall runs (an earlier `require`, an enclosing `if`, in a
conjunction too), and must read the mapping at the target itself. `named_guard`: a caller-check modifier
recognised by its name, for assembly read as text. `self_target`: a delegatecall into the contract's own code.
"""

from __future__ import annotations

from ..flow import Scope, caller_guarded, root_name
from ..guards import walk_facts
from ..ir import Expr, Function, Stmt

__all__ = ["allowlisted_target", "named_guard", "self_target"]

_GUARD_WORDS = ("only", "owner", "admin", "auth")


def _conjuncts(e: Expr, truth: bool) -> list[Expr]:
    while e.kind == "unary" and e.name == "!" and e.args:
        e, truth = e.args[0], not truth
    if e.kind == "binary" and e.name == ("&&" if truth else "||"):
        return _conjuncts(e.args[0], truth) + _conjuncts(e.args[1], truth)
    return [e] if truth else []


def _lists(e: Expr, target: str, scope: Scope) -> str:
    """The state mapping `e` reads at `target` (`allowed[target]`, `allowed[target] == true`), else ''."""
    if e.kind == "binary" and e.name == "==" and len(e.args) == 2:
        lit = [a for a in e.args if a.kind == "literal" and a.name == "true"]
        if lit:
            e = e.args[0] if e.args[1] is lit[0] else e.args[1]
    if e.kind == "index" and len(e.args) == 2 and e.args[1].kind == "ident" and e.args[1].name == target:
        base = e.args[0]
        if base.kind == "ident" and base.name in scope.state:
            return base.name
    return ""


def _writes(e: Expr, name: str) -> bool:
    return any(x.kind == "assign" and root_name(x.args[0]) == name for x in e.walk())


def _admin_written(scope: Scope, name: str) -> bool:
    for fs in scope.functions.values():
        for g in fs:
            if g.body is None or not g.is_public or g.kind not in ("function", "fallback", "receive"):
                continue
            guarded = caller_guarded(scope, g)
            for s in g.statements():
                if any(_writes(e, name) for e in s.exprs) and not guarded.get(id(s), False):
                    return False
    return True


def allowlisted_target(scope: Scope, f: Function, at: Stmt, target: str) -> bool:
    """The delegatecall in statement `at` of `f` to `target` (a name) can only reach an address an
    admin-written allow-list holds."""
    if not target or f.body is None:
        return False
    for s, facts in walk_facts(f.body):
        if s is not at:
            continue
        lists = {m for c, truth in facts for x in _conjuncts(c, truth) if (m := _lists(x, target, scope))}
        return any(_admin_written(scope, m) for m in lists)
    return False


def named_guard(f: Function) -> bool:
    """A modifier whose name says it checks the caller (`onlyEntryPointOrOwner`, `auth`): for code read as
    text (an assembly delegatecall), trusted even when its body is not understood (assembly, inherited)."""
    names = [m.callee.name if m.kind == "call" else m.name for m in f.modifiers]
    return any(w in n.lower() for n in names for w in _GUARD_WORDS)


def self_target(e: Expr) -> bool:
    """`address(this)` / `this`: a delegatecall into the contract's own code runs only its own functions,
    with the caller unchanged (a multicall), which any direct call could do too."""
    while e.kind == "cast" and e.args:
        e = e.args[-1]
    return e.kind == "ident" and e.name in ("this", "self")
