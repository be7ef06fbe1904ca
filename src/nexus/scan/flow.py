"""Control- and data-flow helpers every detector shares: scopes, types, calls, writes, guards.

Call classification lives in `callkinds` and caller guards in `guards`; both are re-exported here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .callkinds import CallInfo, classify_call
from .guards import (
    caller_check,
    caller_guarded,
    caller_guards,
    caller_names,
    guard_condition,
    guard_fact,
    sender_check,
    walk_facts,
    walk_guarded,
)
from .ir import ContractIR, Expr, Function, SourceUnit, StateVar, Stmt

__all__ = [
    "CallInfo",
    "Scope",
    "caller_check",
    "caller_guarded",
    "caller_guards",
    "caller_names",
    "guard_condition",
    "guard_fact",
    "root_name",
    "sender_check",
    "walk_facts",
    "walk_guarded",
]


def root_name(e: Expr) -> str:
    """The variable an lvalue or access path starts from (`a[b].c` → a)."""
    while e.kind in ("index", "member") and e.args:
        if e.kind == "member" and e.args[0].kind == "ident" and e.args[0].name in ("msg", "block", "tx", "this"):
            return ""
        e = e.args[0]
    return e.name if e.kind == "ident" else ""


@dataclass
class Scope:
    """One contract seen with its bases: state, functions and modifiers by name, declared types."""

    unit: SourceUnit
    contract: ContractIR
    state: dict[str, StateVar] = field(default_factory=dict)
    functions: dict[str, list[Function]] = field(default_factory=dict)
    modifiers: dict[str, Function] = field(default_factory=dict)
    contract_names: set[str] = field(default_factory=set)
    libraries: set[str] = field(default_factory=set)
    structs: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, unit: SourceUnit, contract: ContractIR) -> Scope:
        s = cls(unit, contract)
        s.contract_names = {c.name for c in unit.contracts}
        s.libraries = {c.name for c in unit.contracts if c.kind == "library"}
        for name, kind in unit.declared_types.items():
            if kind == "library":
                s.libraries.add(name)
            elif kind in ("struct", "enum", "udvt"):
                s.structs.add(name)
            if kind in ("contract", "interface", "library"):
                s.contract_names.add(name)
        seen: set[str] = set()
        for c in s._linearise(contract, seen):
            for k, v in c.state.items():
                s.state.setdefault(k, v)
            for f in c.functions:
                s.functions.setdefault(f.name, []).append(f)
            for k, m in c.modifiers.items():
                s.modifiers.setdefault(k, m)
            s.structs |= c.structs
        return s

    def _linearise(self, c: ContractIR, seen: set[str]) -> Iterator[ContractIR]:
        if c.name in seen:
            return
        seen.add(c.name)
        yield c
        for b in c.bases:
            base = self.unit.contract_of(b)
            if base is not None:
                yield from self._linearise(base, seen)

    # -- types ----------------------------------------------------------------------------------
    def local_types(self, f: Function) -> dict[str, str]:
        out = {p.name: p.type for p in (*f.params, *f.returns) if p.name}
        for s in f.statements():
            if s.kind in ("var", "loop"):
                out.update(zip(s.names, s.types or ["uint256"] * len(s.names), strict=False))
            for st in s.init:
                out.update(zip(st.names, st.types, strict=False))
        return out

    def type_of(self, e: Expr, locals_: dict[str, str]) -> str:
        """A best-effort static type as written (`uint256`, `address`, `Token`, `mapping(...)`); "" if unknown."""
        if e.kind == "ident":
            if e.name in locals_:
                return locals_[e.name]
            if e.name in self.state:
                return self.state[e.name].type
            return {"now": "uint256", "this": self.contract.name}.get(e.name, "")
        if e.kind == "member":
            base = e.args[0]
            if base.kind == "ident" and base.name in ("msg", "tx", "block"):
                return {
                    "sender": "address",
                    "origin": "address",
                    "coinbase": "address",
                    "data": "bytes",
                    "sig": "bytes4",
                }.get(e.name, "uint256")
            if e.name in ("length", "balance"):
                return "uint256"
            return ""
        if e.kind == "index":
            t = self.type_of(e.args[0], locals_)
            return _element_type(t)
        if e.kind == "cast":
            return e.name
        if e.kind == "call" and e.callee.kind == "ident" and e.callee.name in self.contract_names:
            return e.callee.name
        if e.kind == "literal":
            return "uint256" if e.name[:1].isdigit() else "string"
        if e.kind == "binary" and e.name in ("+", "-", "*", "/", "%", "**"):
            return self.type_of(e.args[0], locals_) or self.type_of(e.args[1], locals_)
        return ""

    # -- calls ----------------------------------------------------------------------------------
    def classify(self, call: Expr, locals_: dict[str, str]) -> CallInfo:
        return classify_call(self, call, locals_)

    def calls(self, e: Expr, locals_: dict[str, str]) -> Iterator[CallInfo]:
        for x in e.walk():
            if x.kind == "call":
                yield self.classify(x, locals_)

    def internal_targets(self, info: CallInfo) -> list[Function]:
        return [f for f in self.functions.get(info.name, []) if f.body is not None]

    # -- writes ---------------------------------------------------------------------------------
    def state_writes(self, e: Expr, locals_: dict[str, str], aliases: dict[str, str]) -> Iterator[tuple[str, Expr]]:
        """State variables an expression writes, with the writing node (assignments, ++/--, delete, push/pop)."""
        for x in e.walk():
            target = None
            if x.kind == "assign" or x.kind == "unary" and x.name in ("++", "--", "x++", "x--", "delete"):
                target = x.args[0]
            elif x.kind == "call" and x.callee.kind == "member" and x.callee.name in ("push", "pop", "append"):
                target = x.callee.args[0]
            if target is None:
                continue
            targets = target.args if target.kind == "tuple" else [target]
            for t in targets:
                name = root_name(t)
                name = aliases.get(name, name)
                if name and name not in locals_ and name in self.state:
                    yield name, x

    def storage_aliases(self, f: Function) -> dict[str, str]:
        """Local storage pointers and the state variable each points into (`S storage s = m[k]`)."""
        out: dict[str, str] = {}
        for s in f.statements():
            if s.kind == "var" and s.exprs and len(s.names) == 1:
                ty = s.types[0] if s.types else ""
                storage = s.location == "storage" or (
                    s.location == ""
                    and self.unit.language == "solidity"
                    and (ty in self.structs or ty == "var" or ty.endswith("]"))
                )
                src = root_name(s.exprs[0])
                if storage and src in self.state:
                    out[s.names[0]] = src
        return out

    def effective_body(self, f: Function) -> list[Stmt]:
        """The function's body with its modifiers inlined around it (`_` → the body)."""
        body = list(f.body or [])
        for inv in reversed(f.modifiers):
            name = inv.callee.name if inv.kind == "call" else inv.name
            m = self.modifiers.get(name)
            if m is None or m.body is None:
                continue
            body = [_substitute(s, body) for s in m.body]
        return body


