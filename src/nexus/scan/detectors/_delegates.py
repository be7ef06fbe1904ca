"""The delegatecalls an expression makes (helper for access.py `unprotected-delegatecall`).

Solidity spells one `target.delegatecall(data)` (or the pre-0.5 `target.callcode(data)`); Vyper spells it
`raw_call(target, data, is_delegate_call=True)`, a builtin call whose first argument is the target. Both
run the target's code with this contract's storage, so the same question applies: who picks the target.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..ir import Expr

__all__ = ["delegate_calls"]


def _vyper_delegate(x: Expr) -> bool:
    flag = x.options.get("is_delegate_call")
    return x.callee.kind == "ident" and x.callee.name == "raw_call" and flag is not None and flag.name == "True"


def delegate_calls(e: Expr) -> Iterator[tuple[Expr, Expr]]:
    """(the call, its target) for every delegatecall in `e`, Solidity or Vyper."""
    for x in e.walk():
        if x.kind != "call":
            continue
        if x.callee.kind == "member" and x.callee.name in ("delegatecall", "callcode") and x.callee.args:
            yield x, x.callee.args[0]
        elif x.arguments and _vyper_delegate(x):
            yield x, x.arguments[0]
