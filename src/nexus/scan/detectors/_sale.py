"""Sales against a changeable term, for price-change-race: the caller hands over an amount it picks (an
ERC-20 pull from the caller) and is paid, in ether or tokens, that amount converted through a stored term
(a buyback price, a redemption rate) that another function can set. The setter's transaction, ordered
first, changes what the pending seller receives; a minimum the seller states and the sale compares with
the term or the payout makes it safe (the purchase side's `limited`)."""

from __future__ import annotations

from ..flow import CallInfo, Scope
from ..ir import Expr, Function
from ._payments import is_caller, payment_amount
from ._rewalk import is_vyper_send
from ._terms import Flow, TermKey

__all__ = ["pulled_from_caller", "sale_hits"]

_PULLS = ("transferFrom", "safeTransferFrom")


def pulled_from_caller(x: Expr) -> Expr | None:
    """The amount of an ERC-20 pull from the caller: `token.transferFrom(msg.sender, to, amount)`,
    `token.safeTransferFrom(msg.sender, to, amount)` (SafeERC20 `using for`), or the library form
    `SafeERC20.safeTransferFrom(token, msg.sender, to, amount)`; else None. Five-argument ERC-1155
    transfers are left out; a three-argument ERC-721 pull looks the same and counts only when its id
    reads a changeable term (a seller swapping the item under a pending purchase is the same race)."""
    if x.kind != "call" or x.callee.kind != "member" or x.callee.name not in _PULLS:
        return None
    args = x.arguments
    for at in (0, 1) if len(args) == 4 else (0,) if len(args) == 3 else ():
        if args[at].is_member("msg", "sender") and at + 2 < len(args):
            return args[at + 2]
    return None


def _into_self(x: Expr) -> bool:
    """The pull lands in this contract (`this`, `address(this)`, Vyper's `self`): the caller hands it over
    here, not to a third party (`transferFrom(msg.sender, account, amount)` repays someone else's debt)."""
    args = x.arguments
    at = next((i for i, a in enumerate(args) if a.is_member("msg", "sender")), None)
    if at is None or at + 1 >= len(args):
        return False
    return any(y.kind == "ident" and y.name in ("this", "self") for y in args[at + 1].walk())


def _payout(scope: Scope, info: CallInfo) -> Expr | None:
    """The amount a call pays the caller: ether (`msg.sender.transfer(v)`, `send`, `call{value: v}`, Vyper
    `send(msg.sender, v)`) or tokens (`token.transfer(msg.sender, v)`, `safeTransfer`); else None."""
    if info.kind in ("send", "transfer") or info.kind == "lowlevel" and "value" in info.expr.options:
        return payment_amount(info) if info.target is not None and is_caller(info.target) else None
    args = info.expr.arguments
    if is_vyper_send(scope, info):
        return args[1] if len(args) >= 2 and is_caller(args[0]) else None
    if info.kind in ("external", "library", "other") and info.name in ("transfer", "safeTransfer"):
        to, amount = (args[-2], args[-1]) if len(args) in (2, 3) else (None, None)
        return amount if to is not None and is_caller(to) else None
    return None


def _carried(f: Function, seeds: set[str]) -> set[str]:
    """`seeds` and the locals computed from them (assigned or declared from an expression reading one)."""
    out = set(seeds)
    for _ in range(3):
        for s in f.statements():
            pairs = [(n, s.exprs[0]) for n in s.names] if s.kind == "var" and s.exprs else []
            for e in s.exprs:
                pairs += [
                    (x.args[0].name, x.args[1]) for x in e.walk() if x.kind == "assign" and x.args[0].kind == "ident"
                ]
            for name, value in pairs:
                if any(y.kind == "ident" and y.name in out for y in value.walk()):
                    out.add(name)
    return out


def sale_hits(scope: Scope, f: Function, flow: Flow, guarded: dict[int, bool]) -> dict[TermKey, int]:
    """term -> line of the payout: `f` pulls an amount the caller picks from the caller into this contract and pays the
    caller that amount converted through a term another function can set (statements no caller check
    guards only)."""
    open_ = [s for s in f.statements() if not guarded.get(id(s), False)]
    sold: set[str] = set()
    for s in open_:
        for e in s.exprs:
            for x in e.walk():
                if (amount := pulled_from_caller(x)) is not None and _into_self(x) and not flow.term(amount)[0]:
                    sold |= {y.name for y in amount.walk() if y.kind == "ident"}
    if not sold:
        return {}
    sold, locals_ = _carried(f, sold), scope.local_types(f)
    out: dict[TermKey, int] = {}
    for s in open_:
        for e in s.exprs:
            for info in scope.calls(e, locals_):
                got = _payout(scope, info)
                if got is None or not any(y.kind == "ident" and y.name in sold for y in got.walk()):
                    continue
                if (term := flow.term(got))[0]:
                    out.setdefault(term, info.expr.line)
    return out
