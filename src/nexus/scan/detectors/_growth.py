"""Where public callers grow storage arrays, for `unbounded-loop`: each growth site (`push`, `append`,
`length` written) that a public function reaches on a path no caller check guards, directly or through
the internal functions it calls there, with two facts the severity needs:

* **own**: the grown list is the caller's own entry (`orders[msg.sender].push(..)`, also through a
  helper called with `msg.sender`): only the pusher lengthens it;
* **cap**: the largest length the site lets the array reach, when a check before it bounds the array's
  own length (`require(arr.length < MAX)`, `if (len(self.a) >= MAX) revert`). A literal or constant
  bound is a number; a bound only the owner configures (a state variable no public path writes
  unguarded) is owner trust, `TRUSTED_CAP`; a caller's argument caps nothing."""

from __future__ import annotations

from dataclasses import dataclass

from ..flow import Scope, caller_guarded
from ..guards import single_assignments
from ..ir import Expr, Function
from ._appointed import runs_once
from ._arrays import declared_type, is_array, keys_of, literal_value, shape, storage_pointers
from ._capped import oriented_guards
from ._disjunct import settled_disjuncts
from ._fieldcap import resolved_length, stored_cap

__all__ = ["TRUSTED_CAP", "Growth", "growth_sites", "senders_of"]

TRUSTED_CAP = 0.0  # an owner-configured cap: bounded as far as the scanner can tell
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


@dataclass
class Growth:
    line: int
    own: bool
    cap: float


def senders_of(f: Function, bound: set[str]) -> set[str]:
    """Names in `f` that hold the caller: `bound` (parameters passed msg.sender) and locals set from it."""
    out = set(bound)
    for s in f.statements():
        if s.kind == "var" and len(s.names) == 1 and s.exprs and s.exprs[0].is_member("msg", "sender"):
            out.add(s.names[0])
    return out


def _is_sender(e: Expr, senders: set[str]) -> bool:
    return e.is_member("msg", "sender") or e.kind == "ident" and e.name in senders


def _grown(x: Expr) -> Expr | None:
    """The array an expression grows (`a.push(x)`, `a.append(x)`, `a.length += n`, `a.length++`)."""
    if x.kind == "call" and x.callee.kind == "member" and x.callee.name in ("push", "append") and x.callee.args:
        return x.callee.args[0]
    if x.kind in ("assign", "unary") and x.args and x.args[0].kind == "member" and x.args[0].name == "length":
        if x.name in ("+=", "++", "x++", "="):
            return x.args[0].args[0]
    return None


class _Sites:
    def __init__(self, scope: Scope):
        self.scope = scope
        self.out: dict[str, list[Growth]] = {}
        self._owner_set: set[str] | None = None

    @property
    def owner_set(self) -> set[str]:
        if self._owner_set is None:
            self._owner_set = _owner_set(self.scope)
        return self._owner_set

    def visit(self, f: Function, senders: set[str], outer: tuple[tuple[Expr, bool], ...], seen: set[int]) -> None:
        seen.add(id(f))
        scope, guarded = self.scope, caller_guarded(self.scope, f)
        locals_, pointers = scope.local_types(f), storage_pointers(scope, f)
        senders, once = senders_of(f, senders), single_assignments(f.body or [])
        for s, guards in oriented_guards(f.body or [], outer):
            if guarded.get(id(s), False):
                continue
            for e in s.exprs:
                for x in e.walk():
                    target = _grown(x)
                    sh = shape(target, scope, pointers, locals_) if target is not None else ""
                    if target is not None and sh and is_array(declared_type(sh, scope)):
                        keys = keys_of(target, pointers, locals_)
                        cap = self._cap(guards, sh, pointers, locals_, once)
                        own = any(_is_sender(k, senders) for k in keys)
                        self.out.setdefault(sh, []).append(Growth(x.line, own, cap))
                    if x.kind == "call" and (info := scope.classify(x, locals_)).kind == "internal":
                        for callee in scope.internal_targets(info):
                            if id(callee) in seen or callee.is_public:
                                continue
                            passed = {
                                p.name
                                for p, a in zip(callee.params, x.arguments, strict=False)
                                if _is_sender(a, senders)
                            }
                            self.visit(callee, passed, guards, seen)

    def _cap(  # noqa: PLR0913
        self,
        guards: tuple[tuple[Expr, bool], ...],
        sh: str,
        pointers: dict[str, Expr],
        locals_: dict[str, str],
        once: dict[str, Expr],
    ) -> float:
        best = float("inf")
        for cond, holds in guards + settled_disjuncts(guards):  # `!(a == 0 || ids.length < MAX)`: see _disjunct
            for small, op, big in _comparisons(cond, holds, self.scope):
                arr = _length_arg(resolved_length(small, once))
                if arr is None or shape(arr, self.scope, pointers, locals_) != sh:
                    continue
                value = literal_value(big, self.scope)
                if value is None and big.kind == "ident" and big.name in self.owner_set and big.name not in locals_:
                    value = TRUSTED_CAP
                if value is None:
                    value = stored_cap(big, self.scope)  # a field every write keeps under a constant
                if value is not None:
                    best = min(best, value + (1 if op == "<=" else 0))
        return best


