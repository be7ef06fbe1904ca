"""Reading one condition: does it restrict who the caller is, given the truth value it has there.

Under that truth value (its polarity) a disjunction restricts the caller only when every side does
(`msg.sender == owner || msg.sender == admin`; `msg.sender == owner || a > 0` lets anyone in with a > 0),
a conjunction when any side does, and `!` swaps the two. A caller check may go through a local assigned
once (`address o = owner; require(msg.sender == o)`, `bool ok = msg.sender == owner; require(ok)`) or an
internal helper whose every return value is a caller check once its parameters are bound to the call's
arguments (`isOwner(msg.sender)` returning `a == owner`, `isOwner()` returning `owners[msg.sender]`).
Another contract asked about the caller restricts it when the question is a view (`authority.canCall(..)`)
or names the function called (`acl.allowed(msg.sender, address(this), msg.sig)`).
A call of an internal helper that itself enforces a caller check before it can return (`_checkOwner()`
whose body starts `require(msg.sender == owner);`, `_check(msg.sender)` requiring `who == owner`) has
passed that check once the call returns, whatever the helper returns. Comparing the caller with itself
(`tx.origin`) or with an address it passes restricts nobody. The statement facts this reads (`guard_fact`,
`completed`, `is_stop`, `single_assignments`, `restricts`) live in `facts` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._confirms import enforced_facts, true_return_facts
from ._enums import enum_member_is_default
from .facts import Fact, completed, guard_fact, is_stop, restricts, single_assignments
from .ir import Expr, Function

if TYPE_CHECKING:
    from .flow import Scope

__all__ = [
    "caller_check",
    "caller_names",
    "completed",
    "guard_fact",
    "is_stop",
    "restricts",
    "sender_check",
    "single_assignments",
]

_FALSE = ("false", "0", "False")
_DEPTH = 4


def _is_caller(e: Expr) -> bool:
    return e.is_member("msg", "sender") or e.is_member("tx", "origin")


@dataclass
class _Ctx:
    """What names stand for while reading a condition: locals assigned once, a helper's bound parameters."""

    scope: Scope
    bound: dict[str, Expr] = field(default_factory=dict)
    depth: int = 0
    chosen: frozenset[str] = frozenset()  # the public function's parameters: the caller picks them

    def resolve(self, e: Expr) -> Expr:
        seen = 0
        while e.kind == "ident" and e.name in self.bound and seen < _DEPTH:
            e, seen = self.bound[e.name], seen + 1
        return e

    def caller(self, e: Expr) -> bool:
        e = self.resolve(e)
        for _ in range(_DEPTH):  # bounded: `a = address(a)` resolves back to itself
            if not (e.kind == "cast" and len(e.args) == 1 or e.kind == "call" and _is_conversion(e)):
                break
            e = self.resolve(e.args[-1])  # `uint(msg.sender)`, `address(msg.sender)`, `uint(uint160(..))`
        if _is_caller(e):
            return True
        if e.kind == "call" and e.callee.kind == "ident" and not e.arguments and self.depth < _DEPTH:
            rets = [r for f in self.scope.functions.get(e.callee.name, []) for r in _returns(f)]
            return bool(rets) and all(_is_caller(r) for r in rets)  # `_msgSender()`
        return False


def _is_conversion(e: Expr) -> bool:
    return (
        e.callee.kind == "ident"
        and len(e.arguments) == 1
        and (e.callee.name in ("address", "payable") or e.callee.name.startswith(("uint", "bytes")))
    )


def _returns(f: Function) -> list[Expr]:
    """The expressions a helper returns (none for a modifier or a helper without `return <value>`)."""
    if f.body is None or f.kind != "function":
        return []
    return [s.exprs[0] for s in f.statements() if s.kind == "return" and len(s.exprs) == 1]


def _state_names(e: Expr, scope: Scope) -> set[str]:
    return {
        x.name for x in e.walk() if x.kind == "ident" and x.name in scope.state and not scope.state[x.name].constant
    }


