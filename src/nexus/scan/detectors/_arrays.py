"""Storage arrays by access shape, for `unbounded-loop`: a plain state array (`members`), an array inside
a mapping (`orders[user]` → `orders[]`) or a struct (`groups[id].members` → `groups[].members`), reached
directly or through a storage pointer (`uint[] storage os = orders[user];`). Indexes are abstracted away:
every user's list has the same shape, which is what a loop and a push must share.

Also: the declared type at the end of a shape (Solidity and Vyper mapping/array/struct declarations), so
that a `.push` on a library-managed struct is not taken for an array, a Vyper `DynArray`'s capacity and
the storage width of one element."""

from __future__ import annotations

import re

from ..flow import Scope
from ..ir import Expr, Function, SourceUnit

__all__ = [
    "capacity",
    "literal_value",
    "declared_type",
    "element_width",
    "keys_of",
    "shape",
    "storage_pointers",
]

_GLOBALS = ("msg", "block", "tx", "this")
_UNKNOWN = "?"


def storage_pointers(scope: Scope, f: Function) -> dict[str, Expr]:
    """Local storage pointers and the state path each points at (`Order[] storage os = orders[u];`)."""
    names = scope.storage_aliases(f)
    out: dict[str, Expr] = {}
    for s in f.statements():
        if s.kind == "var" and len(s.names) == 1 and s.exprs and s.names[0] in names:
            out[s.names[0]] = s.exprs[0]
    return out


def _resolve(e: Expr, pointers: dict[str, Expr], locals_: dict[str, str]) -> tuple[str, list[str], list[Expr]]:
    """(state root, steps from the root, index keys) of an access path, or ("", [], [])."""
    steps: list[str] = []
    keys: list[Expr] = []
    hops = 0
    while True:
        if e.kind == "index" and e.args:
            steps.append("[]")
            if len(e.args) > 1:
                keys.append(e.args[1])
            e = e.args[0]
        elif e.kind == "member" and e.args:
            if e.args[0].kind == "ident" and e.args[0].name in _GLOBALS:
                return "", [], []
            steps.append("." + e.name)
            e = e.args[0]
        elif e.kind == "ident" and e.name in pointers and hops < 4:
            e, hops = pointers[e.name], hops + 1
        elif e.kind == "ident" and e.name not in locals_:
            return e.name, steps[::-1], keys
        else:
            return "", [], []


def shape(e: Expr, scope: Scope, pointers: dict[str, Expr], locals_: dict[str, str]) -> str:
    """`orders[user]` → `orders[]`; "" when `e` is not rooted in a (non-constant) state variable."""
    root, steps, _ = _resolve(e, pointers, locals_)
    var = scope.state.get(root)
    return root + "".join(steps) if var is not None and not var.constant else ""


def keys_of(e: Expr, pointers: dict[str, Expr], locals_: dict[str, str]) -> list[Expr]:
    """The index keys along an access path (`orders[msg.sender]` → [msg.sender])."""
    return _resolve(e, pointers, locals_)[2]


