"""Calls that cannot hand control to an attacker (`reentrancy`, detectors/reentrancy.py).

Two shapes are read here:

* **Not a call at all.** `using L for T` attaches a library's internal functions to a type: on a storage
  struct (`s_nodes[id].dons.remove(x)` with `EnumerableSet.UintSet dons;`), on an array, mapping or value
  type, or on a plain `address` (`target.isContract()` with `using Address for address`: an address has no
  member function but `call`/`delegatecall`/`staticcall`/`callcode`/`send`/`transfer`), the code runs in
  this contract's frame. The receiver's type is read through state variables, locals, mapping/array
  elements and the fields of structs the file declares; an unknown type stays an external call.
* **A callee fixed at deployment.** The target, casts stripped, is a `constant`/`immutable` state
  variable or one written only by constructors and caller-checked (owner-only) code (`_conserve.owner_set`):
  the code that runs there was chosen by the deployer, not by the caller. It still hands control to an
  attacker when what it handles is the caller's: a callback-hook method (`safeTransferFrom`, `safeMint`,
  ERC777 `send`, ERC677 `transferAndCall`, ...) whose arguments name an address the caller picks or one
  anyone may set, a method other than a plain account operation (`transfer`, `approve`, `deposit`, `mint`
  and `burn` with their variants `mintTokens`, `burnOWL`, ...) that is handed a caller-picked address or
  data that may encode one (a token, a `bytes` path, a struct holding either: the fixed contract may call
  it), or a low-level call whose data the caller writes.
  A getter or predicate (`getOwners()`, `isOwner(msg.sender)`, `hasRole(..)`) on a fixed contract whose
  interface neither this file nor its imports declare (so its `view` marker cannot be read) is taken for
  the read its name says: it is trusted whatever it is handed. A declared interface that does not mark
  the method `view` is judged by the rules above.
* **A precompile** (an address literal below 0x100, or a constant holding one: `ArbSys(address(100))`,
  `ArbWasmCache(address(0x72))`): the chain's own code runs there, which calls no contract, so whatever it
  is handed it hands control to no one. Reads of a token's balances (`balanceOf`, `balanceOfAt`,
  `allowance`) on a fixed token name accounts only, like `transfer`.
* **Initializer-only code** (`initializer`, `reinitializer(n)`, `onlyInitializing` modifiers): every call
  there is treated as fixed, since the initialising party picks every address it is handed.
"""

from __future__ import annotations

import re
import weakref

from ..flow import CallInfo, Scope
from ..ir import Expr, Function, SourceUnit
from ._appointed import INIT_MODIFIERS, named_by_fixed, runs_once
from ._created import created_here, strip_casts
from ._fieldset import fixed_field, unguarded_statements
from ._permquery import permission_query

__all__ = ["HOOKS", "attached", "initializer_only", "is_library_call", "trusted_call"]

_ADDRESS_MEMBERS = {"call", "delegatecall", "staticcall", "callcode", "send", "transfer", "value", "gas"}
# Methods that call a hook on an address they are handed (ERC721/1155 receivers, ERC777 send, ERC677, ERC1363).
HOOKS = {
    "safeTransfer",
    "safeTransferFrom",
    "safeBatchTransferFrom",
    "safeMint",
    "send",
    "operatorSend",
    "transferAndCall",
    "transferFromAndCall",
    "approveAndCall",
}
# Methods whose address arguments are accounts to credit, debit or read, never code to run (ERC20, WETH,
# ERC20Snapshot/ERC20Votes reads whose interface this file cannot mark `view`).
_ACCOUNT_ONLY = {
    "balanceOf",
    "balanceOfAt",
    "totalSupplyAt",
    "allowance",
    "transfer",
    "transferFrom",
    "approve",
    "increaseAllowance",
    "decreaseAllowance",
    "deposit",
    "withdraw",
    "mint",
    "burn",
    "burnFrom",
}
# Variants of mint and burn named for the token or the unit (`mintTokens`, `burnOWL`, `mintFor`, `burnFrom`):
# they credit or debit the accounts they are handed, like `mint`/`burn`. Not `mintAndCall`/`burnAndCall`,
# which run a hook on the receiver (and `safeMint` is matched against HOOKS first).
_SUPPLY = re.compile(r"^(mint|burn)(?!\w*Call)([A-Z_0-9]|$)")
_QUERY = re.compile(r"^(get|is|has)[A-Z_]")  # getters and predicates: `getOwners`, `isOwner`, `hasRole`
_VALUE_TYPES = re.compile(r"^(u?int\d*|bytes\d*|bool|string|bytes)$")
_STRUCT = re.compile(r"\bstruct\s+(\w+)\s*\{([^{}]*)\}")
_FIELD = re.compile(r"^\s*(.+?)\s+(\w+)\s*$")
_USING = re.compile(r"\busing\s+([\w.]+)\s+for\s+([\w.]+|\*)")
_FIELDS: weakref.WeakKeyDictionary[SourceUnit, dict[str, dict[str, str]]] = weakref.WeakKeyDictionary()
_OPEN: weakref.WeakKeyDictionary[SourceUnit, dict[str, set[str]]] = weakref.WeakKeyDictionary()


