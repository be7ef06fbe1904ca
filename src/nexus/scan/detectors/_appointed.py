"""Callees the deployment appoints (`reentrancy`, detectors/reentrancy.py and _trusted.py).

Two shapes widen what counts as a contract fixed at deployment:

* **Set once by an initialiser.** A state variable written outside constructors only by owner-checked code
  or by a one-shot initialiser (`require(avatar == Avatar(0)); avatar = _avatar; constraints = _c;`, or a
  flag it raises and nothing lowers, see _oneshot.py): after that one call nobody can change it, and
  whoever made the call chose every address it stored (the first caller of an uninitialised contract owns
  it anyway, as with `initializer`). A re-entrant call into such a callee runs the initialiser's code.
  A function behind an `initializer` or `onlyInitializing` modifier (OpenZeppelin's upgradeable
  contracts) is such an initialiser as a whole: its flag lives in the base contract and nothing lowers it.
* **Named by a fixed contract.** `Controller(avatar.owner()).mint(..)` with `avatar` fixed: an
  argument-free getter on a fixed contract returns the address that contract names (a DAO's own
  controller), not one the caller picks; followed through a local assigned once
  (`Controller c = Controller(avatar.owner()); c.genericCall(..)`). A getter handed arguments may look
  up an address the caller chose, and stays open.

What such a callee is handed is still judged as for any fixed callee (_trusted.py).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from ..flow import Scope, caller_guarded, root_name
from ..guards import walk_facts
from ..ir import Expr, Function, SourceUnit
from ._created import assigned_once, strip_casts

__all__ = ["INIT_MODIFIERS", "initialiser_set", "named_by_fixed", "runs_once"]

# Modifiers that let a function run only while the contract is being initialised (OpenZeppelin).
INIT_MODIFIERS = ("initializer", "reinitializer", "onlyInitializing")
_ONCE = "<initializer>"  # the pseudo-guard of a whole initializer function: no code here can lower it

_CACHE: weakref.WeakKeyDictionary[SourceUnit, dict[str, set[str]]] = weakref.WeakKeyDictionary()


def _state_written(scope: Scope, f: Function) -> set[str]:
    return {
        n
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind in ("assign", "unary") and x.args and (n := root_name(x.args[0])) in scope.state
    }


def _conjuncts(g: Expr, holds: bool) -> list[tuple[Expr, bool]]:
    """The parts of a fact that hold on their own: `a && b` true, `a || b` false, `!a` flipped."""
    if g.kind == "binary" and g.name == ("&&" if holds else "||") and len(g.args) == 2:
        return [c for a in g.args for c in _conjuncts(a, holds)]
    if g.kind == "unary" and g.name == "!" and g.args:
        return _conjuncts(g.args[0], not holds)
    return [(g, holds)]


def _zero(e: Expr, scope: Scope) -> bool:
    """`0`, `address(0)`, `Avatar(0)`, `IERC20(address(0))`: zero through casts."""
    e = strip_casts(e, scope)
    return e.kind == "literal" and e.name in ("0", "0x0")


def runs_once(f: Function, names: tuple[str, ...] = INIT_MODIFIERS) -> bool:
    """`f` carries one of the initialising modifiers `names`."""
    return any((m.callee.name if m.kind == "call" else m.name) in names for m in f.modifiers)


def _once_lines(scope: Scope, f: Function, written: set[str]) -> dict[int, set[str]]:
    """Lines of `f` that run only while a state variable `f` writes is still zero (`require(avatar ==
    Avatar(0))`) or a bool flag `f` sets to `true` is still down (`require(!initialised)`), each mapped
    to the variables whose checks make it so."""
    raised = {
        n
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind == "assign" and x.name == "=" and x.args[1].kind == "literal" and x.args[1].name == "true"
        if (n := root_name(x.args[0])) in scope.state and scope.state[n].type == "bool"
    }
    out: dict[int, set[str]] = {}
    for s, facts in walk_facts(f.body or []):
        for g, holds in facts:
            for c, truth in _conjuncts(g, holds):
                if c.kind == "ident" and c.name in raised and not truth:
                    out.setdefault(s.line, set()).add(c.name)
                if c.kind != "binary" or c.name != ("==" if truth else "!=") or len(c.args) != 2:
                    continue
                for p, q in (c.args, c.args[::-1]):
                    if p.kind == "ident" and p.name in written and p.name in scope.state and _zero(q, scope):
                        out.setdefault(s.line, set()).add(p.name)
    return out


def initialiser_set(scope: Scope) -> set[str]:
    """State variables written (outside constructors) only behind a caller check or by a one-shot
    initialiser of this contract; modifiers' writes count as open."""
    per_unit = _CACHE.setdefault(scope.unit, {})
    got = per_unit.get(scope.contract.name)
    if got is not None:
        return got
    modifiers = {id(m) for m in scope.modifiers.values()}
    once_lines: dict[int, dict[int, set[str]]] = {}
    open_: set[str] = set()
    once: dict[str, list[set[str]]] = {}  # variable -> for each one-shot write, the variables guarding it
    for g in (*(g for fs in scope.functions.values() for g in fs), *scope.modifiers.values()):
        if g.body is None or g.kind == "constructor":
            continue
        is_function = id(g) not in modifiers
        guarded = caller_guarded(scope, g) if g.is_public else {}
        written = _state_written(scope, g) if is_function else set()
        whole = is_function and runs_once(g, ("initializer", "onlyInitializing"))
        for s in g.statements():
            if guarded.get(id(s), False) or s.kind in ("if", "block", "loop"):
                continue
            names = {
                n
                for e in s.exprs
                for x in e.walk()
                if (x.kind == "assign" or x.kind == "unary" and x.name in ("++", "--", "x++", "x--", "delete"))
                and x.args
                and (n := root_name(x.args[0])) in scope.state
            }
            if not names:
                continue
            lines = once_lines.setdefault(id(g), _once_lines(scope, g, written)) if is_function else {}
            if whole:
                for n in names:
                    once.setdefault(n, []).append({_ONCE})
            elif s.line in lines:
                for n in names:
                    once.setdefault(n, []).append(lines[s.line])
            else:
                open_ |= names
    # a one-shot write counts only while some variable guarding it cannot be reset by anyone
    got = {
        n
        for n, guards in once.items()
        if n not in open_ and not scope.state[n].constant and all(gs - open_ for gs in guards)
    }
    per_unit[scope.contract.name] = got
    return got


def named_by_fixed(
    scope: Scope, f: Function, e: Expr, locals_: dict[str, str], fixed: Callable[[Expr], bool], depth: int = 0
) -> bool:
    """`e` (casts stripped, through locals assigned once) is `X.getter()` with no arguments on a fixed `X`."""
    e = strip_casts(e, scope)
    if depth > 4:
        return False
    if e.kind == "ident" and e.name in locals_:
        value = assigned_once(f, e.name)
        return value is not None and named_by_fixed(scope, f, value, locals_, fixed, depth + 1)
    if e.kind != "call" or e.arguments or e.callee.kind != "member" or not e.callee.args:
        return False
    return fixed(e.callee.args[0])
