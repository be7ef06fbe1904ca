"""Expression helpers of the pre-0.8 arithmetic detectors: the operations that can wrap and operands that
cannot, operand comparison, the conditions a statement checks, and the `unchecked { }` statements of a function."""

from __future__ import annotations

import re

from ..flow import Scope, root_name
from ..ir import Expr, Function, SourceUnit, Stmt, render

__all__ = [
    "conjuncts",
    "debits",
    "CMP",
    "OPS",
    "benign_operands",
    "operation",
    "admits_checked",
    "assigned_to",
    "caller_input",
    "conditions",
    "conserved",
    "contains",
    "covers",
    "is_block",
    "is_const",
    "logged_only",
    "nonzero_check",
    "norm",
    "pushed_length",
    "reported_only",
    "ternary_conditions",
    "unchecked_ids",
]

CMP = {">", ">=", "<", "<="}
OPS = {"+": "overflow", "-": "underflow", "*": "overflow", "**": "overflow"}  # what each operator can do
_NON_INT = ("string", "bytes", "address", "bool")
_BLOCK = {"timestamp", "number"}


def norm(e: Expr) -> str:
    text = render(e)
    return text[1:-1] if e.paren else text  # `(a - b)` and `a - b` are the same value


def contains(e: Expr, needle: str) -> bool:
    return any(norm(x) == needle for x in e.walk())


def is_const(e: Expr, scope: Scope) -> bool:
    if e.kind == "literal":
        return True
    if e.kind == "ident":
        sv = scope.state.get(e.name)
        return sv is not None and sv.constant
    if e.kind in ("binary", "cast", "unary"):
        return all(is_const(a, scope) for a in e.args)
    return False


def is_block(e: Expr) -> bool:
    return (e.kind == "ident" and e.name == "now") or (
        e.kind == "member" and e.name in _BLOCK and e.args[0].kind == "ident" and e.args[0].name == "block"
    )


def covers(cond: Expr, a: str, b: str, result: str) -> bool:
    """A comparison with the operands on opposite sides (`a >= b`), a sum re-check (`a + b >= a`), or
    one that re-checks the stored result against an operand (`c = a + b; assert(c >= a)`)."""
    for x in cond.walk():
        if x.kind != "binary" or x.name not in CMP | {"==", "!="}:
            continue
        left, right = x.args
        la, lb, ra, rb = contains(left, a), contains(left, b), contains(right, a), contains(right, b)
        if (la and rb and not lb and not ra) or (lb and ra and not la and not rb):
            return True
        if (la and lb and (ra or rb)) or (ra and rb and (la or lb)):
            return True
        if result and (contains(left, result) or contains(right, result)) and (la or lb or ra or rb):
            return True
    return False


def assigned_to(e: Expr, x: Expr) -> str:
    """`v = a + b` (an expression statement): `v`, the name that holds the result of `x`, so a later
    `if (v < a)` reads as the wrap check it is; "" where `x` is not the whole right-hand side."""
    if e.kind != "assign" or e.name != "=" or len(e.args) != 2 or e.args[1] is not x:
        return ""
    return e.args[0].name if e.args[0].kind == "ident" else ""


def unchecked_ids(f: Function) -> set[int]:
    """Ids of the statements inside `unchecked { }` blocks of `f` (Solidity >= 0.8 wraps silently there)."""
    return {
        id(x)
        for s in f.statements()
        if s.kind == "block" and s.location == "unchecked"
        for b in s.body
        for x in b.walk()
    }


def ternary_conditions(e: Expr) -> dict[int, tuple[Expr, ...]]:
    """For every node inside a branch of `c ? a : b`: the conditions of the ternaries it sits in."""
    out: dict[int, tuple[Expr, ...]] = {}

    def visit(x: Expr, conds: tuple[Expr, ...]) -> None:
        out[id(x)] = conds
        if x.kind == "ternary":
            visit(x.args[0], conds)
            for branch in x.args[1:]:
                visit(branch, (*conds, x.args[0]))
            return
        for a in (*x.args, *x.options.values()):
            visit(a, conds)

    visit(e, ())
    return out


def nonzero_check(cond: Expr, a: str, b: str) -> bool:
    """`x - 1` under `x == 0 ? .. : ..`, `x > 0`, `x != 0`."""
    return b == "1" and any(
        y.kind == "binary" and y.name in ("==", "!=", ">", "<") and {norm(y.args[0]), norm(y.args[1])} == {a, "0"}
        for y in cond.walk()
    )


def conserved(f: Function, unchecked: set[int], amount: str) -> bool:
    """Inside `unchecked`, an amount that the same function also puts through checked + or - (or compares
    in a condition) moves value between accounts whose total is checked: `total += v` checked, then
    `unchecked { balance[to] += v; }` cannot wrap while the total does not."""
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if id(s) not in unchecked and (
                    x.kind == "binary" and x.name in ("+", "-") or x.kind == "assign" and x.name in ("+=", "-=")
                ):
                    if any(norm(arg) == amount for arg in x.args):
                        return True
        if any(contains(c, amount) and c.kind == "binary" and c.name in CMP for c in conditions(s)):
            return True
    return False


def caller_input(e: Expr, inputs: set[str]) -> bool:
    """What a caller chooses: arguments of public functions, msg.value and msg.data."""
    return (e.kind == "ident" and e.name in inputs) or e.is_member("msg", "value") or e.is_member("msg", "data")


