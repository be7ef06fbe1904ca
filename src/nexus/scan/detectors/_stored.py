"""What a stored value holds, from every write to it: an amount of wei (`bet.amount = msg.value`) or a
block number / timestamp (`bet.blockNumber = block.number`).

Before Solidity 0.8, `bet.amount * WIN_X` cannot wrap when every write to `.amount` stores wei (all the
ether there is, about 2**87, times a small constant), nor can `bet.blockNumber + EXPIRY` when every write
stores the block number. A field is keyed by its name (`.amount`, any struct), a state variable by its
root name; one write of anything else (an argument, a `+=`) makes the value unknown.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..flow import Scope
from ..ir import Expr
from ._bounds import const_value, is_wei, wei_locals
from ._weival import credited_wei, narrow_uint, stored_key, wide_credit

__all__ = ["stored_bounded", "stored_key", "stored_kinds"]

_BLOCK = {"timestamp", "number"}


def _is_block(e: Expr) -> bool:
    if e.kind == "ident":
        return e.name == "now"
    return any(e.is_member("block", name) for name in _BLOCK)


def stored_kinds(scope: Scope) -> dict[str, str]:
    """For each field name (`.amount`) and state variable: "wei" or "block" when every write stores that
    (or a literal); absent or "" otherwise."""
    out: dict[str, set[str]] = {}
    for fs in scope.functions.values():
        for g in fs:
            wei = wei_locals(g)
            for s in g.statements():
                for e in s.exprs:
                    for x in e.walk():
                        if x.kind == "unary" and x.args and x.name in ("++", "--", "x++", "x--"):
                            out.setdefault(stored_key(x.args[0], scope), set()).add("")
                        if x.kind != "assign" or not x.args:
                            continue
                        rhs = x.args[1]
                        kind = (
                            "wei"  # a total credited only with wei that was sent: `jackpot += msg.value / 100`
                            if x.name == "+=" and credited_wei(rhs, scope, wei)
                            else ""
                            if x.name != "="
                            else "wei"
                            if is_wei(rhs, wei)
                            else "block"
                            if _is_block(rhs)
                            else "literal"
                            if rhs.kind == "literal"
                            else ""
                        )
                        out.setdefault(stored_key(x.args[0], scope), set()).add(kind)
    result: dict[str, str] = {}
    for key, kinds in out.items():
        kinds.discard("literal")
        if key and len(kinds) == 1:
            result[key] = kinds.pop()
    return result


def stored_bounded(  # noqa: PLR0913
    sym: str,
    a: Expr,
    b: Expr,
    scope: Scope,
    kinds: dict[str, str],
    local: set[str],
    *,
    credit: bool = False,
    wei_locals_: Mapping[str, int] | None = None,
) -> bool:
    """A stored block number plus a constant; stored wei plus wei or a constant; stored wei times a constant
    below 2**128; with `credit` (`x += b`), any total credited stored wei, as `x += msg.value` is (a sum of
    wei that was really sent). `local`: the function's parameters and locals (they may shadow a state
    variable); `wei_locals_`: the locals only ever given amounts of wei, with their bounds (`_weival`);
    with `credit`, also any amount of wei built from those (`total += senderBalance + ownerBalance`), when
    the total is at least 128 bits wide (`wide_credit`)."""
    wei_locals_ = wei_locals_ or {}
    ka, kb = (
        ("wei" if x.name in wei_locals_ else "")
        if x.kind == "ident" and x.name in local
        else kinds.get(stored_key(x, scope), "")
        for x in (a, b)
    )
    ca, cb = const_value(a, scope), const_value(b, scope)
    if sym == "+" and credit and (kb == "wei" or wide_credit(a, b, scope, kinds, wei_locals_)):
        return not narrow_uint(a, scope)
    if sym == "+":
        return any(k == "block" and c is not None and c < 2**128 for k, c in ((ka, cb), (kb, ca))) or any(
            k == "wei" and (c is not None and c < 2**128 or o == "wei") for k, c, o in ((ka, cb, kb), (kb, ca, ka))
        )
    if sym == "*":
        return any(k == "wei" and c is not None and c < 2**128 for k, c in ((ka, cb), (kb, ca)))
    return False
