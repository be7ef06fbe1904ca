"""A payment the caller aims, for `unprotected-withdrawal` (ether.py): ether sent to an address parameter
of a public function. With no caller check each of these is anyone-can-withdraw as surely as a send to
`msg.sender`:

- the contract's whole balance (`sweep(to)`: `to.call{value: address(this).balance}`);
- a pool the contract keeps, taken whole and zeroed (`amount = collectedFees; collectedFees = 0;
  to.transfer(amount)`), when the contract checks its caller elsewhere (an owner it forgot here);
- what is left of such a pool once a share is set aside, with the pool drawn down to that share
  (`unvested = total - vested; total = vested; send(to, unvested)`), again when the contract checks its
  caller elsewhere;
- all the tokens of a kind the contract holds (`token.transfer(to, token.balanceOf(address(this)))`), when
  the contract checks its caller elsewhere (a router that never holds tokens sweeps them to anyone: no
  authority, no finding);
- an amount the caller picks, sent as plain ether (`send(to, amount)`, `to.transfer(amount)`, a `call`
  with no data) by a function with no modifier, again when the contract checks its caller elsewhere.

A function that recovers a signature pays whoever a signer approved, and one that debits a record
(`balances[account] -= amount`, `account` a copy of the caller) pays an entitlement: both stay out of
the last two shapes. An amount computed from a record (`owed[to]`) is an entitlement paid out too. A
relay or executor (OpenZeppelin's Governor.relay) forwards call data and carries a modifier whose guard
sits in an overridable hook: the last shape requires neither, so it stays out too."""

from __future__ import annotations

from ..flow import CallInfo, Scope, root_name
from ..guards import caller_guarded
from ..ir import Expr, Function

__all__ = ["checks_callers", "chosen_sweep", "token_sweeps"]


def _strip(e: Expr) -> Expr:
    """`payable(x)`, `address(x)` and casts peeled off."""
    while (e.kind == "cast" and e.args) or (
        e.kind == "call" and e.callee.kind == "ident" and e.callee.name in ("payable", "address") and len(e.args) == 2
    ):
        e = e.args[0] if e.kind == "cast" else e.args[1]
    return e


def _whole_balance(e: Expr) -> bool:
    """The contract's balance (`address(this).balance`, Vyper's `self.balance`, read as an identifier), or
    that balance less what it has set aside (`address(this).balance - committed`): its free funds."""
    e = _strip(e)
    if e.kind == "binary" and e.name == "-" and e.args:
        return _whole_balance(e.args[0])
    if e.kind == "ident":
        return e.name == "balance" and e.text == "self.balance"
    return e.kind == "member" and e.name == "balance" and bool(e.args) and _strip(e.args[0]).name in ("this", "self")


def _own_tokens(e: Expr) -> bool:
    """`token.balanceOf(address(this))`: all the tokens of one kind the contract holds."""
    e = _strip(e)
    return (
        e.kind == "call"
        and e.callee.kind == "member"
        and e.callee.name == "balanceOf"
        and len(e.arguments) == 1
        and _strip(e.arguments[0]).name in ("this", "self")
    )


def _source(e: Expr, once: dict[str, Expr]) -> Expr:
    """`e` followed through locals assigned once (three hops at most), casts peeled off."""
    e = _strip(e)
    for _ in range(3):
        if e.kind == "ident" and e.name in once:
            e = _strip(once[e.name])
    return e


def _zeroed(f: Function, name: str) -> bool:
    """`f` sets state variable `name` to zero (`name = 0`, `delete name`)."""
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if not x.args or x.args[0].kind != "ident" or x.args[0].name != name:
                    continue
                if x.kind == "assign" and x.name == "=" and x.args[1].kind == "literal" and x.args[1].name == "0":
                    return True
                if x.kind == "unary" and x.name == "delete":
                    return True
    return False


