"""A compound update after a call that nothing before the call read (the re-entrancy walk, _rewalk.py).

Re-entrancy harms through a stale value: the function reads a slot (a balance it checks, a flag it tests),
hands control to a callee, and writes the slot afterwards from what it read, so a re-entered run that
changed the slot in between is overwritten or its check is bypassed. A write of the form `slot += v`
(or `slot++`, and for a call that moves no ether `slot -= v` / `slot--`) reads the slot when it runs,
after the callee returned, so it composes with whatever the re-entered run did to it; when no code of the
function before the call reads that slot (nor a wider location holding it), no decision of this run rests
on its old value. Such a write is no stale write. Reads are compared as access paths with
the keys abstracted (`m[*].bal[2]`: a literal key stays), so a read of the same slot under another key
counts; a read through a storage pointer into the same variable, an internal call before the call (it
may read anything) or a call inside a loop (a later read runs before the next iteration's call) keep
the write.
"""

from __future__ import annotations

from ..flow import Scope, root_name
from ..ir import Expr, Function, Stmt

__all__ = ["fresh_compound"]

_CREDIT = ("+=", "++", "x++")
_DEBIT = ("-=", "--", "x--")


def _path(e: Expr) -> tuple[str, ...] | None:
    """`a[k].b[2]` -> ("a", "[*]", ".b", "[2]"): a literal key stays, any other key is a wildcard; None for
    anything but an identifier, member and index chain."""
    if e.kind == "ident":
        return (e.name,)
    base = _path(e.args[0]) if e.kind in ("member", "index") and e.args else None
    if base is None:
        return None
    if e.kind == "member":
        return (*base, "." + e.name)
    key = e.args[1] if len(e.args) > 1 else None
    return (*base, f"[{key.name}]" if key is not None and key.kind == "literal" else "[*]")


def _overlaps(read: tuple[str, ...], slot: tuple[str, ...]) -> bool:
    """One path is a prefix of the other, a wildcard key matching any key."""
    return all(a == b or "[*]" in (a, b) and a[0] == b[0] == "[" for a, b in zip(read, slot, strict=False))


def _reads(e: Expr) -> list[Expr]:
    """The maximal identifier/member/index chains of `e` (the locations it reads)."""
    out: list[Expr] = []

    def visit(x: Expr, top: bool) -> None:
        chain = x.kind in ("ident", "member", "index")
        if chain and top:
            out.append(x)
        for i, a in enumerate(x.args):
            # the base of a member/index is part of the chain; an index's key is a read of its own
            visit(a, not (chain and i == 0))

    visit(e, True)
    return out


def _in_loop(body: list[Stmt], line: int, inside: bool = False) -> bool:
    for s in body:
        loop = inside or s.kind == "loop"
        if loop and any(x.line == line for t in s.walk() for e in t.exprs for x in e.walk()):
            return True
        if _in_loop([*s.init, *s.body, *s.orelse], line, loop):
            return True
    return False


def fresh_compound(scope: Scope, f: Function, node: Expr, call_line: int, value: bool) -> bool:
    """`node` (a write after the call on `call_line`) is a compound update of a slot nothing read before."""
    ops = _CREDIT if value else _CREDIT + _DEBIT
    if node.kind not in ("assign", "unary") or node.name not in ops or not node.args:
        return False
    slot = _path(node.args[0])
    body = scope.effective_body(f)
    if slot is None or _in_loop(body, call_line):
        return False
    var, aliases, locals_ = root_name(node.args[0]), scope.storage_aliases(f), scope.local_types(f)
    for top in body:
        for s in top.walk():
            before = s.line < call_line or not f.line <= s.line <= f.end_line  # a modifier's code: before
            for e in s.exprs if before else ():
                for x in e.walk():
                    if x.kind == "call" and scope.classify(x, locals_).kind == "internal":
                        return False
                for r in _reads(e):
                    name = root_name(r)
                    if aliases.get(name) == var and name != var:
                        return False
                    p = _path(r)
                    if p is not None and _overlaps(p, slot):
                        return False
    return True
