"""State a setter behind a caller check writes, reached through internal helpers (`reentrancy`).

`_conserve.owner_set` reads each write where it stands: a write inside an internal function counts as
open, whoever calls it. The common shape `setRng(RNG r) external onlyOwner { _setRng(r); }` with the
constructor calling `_setRng` too leaves `rng` open there. Here a non-public function is *gated* when
every function calling it in the contract (with its bases) is a constructor, a public function whose
every statement a caller check guards (`onlyOwner`, `auth`, `require(msg.sender == admin)`), a one-shot
initialiser (`initializer`, `reinitializer(n)`, `onlyInitializing`: like a constructor it runs once and
its caller chose what it stores, _appointed.py), or gated itself (`_lockedonly.locked_only`'s fixed
point, with that predicate). A state variable is gated-set when every write outside constructors sits
in a gated function or behind a caller check in a public one. Modifiers' writes, and those of an
internal function nobody in the contract calls, stay open. The re-entrancy call summaries (_rewalk.py)
read callees through the same set as the walk itself.
"""

from __future__ import annotations

from ..flow import Scope, caller_guarded, root_name
from ..ir import Function
from ._appointed import runs_once
from ._lockedonly import locked_only

__all__ = ["gated_set"]

_WRITES = ("++", "--", "x++", "x--", "delete")


def _guarded_whole(scope: Scope, f: Function) -> bool:
    """A public function whose every own statement (its modifiers' checks aside) only a caller check lets run."""
    if not f.is_public or f.body is None:
        return False
    lines = caller_guarded(scope, f)
    own = list(f.statements())
    return bool(own) and all(lines.get(id(s), False) for s in own)


def gated_set(scope: Scope) -> set[str]:
    """Non-constant state variables written only by constructors, caller-checked code or gated helpers."""
    gated = locked_only(scope, lambda g: _guarded_whole(scope, g) or runs_once(g))
    open_: set[str] = set()
    for g in (*(g for fs in scope.functions.values() for g in fs), *scope.modifiers.values()):
        if g.body is None or g.kind == "constructor" or (not g.is_public and g.kind != "modifier" and g.name in gated):
            continue
        guarded = caller_guarded(scope, g) if g.is_public else {}
        for s in g.statements():
            for e in s.exprs:
                for x in e.walk():
                    if x.kind in ("assign", "unary") and x.args and (n := root_name(x.args[0])) in scope.state:
                        if (x.kind == "assign" or x.name in _WRITES) and not guarded.get(id(s), False):
                            open_.add(n)
    return {n for n, v in scope.state.items() if not v.constant and n not in open_}