def _pool_remainder(scope: Scope, f: Function, a: Expr, once: dict[str, Expr]) -> bool:
    """`a` is what is left of a state pool after a share is set aside (`total - vested`), and `f` rewrites
    that pool (`total = vested`): the contract's own funds, handed out with the pool drawn down."""
    if a.kind != "binary" or a.name != "-" or len(a.args) != 2:
        return False
    pool = _source(a.args[0], once)
    sv = scope.state.get(pool.name) if pool.kind == "ident" else None
    if sv is None or not sv.type.startswith("uint") or sv.constant:
        return False
    return any(
        x.kind == "assign" and x.args[0].kind == "ident" and x.args[0].name == pool.name
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
    )


def _plain_value(info: CallInfo) -> bool:
    """A bare ether transfer: send/transfer (Vyper's `send` included), or a `call` whose data is empty."""
    if info.kind in ("send", "transfer"):
        return True
    return all(a.kind == "literal" and a.name in ('""', "''") for a in info.expr.arguments)


def checks_callers(scope: Scope, f: Function) -> bool:
    """Some other public function of the contract (an inherited one included) checks who calls it: the
    contract has an authority."""
    return any(
        g is not f
        and g.body is not None
        and g.is_public
        and g.kind != "constructor"
        and any(caller_guarded(scope, g).values())
        for g in [*scope.contract.functions, *(g for gs in scope.functions.values() for g in gs)]
    )


_SIGNED = ("ecrecover", "recover", "tryRecover", "isValidSignature", "isValidSignatureNow")


def _signed(f: Function) -> bool:
    """`f` recovers or checks a signature: a payout someone signed for, whoever submits it."""
    return any(
        x.kind == "call" and x.callee.kind in ("ident", "member") and x.callee.name in _SIGNED
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
    )


def _debits_record(scope: Scope, f: Function) -> bool:
    """`f` writes an entry of a state record (`balances[account] = balances[account].sub(amount)`): the
    amount is someone's entitlement, whoever the key names (often the caller through a local)."""
    return any(
        x.kind == "assign" and x.args[0].kind == "index" and root_name(x.args[0]) in scope.state
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
    )


def chosen_sweep(
    scope: Scope, f: Function, to: Expr, info: CallInfo, amount: Expr | None, once: dict[str, Expr]
) -> bool:
    """`to` is a parameter of `f` and `amount` is the contract's whole balance, a state pool `f` zeroes,
    or (sent as plain ether by a function with no modifier) a parameter, as the module docstring says."""
    params = {p.name for p in f.params if p.name}
    dest = _strip(to)
    if dest.kind != "ident" or dest.name not in params or dest.name in once or amount is None:
        return False
    a = _source(amount, once)
    if _whole_balance(a):
        return True
    if _pool_remainder(scope, f, a, once):
        return checks_callers(scope, f)
    if a.kind != "ident":
        return False
    if _signed(f) or _debits_record(scope, f):
        return False
    sv = scope.state.get(a.name)
    if sv is not None:
        pool = sv.type.startswith("uint") and not sv.constant and _zeroed(f, a.name)
        return pool and checks_callers(scope, f)
    chosen = a.name in params and a.name not in once and not f.modifiers and _plain_value(info)
    return chosen and checks_callers(scope, f)


def token_sweeps(scope: Scope, f: Function, once: dict[str, Expr]) -> list[CallInfo]:
    """The ERC-20 `transfer(to, amount)` calls of `f` that send all the contract holds of a token to an
    address parameter, in a contract that checks its caller elsewhere (see the module docstring)."""
    params = {p.name for p in f.params if p.name}
    out = []
    for s in f.statements():
        for e in s.exprs:
            for info in scope.calls(e, scope.local_types(f)):
                if info.kind != "external" or info.name not in ("transfer", "safeTransfer"):
                    continue
                args = info.expr.arguments
                if len(args) != 2 or _strip(args[0]).kind != "ident" or _strip(args[0]).name not in params:
                    continue
                if _strip(args[0]).name not in once and _own_tokens(_source(args[1], once)):
                    out.append(info)
    return out if out and checks_callers(scope, f) else []