def _check(e: Expr, holds: bool, cx: _Ctx) -> set[str] | None:
    e = cx.resolve(e)
    if e.kind == "binary" and e.name in ("&&", "||"):
        left, right = _check(e.args[0], holds, cx), _check(e.args[1], holds, cx)
        if (e.name == "&&") == holds:  # a conjunction that holds, or a disjunction that fails: any side
            return None if left is None and right is None else (left or set()) | (right or set())
        return None if left is None or right is None else left | right  # every side must restrict
    if e.kind == "unary" and e.name == "!":
        return _check(e.args[0], not holds, cx)
    if e.kind == "binary" and e.name in ("==", "!="):
        a0, b0 = cx.resolve(e.args[0]), cx.resolve(e.args[1])
        for a, b in ((a0, b0), (b0, a0)):
            if cx.caller(a):
                if cx.caller(b) or (e.name == "==") != holds:  # `tx.origin == msg.sender`; `msg.sender != owner`
                    return None
                if b.kind == "ident" and b.name in cx.chosen:
                    return None  # `msg.sender == _from`: whoever calls passes itself (also bound in a helper)
                return _state_names(b, cx.scope) if b.kind in ("ident", "member", "cast", "call") else set()
            if b.kind == "literal" and a.kind in ("index", "call"):
                flag = (e.name == "==") == (b.name not in _FALSE)  # `owners[msg.sender] == false`: not a member
                return _check(a, holds == flag, cx)
            if a.kind == "index" and (default := enum_member_is_default(b, cx.scope.unit)) is not None:
                return _check(a, holds == ((e.name == "==") != default), cx)  # `roles[msg.sender] == Role.Admin`
        return None
    if e.kind == "binary" and e.name in (">", ">=") and cx.depth and e.args[1].kind == "literal":
        # inside a boolean helper, `m[who] > 0` is a membership test (`isOwner`: m_ownerIndex[uint(a)] > 0)
        if e.args[0].kind == "index" and (e.name == ">" or e.args[1].name not in _FALSE):
            return _check(e.args[0], holds, cx)
        return None
    if e.kind == "index" and len(e.args) > 1 and cx.caller(e.args[1]):
        if not holds:
            return None  # `!registered[msg.sender]`: anyone not yet in the set
        base = e.args[0]
        while base.kind == "index" and base.args:  # `hasRole[role][msg.sender]`: the role table
            base = base.args[0]
        name = base.name if base.kind == "ident" else ""
        return {name} if name in cx.scope.state else set()
    if e.kind == "member" and e.args and e.args[0].kind == "index":
        return _check(e.args[0], holds, cx)
    if e.kind == "call" and e.callee.kind == "ident":
        return _call_check(e, holds, cx)
    if e.kind == "other" and e.name == "completed" and e.args and e.args[0].callee.kind == "ident":
        call = e.args[0]
        targets = [f for f in cx.scope.functions.get(call.callee.name, []) if len(f.params) == len(call.arguments)]
        return _enforced_check(call, targets, cx)
    if e.kind == "call" and e.callee.kind == "member" and e.callee.name in cx.scope.unit.static_calls:
        # a view function of another contract asked about the caller: `authority.canCall(msg.sender, ..)`
        if holds and any(cx.caller(a) for a in e.arguments):
            return _state_names(cx.resolve(e.callee.args[0]), cx.scope)
    if e.kind == "call" and e.callee.kind == "member" and holds and _asks_permission(e, cx):
        return _state_names(cx.resolve(e.callee.args[0]), cx.scope)
    return None


def _asks_permission(e: Expr, cx: _Ctx) -> bool:
    """An external call handed the caller and a function's selector (`msg.sig`, `this.f.selector`, also via a
    helper's parameter) asks, whatever its mutability, whether this caller may call that function
    (`acl.allowed(msg.sender, address(this), this.setMinter.selector)`); see also detectors/_permquery.py."""
    args = [cx.resolve(a) for a in e.arguments]
    return any(cx.caller(a) for a in args) and any(
        a.is_member("msg", "sig") or a.kind == "member" and a.name == "selector" for a in args
    )


def _enforced_check(
    e: Expr, targets: list[Function], cx: _Ctx, paths: Callable[[Function], list[list[Fact]]] | None = None
) -> set[str] | None:
    """When every candidate helper enforces a caller check before returning (its parameters bound to this
    call's arguments): the state variables checked; else None. With `paths`, the check must hold on each
    of those paths instead (`true_return_facts`: every `return true`)."""
    if not targets or cx.depth >= _DEPTH:
        return None
    out: set[str] = set()
    for f in targets:
        args = {p.name: cx.resolve(a) for p, a in zip(f.params, e.arguments, strict=False)}
        inner = _Ctx(cx.scope, {**single_assignments(f.body or []), **args}, cx.depth + 1, cx.chosen)
        for facts in paths(f) if paths is not None else [enforced_facts(f)]:
            got = [g for c, h in facts if (g := _check(c, h, inner)) is not None]
            if not got:
                return None
            out = out.union(*got)
    return out