def _split_top(t: str, sep: str) -> list[str]:
    depth, start, out = 0, 0, []
    i = 0
    while i < len(t):
        ch = t[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and t.startswith(sep, i):
            out.append(t[start:i].strip())
            start = i + len(sep)
            i += len(sep)
            continue
        i += 1
    out.append(t[start:].strip())
    return out


def _inner(t: str) -> str:
    """The type one index into `t` reaches: a mapping's value, an array's element; else unknown."""
    t = t.strip()
    if t.startswith("mapping") and "(" in t and t.endswith(")"):
        parts = _split_top(t[t.index("(") + 1 : -1], "=>")
        return parts[1] if len(parts) == 2 else _UNKNOWN
    for generic in ("HashMap[", "DynArray[", "SArray["):
        if t.startswith(generic) and t.endswith("]"):
            parts = _split_top(t[len(generic) : -1], ",")
            if len(parts) == 2:
                return parts[1] if generic == "HashMap[" else parts[0]
    if t.endswith("]") and "[" in t:
        return t[: t.rindex("[")].strip()
    return _UNKNOWN


def _vyper_fields(unit: SourceUnit, struct: str) -> dict[str, str]:
    """A Vyper struct's field declarations, read from its `struct Name:` block (the IR keeps its name only)."""
    out: dict[str, str] = {}
    inside = False
    for line in unit.lines:
        if re.match(rf"struct\s+{re.escape(struct)}\s*:", line):
            inside = True
        elif inside and (m := re.match(r"\s+(\w+)\s*:\s*(.+?)\s*$", line)):
            out[m.group(1)] = m.group(2)
        elif inside and line.strip():
            break
    return out


def declared_type(sh: str, scope: Scope) -> str:
    """The declared type at the end of a shape; "?" when a Solidity struct field hides it."""
    m = re.match(r"(\w+)(.*)$", sh)
    var = scope.state.get(m.group(1)) if m else None
    if m is None or var is None:
        return _UNKNOWN
    t = var.type
    for step in re.findall(r"\[\]|\.\w+", m.group(2)):
        if step == "[]":
            t = _inner(t)
        elif scope.unit.language == "vyper" and t in scope.structs:
            t = _vyper_fields(scope.unit, t).get(step[1:], _UNKNOWN)
        else:
            return _UNKNOWN  # a Solidity struct's field: the IR keeps no field types (a push says it is an array)
        if t == _UNKNOWN:
            return t
    return t


def is_array(t: str) -> bool:
    """A dynamic array (or unknown, when only the push tells)."""
    return t == _UNKNOWN or t.endswith("[]") or t.startswith("DynArray[") or t in ("bytes", "string")


def literal_value(e: Expr, scope: Scope) -> float | None:
    """A number a literal or a constant state variable holds (`100`, `1e3`, `2**10`, `10_000`)."""
    if e.kind == "ident" and (v := scope.state.get(e.name)) is not None and v.constant and v.value is not None:
        return literal_value(v.value, scope)
    if e.kind == "cast" and len(e.args) == 1:
        return literal_value(e.args[0], scope)
    if e.kind == "binary" and e.name in ("**", "*", "+", "-") and len(e.args) == 2:
        a, b = (literal_value(x, scope) for x in e.args)
        if a is None or b is None:
            return None
        return {"**": a**b if b < 400 else float("inf"), "*": a * b, "+": a + b, "-": a - b}[e.name]
    if e.kind == "literal":
        try:
            return float(e.name.replace("_", ""))
        except ValueError:
            return None
    return None


def capacity(t: str, scope: Scope) -> float | None:
    """A Vyper `DynArray[T, N]`'s N (a number, `2**32`, or a constant); unbounded (inf) for any other
    array; None when N is a name the scanner cannot evaluate."""
    if not (t.startswith("DynArray[") and t.endswith("]")):
        return float("inf")
    parts = _split_top(t[len("DynArray[") : -1], ",")
    text = parts[-1].replace(" ", "").replace("_", "") if len(parts) == 2 else ""
    if (m := re.fullmatch(r"(\d+)(?:\*\*(\d+))?", text)) is not None:
        return float(int(m.group(1)) ** int(m.group(2) or 1))
    var = scope.state.get(parts[-1].strip()) if len(parts) == 2 else None
    return literal_value(var.value, scope) if var is not None and var.constant and var.value is not None else None


def element_width(t: str, language: str) -> int:
    """Bytes one element of array type `t` takes in storage; 32 when unknown. Solidity packs elements
    narrower than 16 bytes into one slot (`uint8[]`: 32 a slot); Vyper gives each element its own slot."""
    if language == "vyper":
        return 32
    elem = _inner(t) if t != _UNKNOWN else _UNKNOWN
    if elem == "bool":
        return 1
    if elem == "address" or elem.startswith("address "):
        return 20
    m = re.fullmatch(r"(?:u?int|bytes)(\d+)", elem)
    if m is not None:
        n = int(m.group(1))
        return n // 8 if elem[0] in "ui" else n
    return 32
