"""Control- and data-flow helpers every detector shares: scopes, types, calls, writes, guards."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

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

_LOWLEVEL = {"call", "delegatecall", "callcode", "staticcall"}
_BUILTINS = {
    "require",
    "assert",
    "revert",
    "keccak256",
    "sha3",
    "sha256",
    "ripemd160",
    "ecrecover",
    "addmod",
    "mulmod",
    "selfdestruct",
    "suicide",
    "blockhash",
    "gasleft",
    "len",
    "empty",
    "convert",
    "min",
    "max",
    "concat",
    "slice",
    "extract32",
    "as_wei_value",
    "raw_call",
    "create_minimal_proxy_to",
    "create_copy_of",
    "create_from_blueprint",
    "abi_encode",
    "abi_decode",
    "method_id",
    "uint2str",
    "unsafe_add",
    "unsafe_sub",
    "unsafe_mul",
    "unsafe_div",
    "floor",
    "ceil",
    "sqrt",
    "isqrt",
    "shift",
    "pow_mod256",
    "range",
    "raw_log",
    "raw_revert",
    "print",
    "type",
}
_ARRAY_MEMBERS = {"push", "pop", "length", "append"}


def root_name(e: Expr) -> str:
    """The variable an lvalue or access path starts from (`a[b].c` → a)."""
    while e.kind in ("index", "member") and e.args:
        if e.kind == "member" and e.args[0].kind == "ident" and e.args[0].name in ("msg", "block", "tx", "this"):
            return ""
        e = e.args[0]
    return e.name if e.kind == "ident" else ""


@dataclass
class CallInfo:
    """What a call expression does: kind is lowlevel | send | transfer | external | internal | library |
    static (a view/pure external function) | builtin | cast | new | other; `name` the member or function
    called; `target` the receiving expression."""

    kind: str
    name: str
    target: Expr | None
    expr: Expr

    @property
    def sends_value(self) -> bool:
        return "value" in self.expr.options or self.kind in ("send", "transfer")

    @property
    def transfers_control(self) -> bool:
        """An external call that runs the callee's code with enough gas to re-enter."""
        return self.kind in ("lowlevel", "external") and "static" not in self.expr.options and self.name != "staticcall"


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
        callee = call.callee
        if callee.kind == "ident":
            n = callee.name
            if n == "raw_call":
                return CallInfo("lowlevel", "call", call.arguments[0] if call.arguments else None, call)
            if n in self.functions:
                return CallInfo("internal", n, None, call)
            if n in _BUILTINS:
                return CallInfo("builtin", n, None, call)
            if n in self.contract_names or n in self.structs or n in ("address", "payable"):
                return CallInfo("cast", n, None, call)
            return CallInfo("other", n, None, call)
        if callee.kind == "new":
            return CallInfo("new", callee.name, None, call)
        if callee.kind == "member":
            obj, name = callee.args[0], callee.name
            if (
                self.unit.language == "vyper"
                and "external" not in call.options
                and name != "transfer"
                and not _is_contract_type(self._vyper_receiver(obj, locals_), self)
            ):  # a module function: in 0.4 only extcall leaves; 0.3 calls an interface-typed value directly
                return CallInfo("library", name, obj, call)
            if name in _LOWLEVEL:
                return CallInfo("lowlevel", name, obj, call)
            if name == "send" and len(call.arguments) == 1:  # ether send; ERC-777 `send(to, amount, data)` is a call
                return CallInfo("send", name, obj, call)
            if obj.kind == "ident" and obj.name in ("abi", "super", "msg", "block", "tx", "string", "bytes"):
                return CallInfo("builtin", name, obj, call)
            if obj.kind == "ident" and obj.name in self.libraries:
                return CallInfo("library", name, obj, call)
            if (
                obj.kind == "ident"
                and obj.name[:1].isupper()
                and obj.name not in locals_
                and obj.name not in self.state
                and self.unit.language == "solidity"
            ):
                return CallInfo("library", name, obj, call)  # `Lib.f()` / `Base.f()`: a type, not an address
            if obj.kind == "ident" and obj.name == "this":
                return CallInfo("internal", name, obj, call)
            t = self.type_of(obj, locals_) or (
                self._vyper_receiver(obj, locals_) if self.unit.language == "vyper" else ""
            )
            if name == "transfer" and len(call.arguments) == 1 and not _is_contract_type(t, self):
                return CallInfo("transfer", name, obj, call)
            if name in _ARRAY_MEMBERS and not _is_contract_type(t, self):
                return CallInfo("builtin", name, obj, call)
            if _is_contract_type(t, self) or t.startswith("address") or obj.kind == "cast" and obj.name != "uint256":
                return self._external(name, obj, call)
            if t == "" and obj.kind in ("ident", "index", "member") and name not in ("add", "sub", "mul", "div"):
                return self._external(name, obj, call)
            return CallInfo("other", name, obj, call)
        return CallInfo("other", "", None, call)

    def _vyper_receiver(self, obj: Expr, locals_: dict[str, str]) -> str:
        """The interface type a Vyper call's receiver has (`m: Minter`, `Minter(addr)`), or ""."""
        if obj.kind == "call" and obj.callee.kind == "ident" and len(obj.arguments) == 1:
            return obj.callee.name if obj.callee.name[:1].isupper() else ""
        return self.type_of(obj, locals_) if obj.kind in ("ident", "index", "member") else ""

    def _external(self, name: str, obj: Expr, call: Expr) -> CallInfo:
        """An external call; `static` when every declaration of that function name is view/pure (STATICCALL)."""
        if name in self.unit.static_calls and "value" not in call.options:
            return CallInfo("static", name, obj, call)
        return CallInfo("external", name, obj, call)

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


def _is_contract_type(t: str, scope: Scope) -> bool:
    base = t.split(" ")[0]
    if "." in base or base in scope.structs or t.rstrip().endswith("]") or base.startswith("mapping"):
        return False  # `Lib.Struct`, a struct, enum or user-defined value type, an array, a mapping
    return (
        base in scope.contract_names
        and base not in scope.libraries
        or (
            bool(base)
            and base[0].isupper()
            and base not in scope.structs
            and not base.startswith(("HashMap", "DynArray", "String", "Bytes"))
        )
    )


def statements_with_lines(body: list[Stmt]) -> Iterator[Stmt]:
    for s in body:
        yield from s.walk()
