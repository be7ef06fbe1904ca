"""A stale record that belongs to the callee itself (`reentrancy`, detectors/reentrancy.py).

`IERC20(token).safeTransferFrom(from, this, n); deposits[token][remote] += n;` with a caller-picked
`token`: the token's code runs before the write, but every state write after the call is a record keyed
by that very token. A hostile token re-entering sees only its own bucket stale, and whatever it does
with it concerns the bookkeeping of a token it controls, never another token's or account's record.
Such a call is treated like one to a fixed callee (a low note).

All writes after the call must index the written variable by the call's target, casts stripped, and the
call must not stand in a loop (there `owned[list[i]]` written in the next iteration is another
contract's record under the same text: a `transferOwnership` loop over a list stays). An internal call
there to a helper that writes state (followed transitively), or a write through a storage pointer, keeps
the finding. So does a
callback-hook method (`nft.safeTransferFrom(this, to, id)`: the recipient's code runs, and the stale
record is the token's, not the recipient's), unless a library attaches it (`using SafeERC20 for IERC20`).
"""

from __future__ import annotations

from ..flow import CallInfo, Scope
from ..ir import Expr, Function, Stmt, render
from ._created import strip_casts
from ._trusted import HOOKS, attached

__all__ = ["own_record"]


def _keyed(target: Expr, key: str, scope: Scope) -> bool:
    while target.kind in ("index", "member") and target.args:
        if target.kind == "index" and len(target.args) > 1 and render(strip_casts(target.args[1], scope)) == key:
            return True
        target = target.args[0]
    return False


def _writes_state(scope: Scope, name: str, seen: frozenset[str] = frozenset()) -> bool:
    for g in scope.functions.get(name, []):
        if g.body is None:
            continue
        locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
        for s in g.statements():
            for e in s.exprs:
                if any(True for _ in scope.state_writes(e, locals_, aliases)):
                    return True
                for x in e.walk():
                    if x.kind == "call" and x.callee.kind == "ident" and x.callee.name in scope.functions:
                        if x.callee.name not in seen and _writes_state(scope, x.callee.name, seen | {name}):
                            return True
    return False


def _in_loop(f: Function, line: int) -> bool:
    return any(s.kind == "loop" and s.line <= line <= s.end_line for s in f.statements())


def _after(f: Function, line: int) -> list[Stmt]:
    return [s for s in f.statements() if s.line > line]


def own_record(scope: Scope, f: Function, info: CallInfo | None, line: int) -> bool:
    """Every state write after the call at `line` is a record keyed by the called contract itself."""
    if info is None or info.target is None or info.kind != "external" or _in_loop(f, line):
        return False  # in a loop, `recs[list[i]]` names the next iteration's contract with the same text
    if info.name in HOOKS and not attached(scope, scope.type_of(info.target, scope.local_types(f))):
        return False  # `nft.safeTransferFrom(this, to, id)`: the recipient's hook runs, not the token's code
    key = render(strip_casts(info.target, scope))
    locals_, aliases = scope.local_types(f), scope.storage_aliases(f)
    found = False
    for s in _after(f, line):
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "call" and x.callee.kind == "ident" and _writes_state(scope, x.callee.name):
                    return False
            for _, node in scope.state_writes(e, locals_, aliases):
                target = node.args[0] if node.kind in ("assign", "unary") and node.args else None
                if target is None or not _keyed(target, key, scope):
                    return False
                found = True
    return found
