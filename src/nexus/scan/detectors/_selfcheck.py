"""Overflow checks under other names: the wrap test itself, and a checked call before the operation.

Every codebase of the pre-0.8 era carried its own safe-math helpers, and not all of them are called
`add`/`sub`/`mul` on OpenZeppelin's SafeMath. Two shapes recur, whatever the names:

* the test expression itself: `return a + b >= a;` (a `safeToAdd`), `b == 0 || a * b / b == a` (a
  `safeToMul`), `a - b <= a`. The sum may wrap, and detecting that wrap is the whole point: the
  comparison's outcome is the fact "it wrapped", never a wrong amount;
* a predicate called in a check before the operation: `require(safeToAdd(a, b)); return a + b;`, or
  `if (!balances[from].safeToSub(value)) return false; balances[from] -= value;` (a library bound by
  `using .. for`). The predicate's single `return` expression, with its parameters replaced by the
  call's arguments, is the check the caller wrote; it covers the operation exactly when a written
  `require(a + b >= a)` would.

A predicate with more than one statement, one called with other operands, or one called in a branch
that does not dominate the operation covers nothing.
"""

from __future__ import annotations

from dataclasses import replace

from ..flow import Scope
from ..ir import Expr, Function, Stmt
from ._arith import CMP, norm

__all__ = ["inlined_checks", "wrap_test"]

_EQ = {"==", "!="}


def _parent(root: Expr, node: Expr) -> Expr | None:
    for y in root.walk():
        if any(a is node for a in (*y.args, *y.options.values())):
            return y
    return None


def _other(cmp: Expr, side: Expr) -> Expr:
    return cmp.args[1] if cmp.args[0] is side else cmp.args[0]


def wrap_test(x: Expr, sym: str, root: Expr) -> bool:
    """`x` (a binary `+`, `-` or `*` in `root`) is only compared to the very operand it may wrap past:
    `a + b >= a`, `a - b <= a`, `a * b / b == a`."""
    if x.kind != "binary" or len(x.args) != 2:
        return False
    operands = {norm(x.args[0]), norm(x.args[1])}
    up = _parent(root, x)
    if up is None or up.kind != "binary" or len(up.args) != 2:
        return False
    if sym in ("+", "-") and up.name in CMP:
        other = norm(_other(up, x))
        return other == norm(x.args[0]) or sym == "+" and other in operands
    if sym == "*" and up.name == "/" and up.args[0] is x and norm(up.args[1]) in operands:
        top = _parent(root, up)
        if top is None or top.kind != "binary" or top.name not in _EQ or len(top.args) != 2:
            return False
        divisor = norm(up.args[1])
        rest = operands - {divisor} or {divisor}  # `a * a / a == a`
        return norm(_other(top, up)) in rest
    return False


def _literal(s: Stmt, value: str) -> bool:
    return s.kind == "return" and len(s.exprs) == 1 and s.exprs[0].kind == "literal" and s.exprs[0].name == value


def _returned(g: Function) -> Expr | None:
    """What a `true` result of predicate `g` tells its caller: its single `return` expression, or the one
    condition of `if (c) return true; return false;` (any setup before it written out in `c`: a local
    alias `S storage r = m[k];` by its initializer)."""
    body = g.body or []
    while len(body) == 1 and body[0].kind == "block":  # `unchecked { return a + b >= a; }`
        body = body[0].body
    if len(body) == 1 and body[0].kind == "return" and len(body[0].exprs) == 1:
        return body[0].exprs[0]
    if len(body) < 2 or not _literal(body[-1], "false"):
        return None
    last = body[-2]
    if last.kind != "if" or last.orelse or len(last.body) != 1 or not _literal(last.body[0], "true"):
        return None
    if sum(1 for s in g.statements() if s.kind == "return") != 2:
        return None
    aliases: dict[str, Expr] = {}
    for s in body[:-2]:
        if s.kind == "var" and len(s.names) == 1 and len(s.exprs) == 1:
            aliases[s.names[0]] = s.exprs[0]
    written = {
        x.args[0].name
        for s in g.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind == "assign" and x.args[0].kind == "ident"
    }
    if written & set(aliases):
        return None
    return _substitute(last.exprs[0], aliases)


def _library_functions(scope: Scope, name: str) -> list[Function]:
    out: list[Function] = []
    for lib in sorted(scope.libraries):
        c = scope.unit.contract_of(lib)
        if c is not None:
            out.extend(g for g in c.functions if g.name == name)
    return out


def _targets(call: Expr, scope: Scope) -> list[tuple[Function, list[Expr]]]:
    """The predicates a call may run, each with the arguments its parameters receive."""
    callee, args = call.callee, call.arguments
    if callee.kind == "ident":
        found = [*scope.functions.get(callee.name, []), *_library_functions(scope, callee.name)]
        return [(g, args) for g in found]
    if callee.kind != "member" or not callee.args:
        return []
    obj = callee.args[0]
    if obj.kind == "ident" and obj.name in scope.libraries:
        lib = scope.unit.contract_of(obj.name)
        return [(g, args) for g in (lib.functions if lib else []) if g.name == callee.name]
    if obj.kind == "ident" and obj.name == "this":
        return [(g, args) for g in scope.functions.get(callee.name, [])]
    return [(g, [obj, *args]) for g in _library_functions(scope, callee.name)]  # `using L for T`


def _substitute(e: Expr, names: dict[str, Expr]) -> Expr:
    if e.kind == "ident" and e.name in names:
        return names[e.name]
    return replace(
        e,
        args=[_substitute(a, names) for a in e.args],
        options={k: _substitute(v, names) for k, v in e.options.items()},
    )


def inlined_checks(guards: tuple[Expr, ...], scope: Scope) -> list[Expr]:
    """The single-`return` predicates the guards call (`safeToAdd(a, b)`, `x.safeToSub(v)`), each
    written out with the call's arguments in place of its parameters."""
    out: list[Expr] = []
    for g in guards:
        for y in g.walk():
            if y.kind != "call":
                continue
            for target, args in _targets(y, scope):
                body = _returned(target)
                params = [p.name for p in target.params]
                if body is None or len(params) != len(args) or not all(params):
                    continue
                out.append(_substitute(body, dict(zip(params, args, strict=True))))
    return out