def _substitute(s: Stmt, inner: list[Stmt]) -> Stmt:
    if s.kind == "placeholder":
        return Stmt("block", s.line, body=inner)
    if not (s.body or s.orelse or s.init):
        return s
    return Stmt(
        s.kind,
        s.line,
        exprs=s.exprs,
        body=[_substitute(x, inner) for x in s.body],
        orelse=[_substitute(x, inner) for x in s.orelse],
        names=s.names,
        types=s.types,
        location=s.location,
        init=s.init,
        end_line=s.end_line,
    )


def _element_type(t: str) -> str:
    if t.startswith(("mapping", "HashMap")):
        depth, i = 0, 0
        for i, ch in enumerate(t):
            depth += ch in "(["
            depth -= ch in ")]"
            if t[i : i + 2] == "=>" and depth == 1:
                return t[i + 2 : -1].strip()
            if ch == "," and depth == 1 and t.startswith("HashMap"):
                return t[i + 1 : -1].strip()
        return ""
    if t.endswith("]"):
        return t[: t.rfind("[")].strip()
    if t.startswith("DynArray["):
        return t[9 : t.rfind(",")].strip()
    return ""


def statements_with_lines(body: list[Stmt]) -> Iterator[Stmt]:
    for s in body:
        yield from s.walk()
