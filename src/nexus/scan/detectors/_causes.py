"""One finding per root cause for the integer-overflow detector: the caller-chosen amounts an operation
works on, and the merge of a function's operations on the same ones (split from arithmetic.py)."""

from __future__ import annotations

from ..findings import ScanFinding, confidence_rank, severity_rank
from ..ir import Expr, Function
from ..taint import Provenance

__all__ = ["caller_amounts", "one_cause"]


def caller_amounts(x: Expr, f: Function, prov: Provenance, locals_: dict[str, str]) -> frozenset[str]:
    """The caller-chosen values an operation works on: the function's arguments, `msg.value`, and locals
    computed from caller input. Operations of one function on the same ones share one root cause (the
    amount nobody bounded), whichever variable they update."""
    params = {p.name for p in f.params}
    out = set()
    todo = [x]
    while todo:
        y = todo.pop()
        if y.is_member("msg", "value"):
            out.add("msg.value")
        elif y.kind == "ident" and (y.name in params or y.name in locals_ and prov.origins(y, f)):
            out.add(y.name)
        # a mapping key (`bal[to]`) picks the account, it is not the amount
        todo += y.args[:1] if y.kind == "index" else [*y.args, *y.options.values()]
    return frozenset(out)


def one_cause(group: list[ScanFinding]) -> ScanFinding:
    """The first operation on an unbounded amount, the later ones as its related lines."""
    first = group[0]
    first.severity = max((g.severity for g in group), key=severity_rank)
    first.confidence = max((g.confidence for g in group), key=confidence_rank)
    first.related = [g.line for g in group[1:]]
    if first.related:
        first.message += f" (and {len(first.related)} more operation(s) on the same unbounded amount)"
    return first