def _length_arg(e: Expr) -> Expr | None:
    if e.kind == "member" and e.name == "length" and e.args:
        return e.args[0]
    if e.kind == "call" and e.callee.kind == "ident" and e.callee.name == "len" and e.arguments:
        return e.arguments[0]
    return None


def _comparisons(e: Expr, holds: bool, scope: Scope | None = None, depth: int = 0) -> list[tuple[Expr, str, Expr]]:
    """The `small < big` / `small <= big` facts that hold when `e` has truth value `holds`, also through
    a parameterless helper returning one comparison (`require(!full())`, `full()` returning
    `arr.length >= MAX`)."""
    while e.kind == "unary" and e.name in ("!", "not") and e.args:
        e, holds = e.args[0], not holds
    if e.kind == "call" and scope is not None and depth < 3 and not e.arguments:
        rets = _helper_returns(e, scope)
        return _comparisons(rets[0], holds, scope, depth + 1) if len(rets) == 1 else []
    if e.kind != "binary" or len(e.args) != 2:
        return []
    if e.name in (("&&", "and") if holds else ("||", "or")):
        return [c for a in e.args for c in _comparisons(a, holds, scope, depth)]
    op = e.name if holds else _NEGATE.get(e.name, "")
    if op in ("<", "<="):
        return [(e.args[0], op, e.args[1])]
    if op in (">", ">="):
        return [(e.args[1], _FLIP[op], e.args[0])]
    return []


def _helper_returns(call: Expr, scope: Scope) -> list[Expr]:
    """What an internal parameterless function called as `f()` (Vyper: `self.f()`) returns."""
    c = call.callee
    name = (
        c.name
        if c.kind == "ident" or c.kind == "member" and c.args[0].kind == "ident" and c.args[0].name == "self"
        else ""
    )
    return [
        s.exprs[0]
        for f in scope.functions.get(name, [])
        if f.body is not None and not f.params and f.kind == "function"
        for s in f.statements()
        if s.kind == "return" and len(s.exprs) == 1
    ]


def _owner_set(scope: Scope) -> set[str]:
    """State variables every public write of which runs under a caller check (set by the owner)."""
    open_: set[str] = set()
    for f in scope.contract.functions:
        if not f.is_public or f.body is None or f.kind in ("constructor", "modifier"):
            continue
        guarded, locals_ = caller_guarded(scope, f), scope.local_types(f)
        for s in f.statements():
            if not guarded.get(id(s), False):
                open_ |= {name for e in s.exprs for name, _ in scope.state_writes(e, locals_, {})}
    return {n for n, v in scope.state.items() if not v.constant and n not in open_}


def _modifier_checks(scope: Scope, f: Function) -> tuple[tuple[Expr, bool], ...]:
    """The checks f's modifiers make before its body runs (`modifier notFull { require(..); _; }`). The
    modifiers' own calls are not followed: a modifier that grows an array is left out."""
    out: list[tuple[Expr, bool]] = []
    for inv in f.modifiers:
        m = scope.modifiers.get(inv.callee.name if inv.kind == "call" else inv.name)
        for s, guards in oriented_guards(m.body or [] if m is not None else []):
            if s.kind == "placeholder":
                out += guards
                break
    return tuple(out)


def growth_sites(scope: Scope) -> dict[str, list[Growth]]:
    """Every array shape public callers can grow on an unguarded path, with its growth sites."""
    sites = _Sites(scope)
    for f in scope.contract.functions:
        if not f.is_public or f.body is None or f.kind in ("constructor", "modifier") or f.is_readonly:
            continue
        if runs_once(f, ("initializer", "reinitializer")):
            continue  # an `initializer` runs once, like a constructor: its pushes are a fixed few
        sites.visit(f, set(), _modifier_checks(scope, f), set())
    return sites.out
