"""Which side of an either-or check holds, for the growth caps of `unbounded-loop` (_growth.py).

`if (!(stake == 0 || current > 0 || ids.length < MAX)) return false;` leaves one of three facts true.
Further down, on the branch where `stake == 0` is false and `current == 0` holds, the first two are
refuted, so the third holds there: `ids.length < MAX` caps the `ids.push(..)` that branch makes. A side
is refuted by a fact that holds at the same point and compares the same two operands in a way no
ordering satisfies together with it (`x == 0` against `x > 0`, `a < b` against `a >= b`)."""

from __future__ import annotations

from ..ir import Expr, render

__all__ = ["settled_disjuncts"]

_ORDERS = {"==": {"eq"}, "!=": {"lt", "gt"}, "<": {"lt"}, "<=": {"lt", "eq"}, ">": {"gt"}, ">=": {"gt", "eq"}}
_NEGATE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

Fact = tuple[Expr, bool]


def _unwrap(e: Expr, holds: bool) -> Fact:
    while e.kind == "unary" and e.name in ("!", "not") and e.args:
        e, holds = e.args[0], not holds
    return e, holds


def _sides(e: Expr, holds: bool) -> list[Fact]:
    """The facts one of which holds when `e` has truth value `holds` (one fact when `e` is no
    disjunction there)."""
    e, holds = _unwrap(e, holds)
    if e.kind == "binary" and len(e.args) == 2 and e.name in (("||", "or") if holds else ("&&", "and")):
        return [x for a in e.args for x in _sides(a, holds)]
    return [(e, holds)]


def _key(e: Expr) -> str:
    text = render(e)
    return text[1:-1] if e.paren else text


def _relation(fact: Fact) -> tuple[str, str, set[str]] | None:
    e, holds = _unwrap(*fact)
    if e.kind != "binary" or len(e.args) != 2 or e.name not in _ORDERS:
        return None
    op = e.name if holds else _NEGATE[e.name]
    left, right = _key(e.args[0]), _key(e.args[1])
    if left > right:
        left, right, op = right, left, _FLIP[op]
    return left, right, _ORDERS[op]


def _refutes(fact: Fact, side: Fact) -> bool:
    a, b = _relation(fact), _relation(side)
    return a is not None and b is not None and a[:2] == b[:2] and not a[2] & b[2]


def settled_disjuncts(guards: tuple[Fact, ...]) -> tuple[Fact, ...]:
    """The sides of the either-or facts in `guards` that must hold because every other side is
    refuted by another fact in `guards`."""
    out: list[Fact] = []
    for i, (cond, holds) in enumerate(guards):
        sides = _sides(cond, holds)
        if len(sides) < 2:
            continue
        others = [g for j, g in enumerate(guards) if j != i]
        open_ = [s for s in sides if not any(_refutes(g, s) for g in others)]
        if len(open_) == 1:
            out.append(open_[0])
    return tuple(out)
