"""A payout gated by a field zeroed before the call (`reentrancy`, detectors/reentrancy.py).

`reward = p.reward; p.reward = 0; if (reward > 0) { ctrl.mint(reward, to); p.paid += periods; }`, or the
amount computed from a memory copy of the record (`amount = periods.mul(_p.reward)`) or as a product with
it: the field is zeroed at the top level of the function before the call, and both the call and the write
after it run only while a local that is zero whenever that field was zero at entry is not zero. A
re-entrant call of the same function on the same record reads the field as zero, computes zero, and skips
both the call and the write: the zeroed field is the lock (the record's "set to zero to prevent re-entrancy"
idiom), the write after the call its bookkeeping, not a stale read. A sum with the field (`x + p.reward`),
a zeroing that happens only on some paths, or a field written again before the call is no such lock. The
field put back afterwards to its entry value, read from a copy of the same record (`p.reward = _p.reward;`),
is the lock's release: a re-entrant frame put back the zero it read.
"""

from __future__ import annotations

from ..flow import Scope, root_name
from ..guards import walk_facts
from ..ir import Expr, Function
from ._bounds import text
from ._created import assigned_once, strip_casts

__all__ = ["zero_gated"]


def _zeroings(scope: Scope, f: Function, before: int) -> list[Expr]:
    """Lvalues `rec.field` of state records set to literal 0 by top-level statements above line `before`,
    and not written again before it."""
    out: list[Expr] = []
    for s in f.body or []:
        if s.line >= before:
            break
        for e in s.exprs:
            for x in e.walk():
                if x.kind != "assign" or not x.args or x.args[0].kind != "member":
                    continue
                lhs = x.args[0]
                out = [z for z in out if text(z) != text(lhs)]  # a later write replaces the zeroing
                value = strip_casts(x.args[1], scope)
                if s.kind == "expr" and x.name == "=" and value.kind == "literal" and value.name == "0":
                    out.append(lhs)
    return out


def _same_record(base: Expr, zeroed: Expr, f: Function) -> bool:
    """`base` names the record `zeroed` does: the same text, or a local copied from the same source."""
    if text(base) == text(zeroed):
        return True
    if base.kind != "ident" or zeroed.kind != "ident":
        return False
    a, b = assigned_once(f, base.name), assigned_once(f, zeroed.name)
    return a is not None and b is not None and text(a) == text(b)


def _reads_field(e: Expr, field: Expr, f: Function, scope: Scope) -> bool:
    e = strip_casts(e, scope)
    return e.kind == "member" and e.name == field.name and bool(e.args) and _same_record(e.args[0], field.args[0], f)


def _zero_with(e: Expr, field: Expr, f: Function, scope: Scope, depth: int = 0) -> bool:
    """`e` is zero whenever `field` is: the field itself, a product with it, or a local holding one."""
    e = strip_casts(e, scope)
    if depth > 4:
        return False
    if _reads_field(e, field, f, scope):
        return True
    if e.kind == "ident":
        value = assigned_once(f, e.name)
        return value is not None and _zero_with(value, field, f, scope, depth + 1)
    if e.kind == "binary" and e.name == "*" and len(e.args) == 2:
        return any(_zero_with(a, field, f, scope, depth + 1) for a in e.args)
    if e.kind == "call" and e.callee.kind == "member" and e.callee.name == "mul" and e.callee.args:
        factors = [e.callee.args[0], *e.arguments]
        return any(_zero_with(a, field, f, scope, depth + 1) for a in factors)
    return False


def _nonzero(c: Expr, truth: bool) -> Expr | None:
    """The operand a fact proves non-zero: `v > 0`, `v != 0`, `v < 0`, `0 < v`, a false `v == 0`."""
    if c.kind != "binary" or len(c.args) != 2:
        return None
    ops = {True: (">", "!=", "<"), False: ("==",)}[truth]
    if c.name not in ops:
        return None
    for p, q in (c.args, c.args[::-1]):
        if q.kind == "literal" and q.name == "0" and p.kind == "ident":
            return p
    return None


def _parts(g: Expr, holds: bool) -> list[tuple[Expr, bool]]:
    if g.kind == "binary" and g.name == ("&&" if holds else "||") and len(g.args) == 2:
        return [c for a in g.args for c in _parts(a, holds)]
    return [(g, holds)]


def _gated(scope: Scope, f: Function, line: int, fields: list[Expr]) -> bool:
    """The statement holding `line` runs only while a local zero with one of `fields` is non-zero."""
    for s, facts in walk_facts(f.body or []):
        if s.kind in ("if", "block", "loop") or not any(x.line == line for e in s.exprs for x in e.walk()):
            continue
        for g, holds in facts:
            for c, truth in _parts(g, holds):
                v = _nonzero(c, truth)
                if v is not None and any(_zero_with(v, z, f, scope) for z in fields):
                    return True
        return False
    return False


def _restore(f: Function, line: int, fields: list[Expr], scope: Scope) -> bool:
    """The write on `line` puts a zeroed field back to its entry value (`p.reward = _p.reward;`, from a
    copy of the same record): the lock's release."""
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "assign" and x.name == "=" and x.line == line and x.args[0].kind == "member":
                    lhs = x.args[0]
                    if any(text(lhs) == text(z) and _reads_field(x.args[1], z, f, scope) for z in fields):
                        return True
    return False


def zero_gated(scope: Scope, f: Function, call_line: int, write_line: int) -> bool:
    """The call (line) and the write (line) after it both run only while a value computed from a record
    field zeroed before the call is non-zero."""
    aliases = scope.storage_aliases(f)
    fields = [z for z in _zeroings(scope, f, call_line) if root_name(z) in scope.state or root_name(z) in aliases]
    return (
        bool(fields)
        and _gated(scope, f, call_line, fields)
        and (_gated(scope, f, write_line, fields) or _restore(f, write_line, fields, scope))
    )