def struct_fields(unit: SourceUnit) -> dict[str, dict[str, str]]:
    """Struct name -> field name -> declared type, for the structs this file declares."""
    got = _FIELDS.get(unit)
    if got is None:
        got = {}
        for m in _STRUCT.finditer("\n".join(unit.lines)):
            fields = (_FIELD.match(part) for part in m[2].split(";"))
            got[m[1]] = {f[2]: " ".join(f[1].split()) for f in fields if f}
        _FIELDS[unit] = got
    return got


def attached(scope: Scope, t: str, *, unread: bool = False) -> bool:
    """A library is attached to type `t` (or to every type) by a `using L for T` directive of this file.
    With `unread`, also an `L` whose import could not be read: only a library may follow `using`."""
    t = t.split(" ")[0]
    return any(
        (
            lib.split(".")[0] in scope.libraries
            and target in (t, "*")
            or unread
            and lib.split(".")[0] not in scope.contract_names
            and target == t  # not `for *`
        )
        for lib, target in _USING.findall("\n".join(scope.unit.lines))
    )


def _element(t: str) -> str:
    t = t.strip()
    if t.startswith("mapping"):
        depth = 0
        for i, ch in enumerate(t):
            depth += ch == "("
            depth -= ch == ")"
            if t[i : i + 2] == "=>" and depth == 1:
                return t[i + 2 : t.rfind(")")].strip()
        return ""
    return t[: t.rfind("[")].strip() if t.endswith("]") else ""


def receiver_type(scope: Scope, e: Expr, locals_: dict[str, str]) -> str:
    """The declared type of a call's receiver, through struct fields the file declares; "" if unknown."""
    if e.kind == "index" and e.args:
        return _element(receiver_type(scope, e.args[0], locals_))
    if e.kind == "member" and e.args and not (e.args[0].kind == "ident" and e.args[0].name in ("msg", "tx", "block")):
        base = receiver_type(scope, e.args[0], locals_).split(" ")[0].split(".")[-1]
        return struct_fields(scope.unit).get(base, {}).get(e.name, "")
    return scope.type_of(e, locals_)


def is_library_call(scope: Scope, info: CallInfo, locals_: dict[str, str]) -> bool:
    """An `external` call that is a `using for` library function on a non-contract receiver."""
    if info.kind != "external" or info.target is None or scope.unit.language != "solidity":
        return False
    t = receiver_type(scope, info.target, locals_)
    base = t.split(" ")[0]
    if base in ("address", "address payable") or t == "address payable":
        return info.name not in _ADDRESS_MEMBERS and "value" not in info.expr.options
    if not base:
        return False
    return (
        "." in base
        or base in scope.structs
        or base in struct_fields(scope.unit)
        or t.endswith("]")
        or base.startswith("mapping")
        or bool(_VALUE_TYPES.match(base))
    )


def _strip(e: Expr, scope: Scope) -> Expr:
    return strip_casts(e, scope, declared=False)


def _fixed(e: Expr, scope: Scope, owner: set[str], locals_: dict[str, str]) -> bool:
    """A constant/immutable or owner-set state variable, or a record of one (`m[k].hook`: every record is
    written by the constructor or the owner), casts stripped."""
    e = _strip(e, scope)
    record = False
    while e.kind in ("member", "index") and e.args:
        e, record = e.args[0], True
    if e.kind != "ident" or e.name in locals_ or e.name not in scope.state and e.name not in owner:
        return False  # (an owner-set name this file does not declare is a base's, _basestate.py)
    if record and e.name in _open_records(scope):
        return False
    return e.name in owner or scope.state[e.name].constant


def _open_records(scope: Scope) -> set[str]:
    """State variables whose records code without a caller check writes in ways `owner_set` does not
    read: through a local storage pointer (`Rec storage r = recs[id]; r.hook = h;`) or by `push`/`pop`."""
    per_unit = _OPEN.setdefault(scope.unit, {})
    got = per_unit.get(scope.contract.name)
    if got is None:
        got = set()
        for _, st, locals_, aliases in unguarded_statements(scope):
            got |= {n for e in st.exprs for n, _ in scope.state_writes(e, locals_, aliases)}
        per_unit[scope.contract.name] = got
    return got


def _address_like(t: str, scope: Scope) -> bool:
    base = t.split(" ")[0].rstrip("[]")
    return (
        base.startswith("address")
        or base in scope.contract_names
        or (bool(base) and base[0].isupper() and base not in scope.structs and "." not in base)
    )


