"""Operations on nothing but the caller's own free choice.

Before Solidity 0.8, `uint value = v * 10 ** decimals` wraps for a large `v`; but when `v` and `decimals`
are parameters the function reads nowhere else, the wrapped number is just another value the caller could
have passed directly: the wrap gives no power the caller did not already have. The danger of an overflow
is a broken relation between a checked value and a used one (`amount = n * v; require(balance >= amount);`
then `v` credited `n` times); that needs a parameter used outside the operation, or state, or
`msg.value`, and then the operation stays reported. Such an operation is a low-confidence note.

So is a deadline stored as the block time plus a span the caller picks freely (`timeout = now + span`):
a huge span wraps it into the past, which `span = 0` gives without any wrap, when the span is a public
function's own parameter that no condition of it bounds (no `require(span >= MIN)`, no modifier argument),
or a stored span that every write anywhere in the contract sets to such a parameter (`c.confirmTime =
_confirmTime`). A compound `t += span` stays reported: it lowers a time someone else set (the classic
time-lock), and so does a bounded span, whose minimum the wrap would skip.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function, Stmt
from ._arith import conditions
from ._bounds import const_value
from ._harmless import block_time, in_storage, names_key, struct_type, time_key

__all__ = ["free_choice"]


def _leaves(e: Expr) -> list[Expr]:
    if e.kind in ("ident", "literal", "member", "index", "call"):
        return [e]
    if e.kind in ("binary", "unary", "cast") and e.args:
        return [y for a in e.args for y in _leaves(a)]
    return [e]


def free_choice(x: Expr, e: Expr, s: Stmt, f: Function, scope: Scope) -> bool:
    """`x` is a public function's `+ - *` on its own parameters and constants only, and those parameters
    appear nowhere else in the function (its body and its modifier arguments); or `x` is a deadline of the
    block time plus a freely picked span, stored by a plain `=` (statement `s`, expression `e`)."""
    if past_deadline(x, e, s, f, scope):
        return True
    if not f.is_public or x.kind != "binary":
        return False
    params = {p.name for p in f.params if p.name}
    used: set[str] = set()
    for leaf in _leaves(x):
        if leaf.kind == "ident" and leaf.name in params and leaf.name not in scope.state:
            used.add(leaf.name)
        elif const_value(leaf, scope) is None:
            return False  # state, msg.value, a call, an index: not the caller's bare choice
    if not used:
        return False
    inside = {id(y) for y in x.walk()}
    roots = [e for s in f.statements() for e in s.exprs] + list(f.modifiers)
    return not any(y.kind == "ident" and y.name in used and id(y) not in inside for e in roots for y in e.walk())


def past_deadline(x: Expr, e: Expr, s: Stmt, f: Function, scope: Scope) -> bool:
    """`now + span` (`block.timestamp + span`) assigned by a plain `=`, `span` free (see the module)."""
    if x.kind != "binary" or x.name != "+" or len(x.args) != 2:
        return False
    a, b = x.args if block_time(x.args[0]) else x.args[::-1]
    plain = e.kind == "assign" and e.name == "=" and len(e.args) == 2 and e.args[1] is x
    if not block_time(a) or not (plain or s.kind == "var" and e is x):
        return False
    if b.kind == "ident" and b.name not in scope.state:
        return _free_param(b.name, f)
    key = time_key(b, scope)
    if key is None or key[0] == "field" and not in_storage(b, scope):
        return False
    if key[0] == "state" and scope.state[key[1]].value is not None:
        return False
    funcs = [*(g for gs in scope.functions.values() for g in gs), *scope.modifiers.values()]
    if key[0] == "field" and any(struct_type(p.type, scope) for g in funcs for p in g.params):
        return False
    written = False
    for g in funcs:
        locals_ = scope.local_types(g)
        for y in (y for t in g.statements() for ex in t.exprs for y in ex.walk()):
            if y.kind == "assign" and names_key(y.args[0], key, scope):
                rhs = y.args[1]
                if y.name != "=" or rhs.kind != "ident" or not _free_param(rhs.name, g):
                    return False
                written = True
            elif y.kind == "unary" and y.name != "delete" and y.args and names_key(y.args[0], key, scope):
                return False
            elif key[0] == "field" and _fills_struct(y, scope, locals_):
                return False
    return written


def _free_param(name: str, f: Function) -> bool:
    """`name` is a public function's parameter that it never reassigns and no condition or modifier
    argument of it reads: nothing bounds what the caller passes."""
    if not f.is_public or name not in {p.name for p in f.params}:
        return False
    checked = [c for t in f.statements() for c in conditions(t)] + list(f.modifiers)
    if any(y.kind == "ident" and y.name == name for c in checked for y in c.walk()):
        return False
    return not any(
        y.kind in ("assign", "unary") and y.args and y.args[0].kind == "ident" and y.args[0].name == name
        for t in f.statements()
        for ex in t.exprs
        for y in ex.walk()
    )


def _fills_struct(y: Expr, scope: Scope, locals_: dict[str, str]) -> bool:
    """A struct literal, or a whole struct copied into storage: it may fill the field with anything."""
    if y.kind == "call" and y.callee.kind == "ident" and y.callee.name in scope.structs and (y.arguments or y.options):
        return True
    local = y.kind == "assign" and y.args[0].kind == "ident" and y.args[0].name in locals_
    return y.kind == "assign" and not local and struct_type(scope.type_of(y.args[0], locals_), scope)