def _call_check(e: Expr, holds: bool, cx: _Ctx) -> set[str] | None:
    name, scope = e.callee.name, cx.scope
    if name in ("require", "assert"):
        return None
    targets = [f for f in scope.functions.get(name, []) if len(f.params) == len(e.arguments)]
    enforced = _enforced_check(e, targets, cx)
    if enforced is None and holds and all(true_return_facts(f) for f in targets):
        enforced = _enforced_check(e, targets, cx, true_return_facts)  # `confirmAndCheck(op)` returned true
    if enforced is not None:
        return enforced  # the call returned, so the check inside it passed
    rets = [(f, r) for f in targets for r in _returns(f)] if cx.depth < _DEPTH else []
    if rets and not any(r.kind == "literal" for _, r in rets):
        # the helper's return values, its parameters bound to this call's arguments
        out: set[str] = set()
        for f, r in rets:
            args = {p.name: cx.resolve(a) for p, a in zip(f.params, e.arguments, strict=False)}
            bound = {**single_assignments(f.body or []), **args}
            got = _check(r, holds, _Ctx(scope, bound, cx.depth + 1))
            if got is None:
                return None
            out |= got | _state_names_of(f, scope)
        return out
    if not any(cx.caller(a) for a in e.arguments):
        return None
    if not holds:
        return None  # `require(!isBlacklisted(msg.sender))`
    reads: set[str] = set()
    for f in scope.functions.get(name, []):
        who = {p.name for p, a in zip(f.params, e.arguments, strict=False) if cx.caller(a)}
        tied = _caller_reads(f, who, scope)
        reads |= tied if tied or _writes_state(f, scope) else _state_names_of(f, scope)
    return reads if name in scope.functions or name in scope.modifiers else set()


def _caller_reads(f: Function, who: set[str], scope: Scope) -> set[str]:
    """The state variables a helper handed the caller (parameters `who`) reads about that caller: the ones
    it indexes by it (`jurors[who]`, also through a local: `Juror storage j = jurors[who]`) or compares
    it with (`who == owner`). What it reads besides (the period, a session counter) does not decide who
    may call. A helper that changes state (`require(_setStake(msg.sender, ..))`) acts for the caller rather
    than checks it: only what it compares the caller with counts. A view helper that reads nothing so falls
    back on everything it reads (at the call)."""
    keyed = not _writes_state(f, scope)
    once = single_assignments(f.body or [])
    tied = set(who)
    for _ in range(2):  # locals derived from the caller's entry: `j = jurors[who]`, `k = j.key`
        tied |= {k for k, v in once.items() if any(x.kind == "ident" and x.name in tied for x in v.walk())}
    out: set[str] = set()
    for s in f.statements():
        for ex in s.exprs:
            for x in ex.walk():
                if keyed and x.kind == "index" and len(x.args) > 1 and any(_names(a) & tied for a in x.args[1:]):
                    out |= _state_names(x.args[0], scope)
                elif x.kind == "binary" and x.name in ("==", "!=") and len(x.args) == 2:
                    for a, b in ((x.args[0], x.args[1]), (x.args[1], x.args[0])):
                        if a.kind == "ident" and a.name in who:
                            out |= _state_names(b, scope)
    return out


def _writes_state(f: Function, scope: Scope) -> bool:
    locals_, aliases = scope.local_types(f), scope.storage_aliases(f)
    return any(True for s in f.statements() for e in s.exprs for _ in scope.state_writes(e, locals_, aliases))


def _names(e: Expr) -> set[str]:
    return {x.name for x in e.walk() if x.kind == "ident"}


def _state_names_of(f: Function, scope: Scope) -> set[str]:
    return {x for s in f.statements() for ex in s.exprs for x in _state_names(ex, scope)}


def caller_check(
    e: Expr,
    scope: Scope,
    holds: bool = True,
    locals_: dict[str, Expr] | None = None,
    chosen: frozenset[str] = frozenset(),
) -> set[str] | None:
    """If condition `e`, known to be `holds`, restricts who the caller is: the state variables it checks
    the caller against (possibly none); otherwise None. `locals_` maps locals assigned once to their value;
    `chosen` names the parameters the caller passes (comparing the caller with one restricts nobody)."""
    return _check(e, holds, _Ctx(scope, dict(locals_ or {}), chosen=chosen))


def sender_check(
    e: Expr,
    scope: Scope,
    holds: bool = True,
    locals_: dict[str, Expr] | None = None,
    chosen: frozenset[str] = frozenset(),
) -> bool:
    """Whether a condition known to be `holds` restricts who the caller is (see caller_check)."""
    return caller_check(e, scope, holds, locals_, chosen) is not None


def caller_names(e: Expr, scope: Scope) -> set[str]:
    """The state variables any operand of a condition's && / || / ! compares the caller with, whether or
    not the whole condition restricts the caller: what the contract treats as an authority."""
    if e.kind == "binary" and e.name in ("&&", "||"):
        return caller_names(e.args[0], scope) | caller_names(e.args[1], scope)
    if e.kind == "unary" and e.name == "!":
        return caller_names(e.args[0], scope)
    return caller_check(e, scope) or caller_check(e, scope, False) or set()