def conditions(s: Stmt) -> list[Expr]:
    out = [s.exprs[0]] if s.kind in ("if", "loop") and s.exprs else []
    for e in s.exprs:
        for x in e.walk():
            if x.kind == "call" and x.callee.kind == "ident" and x.callee.name in ("require", "assert") and x.arguments:
                out.append(x.arguments[0])
    return out


def _reports(s: Stmt, scope: Scope, contracts: set[str]) -> bool:
    """`emit E(..)`, or before 0.5 a bare `E(..);` naming no function, modifier or contract: an event."""
    if s.kind == "emit":
        return True
    if s.kind != "expr" or not s.exprs or s.exprs[0].kind != "call" or s.exprs[0].callee.kind != "ident":
        return False
    name = s.exprs[0].callee.name
    return name[:1].isupper() and name not in scope.functions and name not in scope.modifiers and name not in contracts


def reported_only(s: Stmt, f: Function, scope: Scope, contracts: set[str]) -> bool:
    """Statement `s` only feeds events: it is one, or it declares locals that only events read."""
    if _reports(s, scope, contracts):
        return True
    if s.kind != "var" or not s.names:
        return False
    names = set(s.names)
    uses = [
        t
        for t in f.statements()
        if t is not s and any(x.kind == "ident" and x.name in names for e in t.exprs for x in e.walk())
    ]
    return bool(uses) and all(_reports(t, scope, contracts) for t in uses)


def logged_only(x: Expr, e: Expr, s: Stmt, f: Function, scope: Scope, contracts: set[str]) -> bool:
    """`x` (an operation in expression `e` of statement `s`) only feeds events (`reported_only`) and sits
    in no call but the event's own: a wrapped value there misreports a log and changes no state (a low
    note). An operation handed to another call on the way (`emit E(pull(a - b))`) may change state."""
    if not reported_only(s, f, scope, contracts):
        return False
    own = e if s.kind != "var" else None  # the event call itself
    return not any(y.kind == "call" and y is not own and any(z is x for z in y.walk()) for y in e.walk())


def pushed_length(a: Expr, b: Expr) -> bool:
    """`list.push(x) - 1`: push returns the new length, at least 1."""
    return (
        a.kind == "call"
        and a.callee.kind == "member"
        and a.callee.name == "push"
        and b.kind == "literal"
        and b.name == "1"
    )


_PRAGMA = re.compile(r"^\s*pragma\s+solidity\s+([^;]+);")
_TERM = re.compile(r"(\^|~|>=|<=|>|<|=)?\s*v?(\d+)\.(\d+)(?:\.(\d+|[xX*]))?")


def _meets(op: str, want: tuple[int, int, int], v: tuple[int, int, int]) -> bool:
    if op in ("^", "~"):  # `^0.7.0`: 0.7.x from 0.7.0 on (below 1.0, a caret keeps the minor)
        return want <= v < (want[0], want[1] + 1, 0)
    return {
        ">=": v >= want,
        ">": v > want,
        "<=": v <= want,
        "<": v < want,
        "": v == want or (want[2] == 0 and v[:2] == want[:2]),
        "=": v == want,
    }[op]


def admits_checked(unit: SourceUnit) -> bool:
    """Whether the file's `pragma solidity` also admits a 0.8 compiler (`>=0.7.0 <0.9.0`, `>=0.5.0`):
    the finding then holds for a build below 0.8 only (from 0.8 the operation reverts instead)."""
    ranges = [m[1] for line in unit.lines if (m := _PRAGMA.match(line))]
    probes = [(0, 8, p) for p in range(31)]
    for text in ranges:
        alternatives = [
            [
                (t[0] or "", (int(t[1]), int(t[2]), int(t[3]) if (t[3] or "").isdigit() else 0))
                for t in _TERM.findall(alt)
            ]
            for alt in text.split("||")
        ]
        if not any(terms and all(_meets(op, want, v) for op, want in terms) for terms in alternatives for v in probes):
            return False
    return bool(ranges)


def operation(x: Expr) -> tuple[str, Expr, Expr] | None:
    """An arithmetic operation that can wrap (`a + b`, `a -= b`, ...): (operator, left, right); else None."""
    if x.kind == "binary" and x.name in OPS:
        return x.name, x.args[0], x.args[1]
    if x.kind == "assign" and x.name[:-1] in OPS and x.name.endswith("="):
        return x.name[:-1], x.args[0], x.args[1]
    return None


def benign_operands(a: Expr, b: Expr, scope: Scope, locals_: dict[str, str]) -> bool:
    """Operands that cannot wrap: two constants, block time or number with a constant, or non-integers."""
    if is_const(a, scope) and is_const(b, scope):
        return True
    if (is_block(a) and is_const(b, scope)) or (is_block(b) and is_const(a, scope)):
        return True
    ta, tb = scope.type_of(a, locals_), scope.type_of(b, locals_)
    return any(t.startswith(_NON_INT) for t in (ta, tb) if t)


def debits(body: list[Stmt], scope: Scope) -> list[tuple[Expr, Expr]]:
    """(record, amount) of every `record -= amount` on state in `body`, nested statements included."""
    return [
        (x.args[0], x.args[1])
        for top in body
        for s in top.walk()
        for e in s.exprs
        for x in e.walk()
        if x.kind == "assign" and x.name == "-=" and root_name(x.args[0]) in scope.state
    ]


def conjuncts(c: Expr) -> list[Expr]:
    """`a && b` -> [a, b] (each must hold for the branch to run)."""
    if c.kind == "binary" and c.name == "&&":
        return [y for a in c.args for y in conjuncts(a)]
    return [c]
