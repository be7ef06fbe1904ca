"""Two bounds a loop proves: the last index of the range it walks, and a sum of array lengths.

* `for (i = 0; i < n; i++) { last = i == n - 1; }`: inside the body `n > i >= 0` holds (an unsigned `i`;
  a signed `n` is above `i` and so above its minimum), so `n - 1` cannot go below zero. The bound must
  be a conjunct of the condition of a loop that encloses the operation (not of an `if`, whose `else`
  sees the opposite, nor of a `do { } while`, whose body runs before the test), and nothing in that
  loop may write the bound's name (`n = ..`, `n--`, a `pop()` on the array whose `.length` it is).
  `n - 2`, or `n - 1` under an `if (i < n)` with an `else`, stay.
* `unchecked { total += res.items.length; }` where every write of the local `total` is a literal or
  such a `+= <array>.length`: from Solidity 0.8 the ABI decoder checks that a calldata array fits in the
  calldata, and a memory or storage array's length is paid for in gas (memory) or could only be grown
  by pushes, so each term is below `2**64` and `2**192` of them are out of reach. Before 0.8 (a calldata
  length the legacy decoder did not check, a storage `arr.length = x` before 0.6) it stays reported, as
  does a sum with any other term (`total += amount`) or an accumulator narrower than 128 bits.
"""

from __future__ import annotations

from ..ir import Expr, Function, Stmt
from ._arith import norm

__all__ = ["length_sum", "loop_bounds", "under_loop_bound"]


def loop_bounds(f: Function) -> dict[int, tuple[Stmt, ...]]:
    """For each statement of `f` (by id), the loops that enclose it, outermost first."""
    out: dict[int, tuple[Stmt, ...]] = {}

    def walk(stmts: list[Stmt], loops: tuple[Stmt, ...]) -> None:
        for s in stmts:
            out[id(s)] = loops
            inner = (*loops, s) if s.kind == "loop" and s.location != "do" else loops  # a do-body runs first
            walk(s.init, loops)
            walk([*s.body, *s.orelse], inner)

    walk(f.body or [], ())
    return out


def _conjuncts(c: Expr) -> list[Expr]:
    if c.kind == "binary" and c.name == "&&":
        return _conjuncts(c.args[0]) + _conjuncts(c.args[1])
    return [c]


def _writes(loop: Stmt, name: str) -> bool:
    """Anything in the loop (its updates, its body) that may change `name` or pop the array it names."""
    for t in loop.walk():
        for e in t.exprs:
            for y in e.walk():
                target = y.args[0] if y.kind in ("assign", "unary") and y.args else None
                if target is not None and (y.kind == "assign" or y.name in ("++", "--", "x++", "x--", "delete")):
                    if norm(target) == name or name.startswith(norm(target) + "."):
                        return True
                if y.kind == "call" and y.args[0].kind == "member" and y.args[0].name == "pop":
                    if name.startswith(norm(y.args[0].args[0]) + "."):
                        return True
        if t.kind == "var" and name in t.names:
            return True
    return False


def under_loop_bound(sym: str, a: Expr, b: Expr, loops: tuple[Stmt, ...]) -> bool:
    """`n - 1` inside a loop whose condition requires `i < n` (or `n > i`), with `n` unchanged in it."""
    if sym != "-" or norm(b) != "1":
        return False
    na = norm(a)
    for loop in loops:
        if not loop.exprs:
            continue
        for c in _conjuncts(loop.exprs[0]):
            if c.kind == "binary" and (
                c.name == "<" and norm(c.args[1]) == na or c.name == ">" and norm(c.args[0]) == na
            ):
                if not _writes(loop, na):
                    return True
    return False


def _wide(t: str) -> bool:
    if t in ("uint", "int"):
        return True
    digits = t.removeprefix("u").removeprefix("int")
    return digits.isdigit() and int(digits) >= 128


def length_sum(x: Expr, f: Function, locals_: dict[str, str]) -> bool:
    """`total += arr.length` on a local (of 128 bits or more) that only ever holds a sum of lengths."""
    if x.kind != "assign" or x.name != "+=" or x.args[0].kind != "ident" or x.args[1].kind != "member":
        return False
    name = x.args[0].name
    if x.args[1].name != "length" or not _wide(locals_.get(name, "")):
        return False
    for s in f.statements():
        if s.kind == "var" and name in s.names:
            if len(s.names) != 1 or s.exprs and s.exprs[0].kind != "literal":
                return False
        for e in s.exprs:
            for y in e.walk():
                if y.kind in ("assign", "unary") and y.args and y.args[0].kind == "ident" and y.args[0].name == name:
                    if y.kind == "assign" and y.name == "=" and y.args[1].kind == "literal":
                        continue  # `total = 0;`
                    if not (y.kind == "assign" and y.name == "+=" and y.args[1].kind == "member"):
                        return False
                    if y.args[1].name != "length":
                        return False
    return True
