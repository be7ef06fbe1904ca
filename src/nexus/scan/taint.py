"""Provenance analysis: which source reads reach a value, and the lines that carried them there."""

from __future__ import annotations

from collections.abc import Callable

from .flow import Scope, root_name
from .ir import Expr, Function

__all__ = ["Provenance"]

Origins = frozenset[int]
_EMPTY: Origins = frozenset()


class Provenance:
    """Forward data flow from `is_source` expressions through locals, state variables and internal
    function returns, solved to a fixed point over one contract (with its bases)."""

    def __init__(self, scope: Scope, is_source: Callable[[Expr], bool], *, deep_state: bool = True) -> None:
        self.scope = scope
        self.deep_state = deep_state  # False: a state variable carries taint only when set from a source itself
        self.is_source = is_source
        self.state: dict[str, Origins] = {}
        self.returns: dict[str, Origins] = {}
        self.env: dict[int, dict[str, Origins]] = {}
        self._functions = [f for fs in scope.functions.values() for f in fs if f.body is not None]
        self._solve()

    def _solve(self) -> None:
        for sv in self.scope.state.values():
            if sv.value is not None:
                o = self._origins(sv.value, {}, set())
                if o:
                    self.state[sv.name] = o | {sv.line}
        for _ in range(6):
            before = (dict(self.state), dict(self.returns))
            for f in self._functions:
                self.env[id(f)] = self._function_env(f)
            if before == (self.state, self.returns):
                break

    def _function_env(self, f: Function) -> dict[str, Origins]:
        locals_ = set(self.scope.local_types(f))
        env: dict[str, Origins] = {}
        for _ in range(3):
            changed = False
            for s in f.statements():
                if s.kind == "var" and s.exprs:
                    o = self._origins(s.exprs[0], env, locals_)
                    for n in s.names:
                        if o and env.get(n, _EMPTY) != env.get(n, _EMPTY) | o | {s.line}:
                            env[n] = env.get(n, _EMPTY) | o | {s.line}
                            changed = True
                for e in s.exprs:
                    changed |= self._assignments(e, env, locals_)
                if s.kind == "return" and s.exprs:
                    o = self._origins(s.exprs[0], env, locals_)
                    if o:
                        new = self.returns.get(f.name, _EMPTY) | o | {s.line}
                        if new != self.returns.get(f.name):
                            self.returns[f.name] = new
            if not changed:
                break
        return env

    def _assignments(self, e: Expr, env: dict[str, Origins], locals_: set[str]) -> bool:
        changed = False
        for x in e.walk():
            if x.kind != "assign":
                continue
            o = self._origins(x.args[1], env, locals_)
            if x.name != "=":
                o = o | self._origins(x.args[0], env, locals_)
            if not o:
                continue
            name = root_name(x.args[0])
            table = env if name in locals_ else self.state if name in self.scope.state else None
            if table is self.state and (x.args[0].kind != "ident" or not (self.deep_state or self._direct(x.args[1]))):
                continue  # mapping entries, and (when shallow) derived values, do not carry it on
            if table is None:
                continue
            new = table.get(name, _EMPTY) | o | {x.line}
            if new != table.get(name):
                table[name] = new
                changed = True
        return changed

    def _direct(self, e: Expr) -> bool:
        while e.kind == "cast" and e.args:
            e = e.args[0]
        return self.is_source(e)

    def _origins(self, e: Expr, env: dict[str, Origins], locals_: set[str]) -> Origins:
        if self.is_source(e):
            return frozenset({e.line})
        if e.kind == "ident":
            if e.name in locals_:
                return env.get(e.name, _EMPTY)
            return self.state.get(e.name, _EMPTY)
        out: set[int] = set()
        if e.kind == "binary" and e.name in ("|", "&", "<<", ">>", "^"):
            return _EMPTY  # bit packing: the packed word is not the value itself
        if e.kind == "call" and e.callee.kind == "member" and e.callee.name == "push":
            return _EMPTY  # `a.push(x)` gives the new length (or, bare, a fresh element), not x
        if e.kind == "call" and e.callee.kind == "ident" and e.callee.name in self.returns:
            out |= self.returns[e.callee.name] | {e.line}
        for a in e.args:
            out |= self._origins(a, env, locals_)
        return frozenset(out)

    def origins(self, e: Expr, f: Function) -> Origins:
        """Lines of the sources (and of the assignments) whose values reach `e` inside `f`."""
        env = self.env.get(id(f), {})
        return self._origins(e, env, set(self.scope.local_types(f)))
