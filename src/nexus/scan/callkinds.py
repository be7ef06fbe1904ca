"""What a call expression does: the CallInfo kinds (low-level, send, transfer, external, internal,
library, static, builtin, cast, new) and the classification `Scope.classify` delegates to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .ir import Expr

if TYPE_CHECKING:
    from .flow import Scope

__all__ = ["CallInfo", "classify_call"]

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


def classify_call(scope: Scope, call: Expr, locals_: dict[str, str]) -> CallInfo:
    """What `call` does, seen from `scope` (see CallInfo for the kinds)."""
    callee = call.callee
    if callee.kind == "ident":
        n = callee.name
        if n == "raw_call":
            return CallInfo("lowlevel", "call", call.arguments[0] if call.arguments else None, call)
        if n in scope.functions:
            return CallInfo("internal", n, None, call)
        if n in _BUILTINS:
            return CallInfo("builtin", n, None, call)
        if n in scope.contract_names or n in scope.structs or n in ("address", "payable"):
            return CallInfo("cast", n, None, call)
        return CallInfo("other", n, None, call)
    if callee.kind == "new":
        return CallInfo("new", callee.name, None, call)
    if callee.kind == "member":
        obj, name = callee.args[0], callee.name
        if (
            scope.unit.language == "vyper"
            and "external" not in call.options
            and name != "transfer"
            and not _is_contract_type(_vyper_receiver(scope, obj, locals_), scope)
        ):  # a module function: in 0.4 only extcall leaves; 0.3 calls an interface-typed value directly
            return CallInfo("library", name, obj, call)
        if name in _LOWLEVEL:
            return CallInfo("lowlevel", name, obj, call)
        if name == "send" and len(call.arguments) == 1:  # ether send; ERC-777 `send(to, amount, data)` is a call
            return CallInfo("send", name, obj, call)
        if obj.kind == "ident" and obj.name in ("abi", "super", "msg", "block", "tx", "string", "bytes"):
            return CallInfo("builtin", name, obj, call)
        if obj.kind == "ident" and obj.name in scope.libraries:
            return CallInfo("library", name, obj, call)
        if (
            obj.kind == "ident"
            and obj.name[:1].isupper()
            and obj.name not in locals_
            and obj.name not in scope.state
            and scope.unit.language == "solidity"
        ):
            return CallInfo("library", name, obj, call)  # `Lib.f()` / `Base.f()`: a type, not an address
        if obj.kind == "ident" and obj.name == "this":
            return CallInfo("internal", name, obj, call)
        t = scope.type_of(obj, locals_) or (
            _vyper_receiver(scope, obj, locals_) if scope.unit.language == "vyper" else ""
        )
        if name == "transfer" and len(call.arguments) == 1 and not _is_contract_type(t, scope):
            return CallInfo("transfer", name, obj, call)
        if name in _ARRAY_MEMBERS and not _is_contract_type(t, scope):
            return CallInfo("builtin", name, obj, call)
        if _is_contract_type(t, scope) or t.startswith("address") or obj.kind == "cast" and obj.name != "uint256":
            return _external(scope, name, obj, call)
        if t == "" and obj.kind in ("ident", "index", "member") and name not in ("add", "sub", "mul", "div"):
            return _external(scope, name, obj, call)
        return CallInfo("other", name, obj, call)
    return CallInfo("other", "", None, call)


def _vyper_receiver(scope: Scope, obj: Expr, locals_: dict[str, str]) -> str:
    """The interface type a Vyper call's receiver has (`m: Minter`, `Minter(addr)`), or ""."""
    if obj.kind == "call" and obj.callee.kind == "ident" and len(obj.arguments) == 1:
        return obj.callee.name if obj.callee.name[:1].isupper() else ""
    return scope.type_of(obj, locals_) if obj.kind in ("ident", "index", "member") else ""


def _external(scope: Scope, name: str, obj: Expr, call: Expr) -> CallInfo:
    """An external call; `static` when every declaration of that function name is view/pure (STATICCALL)."""
    if name in scope.unit.static_calls and "value" not in call.options:
        return CallInfo("static", name, obj, call)
    return CallInfo("external", name, obj, call)


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