def _carries_address(t: str, scope: Scope) -> bool:
    """An address, or data that may encode one: `bytes` (a swap path), a struct of this file with such a field."""
    base = t.split(" ")[0].rstrip("[]")
    fields = struct_fields(scope.unit).get(base.split(".")[-1])
    return (
        _address_like(t, scope)
        or base == "bytes"
        or fields is not None
        and any(_address_like(ft, scope) or ft.split(" ")[0].rstrip("[]") == "bytes" for ft in fields.values())
    )


def _open_address(e: Expr, scope: Scope, f: Function, owner: set[str], locals_: dict[str, str], *, state: bool) -> bool:
    """`e` mentions an address the caller picks (`msg.sender`, `tx.origin`, a parameter that is or may
    encode one) or, with `state`, a stored address anyone may set."""
    params = {p.name: p.type for p in f.params}
    for x in e.walk():
        if x.is_member("msg", "sender") or x.is_member("tx", "origin"):
            return True
        if x.kind == "ident" and x.name in params and _carries_address(params[x.name], scope):
            return True
        if state and x.kind == "ident" and x.name in scope.state and x.name not in locals_:
            v = scope.state[x.name]
            if _address_like(v.type, scope) and not (v.constant or x.name in owner):
                return True
    return False


def initializer_only(f: Function) -> bool:
    """`f` runs only while the contract is initialised (`initializer`, `reinitializer(n)`, `onlyInitializing`):
    whoever initialises it chose every address it is handed, and the first caller of an uninitialised
    proxy owns it anyway, so a re-entrant callee there is the initialiser's own choice."""
    return runs_once(f, INIT_MODIFIERS)


def _precompile(target: Expr, scope: Scope) -> bool:
    """A precompile address (below 0x100: the EVM's 0x01-0x11, Arbitrum's ArbSys 0x64 .. ArbWasmCache 0x72,
    NodeInterface 0xc8), written as a literal or held by a constant initialised to one, casts stripped."""
    e = _strip(target, scope)
    if e.kind == "ident" and e.name in scope.state and scope.state[e.name].constant:
        value = scope.state[e.name].value
        e = _strip(value, scope) if value is not None else e
    if e.kind != "literal":
        return False
    try:
        n = int(e.name, 0)
    except ValueError:
        return False
    return 0 < n < 0x100


def _declared(scope: Scope, target: Expr, locals_: dict[str, str]) -> bool:
    """The receiver's type is declared in this file or its imports (its methods' mutability is known)."""
    base = scope.type_of(_strip(target, scope), locals_).split(" ")[0].split(".")[-1]
    return not base or base in scope.contract_names or base in scope.unit.declared_types


def trusted_call(scope: Scope, f: Function, info: CallInfo, owner: set[str], locals_: dict[str, str]) -> bool:
    """A control-handing call into a contract fixed at deployment that cannot pass control to an attacker."""
    if info.target is None:
        return False
    if _precompile(info.target, scope):
        return True  # `ArbWasmCache(address(0x72))`: the chain's own code at a precompile address calls no contract

    def fixed(e: Expr) -> bool:
        # also one owner-written field of an otherwise open record (`pool.lpToken`, _fieldset.py)
        return _fixed(e, scope, owner, locals_) or fixed_field(scope, f, _strip(e, scope), locals_)

    if (
        not fixed(info.target)
        and not created_here(scope, f, info.target, locals_, fixed)
        and not named_by_fixed(scope, f, info.target, locals_, fixed)  # `Controller(avatar.owner())` (_appointed)
    ):
        return False
    args = info.expr.arguments
    if info.kind == "lowlevel":
        params = {p.name for p in f.params}
        return not any(
            (x.kind == "ident" and x.name in params)
            or (x.kind == "member" and x.args and x.args[0].kind == "ident" and x.args[0].name in ("msg", "tx"))
            for a in args
            for x in a.walk()
        )
    if _QUERY.match(info.name) and not _declared(scope, info.target, locals_):
        return True  # `SAFE.isOwner(msg.sender)` on an interface this file cannot see: a read by its name
    if permission_query(scope, f, info, locals_):
        return True  # `acl.allowed(msg.sender, address(this), msg.sig)`: the owner's access list answers (_permquery)
    receiver = scope.type_of(info.target, locals_) or receiver_type(scope, info.target, locals_)
    if info.name in HOOKS and attached(scope, receiver, unread=True):
        return True  # `using SafeERC20 for IERC20`: a library's checked wrapper of `transfer`/`transferFrom`
    if info.name in HOOKS:
        return not any(_open_address(a, scope, f, owner, locals_, state=True) for a in args)
    if info.name in _ACCOUNT_ONLY or _SUPPLY.match(info.name):
        return True
    return not any(_open_address(a, scope, f, owner, locals_, state=False) for a in args)
