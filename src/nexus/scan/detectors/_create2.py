"""A contract deployed from inline assembly with compiler-fixed code (`reentrancy`, detectors/_created.py).

`bytes memory code = type(Pair).creationCode; assembly { pair := create2(0, add(code, 32), mload(code), s) }`
then `Pair(pair).initialize(t0, t1)`: the callee did not exist before this call frame and runs the
bytecode the compiler put in the deployer, like `new Pair()`. The local (or named return) must get its
value only there (no Solidity assignment, exactly one `name := create(..)`/`create2(..)` in the function's
assembly), and the code passed must be a local assigned once to an expression built from
`type(C).creationCode`. Code from calldata or storage (`create2(0, add(b, 32), ..)` with `b` a parameter)
is not fixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..flow import Scope
from ..ir import Expr, Function

__all__ = ["assembly_created"]

_IDENT = re.compile(r"[A-Za-z_]\w*")


def _assembly_text(scope: Scope, f: Function) -> list[str]:
    lines = scope.unit.lines
    return ["\n".join(lines[s.line - 1 : max(s.line, s.end_line)]) for s in f.statements() if s.kind == "assembly"]


def _call_args(text: str, start: int) -> str:
    depth, i = 0, start
    while i < len(text):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i]
        i += 1
    return ""


def _split(args: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in args:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    return [*out, cur]


def assembly_created(
    scope: Scope,
    f: Function,
    name: str,
    written_in_solidity: bool,
    assigned_once: Callable[[Function, str], Expr | None],
) -> bool:
    """`name` is set only by one assembly `create`/`create2` of a `type(C).creationCode` local
    (`assigned_once(f, local)`: the one value a local is ever given, or None)."""
    if written_in_solidity:
        return False
    texts = _assembly_text(scope, f)
    sets = [m for t in texts for m in re.finditer(rf"\b{re.escape(name)}\s*:=", t)]
    found = [(t, m) for t in texts for m in re.finditer(rf"\b{re.escape(name)}\s*:=\s*create2?\s*(?=\()", t)]
    if len(sets) != 1 or len(found) != 1:
        return False
    text, m = found[0]
    args = _split(_call_args(text, m.end()))
    offset = args[1] if len(args) >= 3 else ""  # create(v, offset, size) / create2(v, offset, size, salt)
    codes = [a for a in _IDENT.findall(offset) if a in scope.local_types(f)]
    if not codes:
        return False
    for c in codes:
        value = assigned_once(f, c)
        if value is not None and any(x.kind == "member" and x.name == "creationCode" for x in value.walk()):
            return True
    return False
