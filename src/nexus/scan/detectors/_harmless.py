"""Wraps that change nothing: where an unchecked `-` would end up decides whether wrapping matters.

An operation that wraps is only a bug when the wrapped number is used as if it were the true one. Three
places make the wrapped number harmless, whatever the operands:

* the key of a bounds-checked array: `amounts[amounts.length - 1]` on an empty array wraps to
  `2**256 - 1`, and the index access reverts (an out-of-range index throws in every Solidity version)
  instead of reading a wrong element. A mapping has no bounds: `m[k - 1]` stays reported, and so do a
  stored length moved by `arr.length -= 1` or `arr.length--` (the length itself wraps);
* one side of a comparison with zero by `==` or `!=`: `a - b != 0` holds exactly when `a != b`, modulo
  `2**256` as much as in the integers, so the wrap cannot change the outcome (a sum has no such law:
  `a + b == 0` is true for `a = 2**256 - b` only when it wraps); likewise `a - k == y % m` of a `uintN`
  `a` with a constant `m <= 2**N - k`: the wrapped difference lies above every remainder;
* the block time minus a stored time that every write sets to the block time (`last = block.timestamp`,
  `o.timestamp = now`): time does not run backwards, so the stored value is never above the current
  one. A stored time any write sets from anything else (an argument, a tuple, arithmetic, a struct
  literal that may fill it) stays reported.
"""

from __future__ import annotations

import re

from ..flow import Scope
from ..ir import Expr
from ._arith import is_block, norm
from ._arrays import literal_value
from ._trusted import receiver_type

__all__ = [
    "block_time",
    "harmless_wrap",
    "in_storage",
    "monotonic_time",
    "names_key",
    "negated_magnitude",
    "signed_difference",
    "struct_type",
    "time_key",
]

_FIXED_BYTES = re.compile(r"^bytes([1-9]|[12][0-9]|3[0-2])$")


def _parent(root: Expr, node: Expr) -> Expr | None:
    for y in root.walk():
        if any(a is node for a in (*y.args, *y.options.values())):
            return y
    return None


def _bounds_checked(base: Expr, scope: Scope, locals_: dict[str, str]) -> bool:
    """An array (`T[]`, `T[N]`), `bytes` or `bytesN`: indexing past the end reverts."""
    t = scope.type_of(base, locals_).strip()
    if not t or t.startswith("mapping"):
        return False
    for loc in (" memory", " storage", " calldata"):
        t = t.removesuffix(loc)
    return t.endswith("]") or t == "bytes" or bool(_FIXED_BYTES.match(t))


def _own_length(base: Expr, x: Expr) -> bool:
    """`b[b.length - k]`: whatever `b` is (a struct's field of unknown type), it has a `.length` and an
    index, so it is an array or `bytes` (a mapping has no length), and an index past its end reverts."""
    length = x.args[0]
    return length.kind == "member" and length.name == "length" and norm(length.args[0]) == norm(base)


def _zero(e: Expr) -> bool:
    return e.kind == "literal" and e.name.strip() in ("0", "0x0", "0x00")


def harmless_wrap(x: Expr, sym: str, root: Expr, scope: Scope, locals_: dict[str, str]) -> bool:
    """`x` (a binary `-` inside expression `root`) is an array index or is compared `== 0` / `!= 0`, or is
    the length of a new memory array (`new uint[](to - from)`: a wrapped length asks for more memory than
    any block's gas buys, so the call reverts); or `x` is the magnitude `uintN(v * -1)` of an `intN` `v`."""
    if sym == "*":
        return negated_magnitude(x, sym, root, scope, locals_)
    if sym != "-" or x.kind != "binary":
        return False
    up = _parent(root, x)
    if up is None:
        return False
    if up.kind == "index" and len(up.args) == 2 and up.args[1] is x:
        return _bounds_checked(up.args[0], scope, locals_) or _own_length(up.args[0], x)
    if up.kind == "cast":
        return signed_difference(x, up, scope, locals_)
    if up.kind == "call" and up.callee.kind == "new" and len(up.args) == 2 and up.args[1] is x:
        return up.callee.name.endswith("]") or up.callee.name in ("bytes", "string")
    if up.kind == "binary" and up.name in ("==", "!=") and len(up.args) == 2:
        other = up.args[1] if up.args[0] is x else up.args[0]
        return _zero(other) or _below_wrap(x, other, scope, locals_)
    return False


def _below_wrap(x: Expr, other: Expr, scope: Scope, locals_: dict[str, str]) -> bool:
    """`a - k == y % m` with `a` a `uintN`: when it wraps (`a < k`) `a - k` is at least `2**N - k`, while
    `y % m` is below `m`; for `m <= 2**N - k` the two sides are equal only when nothing wrapped."""
    k, m = literal_value(x.args[1], scope), None
    if other.kind == "binary" and other.name == "%" and len(other.args) == 2:
        m = literal_value(other.args[1], scope)
    width = _UNSIGNED.match(receiver_type(scope, x.args[0], locals_).split(" ")[0])
    if k is None or m is None or width is None or k < 0 or m <= 0:
        return False
    return m <= 2 ** int(width.group(1) or "256") - k


_SIGNED = re.compile(r"^int(\d*)$")
_UNSIGNED = re.compile(r"^uint(\d*)$")


