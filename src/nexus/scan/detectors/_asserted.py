"""Checks made through an assertion helper whose body is not in view.

Code bases that save bytecode route their checks through a helper of their own, often a free function
imported from another file: `_require(postBalance >= preBalance, Errors.INVALID_POST_LOAN_BALANCE);`.
The scanner reads one file, so the helper's body (`if (!condition) _revert(errorCode);`) is not there
to follow. The call's shape says what it is for: a statement that discards the result of an unresolved
function, handing it a comparison first and only constant values after it (an error code, a message,
`Errors.X`), does nothing with the comparison but test it, so the comparison is read as a check that
holds after the call. A helper declared in the contract or its bases is followed by `_dominance`
instead (and counts only when it reverts); a call that hands over any variable beside the condition
(`_record(a >= b, amount)`) or a first argument that is not a comparison is not read as a check.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr

__all__ = ["asserted_condition"]

_COMPARE = {">", ">=", "<", "<=", "==", "!="}


def _comparison(e: Expr) -> bool:
    if e.kind == "binary" and e.name in _COMPARE:
        return True
    if e.kind == "binary" and e.name in ("&&", "||"):
        return all(_comparison(a) for a in e.args)
    return e.kind == "unary" and e.name == "!" and bool(e.args) and _comparison(e.args[0])


def _code(e: Expr, scope: Scope) -> bool:
    """A constant handed beside the condition: a literal, a `constant`, `Errors.NAME`, an UPPER_SNAKE name."""
    if e.kind == "literal":
        return True
    if e.kind == "ident":
        sv = scope.state.get(e.name)
        return (sv is not None and sv.constant) or (sv is None and e.name.isupper())
    if e.kind == "member" and e.args and e.args[0].kind == "ident":
        return e.args[0].name not in scope.state and e.name.isupper()
    return False


def asserted_condition(call: Expr, scope: Scope) -> tuple[Expr, ...]:
    """`helper(cond, CODE..)` as a statement, `helper` not a function of the contract: `(cond,)`."""
    if call.kind != "call" or call.callee.kind != "ident":
        return ()
    name = call.callee.name
    if name in scope.functions or name in scope.contract_names or name in scope.structs or name in scope.modifiers:
        return ()
    args = call.arguments
    if not args or not _comparison(args[0]) or not all(_code(a, scope) for a in args[1:]):
        return ()
    return (args[0],)