def signed_difference(x: Expr, cast: Expr, scope: Scope, locals_: dict[str, str]) -> bool:
    """`int256(a - b)` of two `uint256` (or untyped) operands: two's complement makes the wrapped
    difference the signed one, `-(b - a)`, whenever both are below 2**255; the cast is the idiom for
    it (`atleastZero(int(a - b))`). A cast to another width, or a signed operand, stays."""
    if cast.name.strip() not in ("int", "int256"):
        return False
    for side in x.args:
        t = scope.type_of(side, locals_).strip()
        if t and t not in ("uint", "uint256"):
            return False
    return True


def _minus_one(e: Expr) -> bool:
    if e.kind == "literal":
        return e.name.strip() == "-1"
    return (
        e.kind == "unary"
        and e.name == "-"
        and len(e.args) == 1
        and e.args[0].kind == "literal"
        and e.args[0].name.strip() == "1"
    )


def negated_magnitude(x: Expr, sym: str, root: Expr, scope: Scope, locals_: dict[str, str]) -> bool:
    """`uintN(x * -1)` (or `-1 * x`) of an `intN` `x`: the cast reads even the one wrapped negation
    (`-2**(N-1)`) as the right magnitude."""
    if sym != "*" or x.kind != "binary" or len(x.args) != 2:
        return False
    a, b = x.args
    value = b if _minus_one(a) else a if _minus_one(b) else None
    up = _parent(root, x)
    if value is None or up is None or up.kind != "cast":
        return False
    signed = _SIGNED.match(scope.type_of(value, locals_).strip())
    unsigned = _UNSIGNED.match(up.name.strip())
    return bool(signed and unsigned and (signed.group(1) or "256") == (unsigned.group(1) or "256"))


def time_key(e: Expr, scope: Scope) -> tuple[str, str] | None:
    """What names a stored time: a state variable, or a struct field (any struct's field of that name)."""
    if e.kind == "ident" and e.name in scope.state and not scope.state[e.name].constant:
        return ("state", e.name)
    if e.kind == "member" and e.args and not e.args[0].is_member("msg", "sender"):
        return ("field", e.name)
    return None


def names_key(target: Expr, key: tuple[str, str], scope: Scope) -> bool:
    if target.kind == "tuple":
        return any(names_key(t, key, scope) for t in target.args)
    return time_key(target, scope) == key


def block_time(e: Expr) -> bool:
    while e.kind == "cast" and len(e.args) == 1 and e.name.strip() in ("uint", "uint256"):
        e = e.args[0]
    return is_block(e) and (e.kind == "ident" or e.name == "timestamp")


def monotonic_time(sym: str, a: Expr, b: Expr, scope: Scope) -> bool:
    """`block.timestamp - t` (or `now - t`) where every write anywhere in the contract sets `t` to the
    block time: no other value, no struct literal or whole-struct copy that could fill a field of that
    name, no struct a caller passes in."""
    if sym != "-" or not block_time(a):
        return False
    key = time_key(b, scope)
    if key is None or key[0] == "field" and not in_storage(b, scope):
        return False
    if key[0] == "state":
        init = scope.state[key[1]].value
        if init is not None and not (block_time(init) or _zero(init)):
            return False
    funcs = [*(g for fs in scope.functions.values() for g in fs), *scope.modifiers.values()]
    if key[0] == "field" and any(struct_type(p.type, scope) for g in funcs for p in g.params):
        return False
    for g in funcs:
        locals_ = scope.local_types(g)
        for s in g.statements():
            for e in s.exprs:
                for y in e.walk():
                    if not _keeps_time(y, key, scope, locals_):
                        return False
    return True


def _keeps_time(y: Expr, key: tuple[str, str], scope: Scope, locals_: dict[str, str]) -> bool:
    if y.kind == "assign" and names_key(y.args[0], key, scope):
        return y.name == "=" and y.args[0].kind != "tuple" and block_time(y.args[1])
    if y.kind == "unary" and y.name in ("++", "--", "x++", "x--", "delete") and names_key(y.args[0], key, scope):
        return y.name == "delete"  # `delete t` sets it to zero, never above the block time
    if key[0] != "field":
        return True
    if y.kind == "call" and y.callee.kind == "ident" and y.callee.name in scope.structs and (y.arguments or y.options):
        return False  # `Obs(t, p)`, `Obs({timestamp: t, ..})` may fill the field with anything
    # A whole struct copied into storage may carry any time; re-pointing a local (`o = list[i]`) copies
    # nothing into storage, and a memory struct's fields were written (and checked) field by field.
    local = y.kind == "assign" and y.args[0].kind == "ident" and y.args[0].name in locals_
    return not (y.kind == "assign" and not local and struct_type(scope.type_of(y.args[0], locals_), scope))


def in_storage(b: Expr, scope: Scope) -> bool:
    """A field read from storage: rooted at a state variable or at a local declared `S storage p`. A
    struct an external call returns, or a memory copy, may hold any time."""
    root = b
    while root.kind in ("member", "index") and root.args:
        root = root.args[0]
    if root.kind != "ident":
        return False
    if root.name in scope.state:
        return True
    fs = [g for gs in scope.functions.values() for g in gs]
    return any(s.kind == "var" and root.name in s.names and s.location == "storage" for g in fs for s in g.statements())


def struct_type(t: str, scope: Scope) -> bool:
    base = t.split()[0] if t.strip() else ""
    return base.split("[")[0] in scope.structs
