"""A payee, not a dependency (`reentrancy`, detectors/reentrancy.py).

A call to an address fixed at deployment is a low note because the deployer chose the code that runs
there (_trusted.py). That holds for a contract the deployer wires in (a token, an oracle), not for the
other party of the deal the deployer records: a plain Ether payment (a value call with no calldata,
`raw_call(self.contractor, b"", value=m.amount)`) to an address a constructor took as a parameter
(the escrow's contractor, the seller) runs that party's code, chosen by them. Where anyone may trigger
the payment and the record it was computed from is settled only after it (_stipendkey.payout_write),
the payee re-enters and is paid again: the call is not fixed.
"""

from __future__ import annotations

from ..flow import CallInfo, Scope
from ..ir import Function
from ._created import strip_casts

__all__ = ["counterparty_payment"]

_EMPTY = frozenset({'""', "''", 'b""', "b''", 'hex""'})


def _plain(info: CallInfo) -> bool:
    """A value call whose only arguments are the target and empty calldata."""
    if not info.sends_value or info.kind != "lowlevel" or info.target is None:
        return False
    return all(a is info.target or (a.kind == "literal" and a.name in _EMPTY) for a in info.expr.arguments)


def _constructor_param(scope: Scope, name: str) -> bool:
    """State variable `name` is set by a constructor from one of its parameters, and by nothing else."""
    from_param = False
    for fs in scope.functions.values():
        for g in fs:
            params = {p.name for p in g.params}
            for s in g.statements():
                for x in (y for e in s.exprs for y in e.walk()):
                    if x.kind != "assign" or x.args[0].kind != "ident" or x.args[0].name != name:
                        continue
                    src = strip_casts(x.args[1], scope, declared=False)
                    if g.kind != "constructor" or src.kind != "ident" or src.name not in params:
                        return False
                    from_param = True
    return from_param


def counterparty_payment(scope: Scope, f: Function, info: CallInfo | None) -> bool:
    """`info` pays Ether, with no calldata, to a state address a constructor took as a parameter."""
    if info is None or info.target is None or not _plain(info):
        return False
    t = strip_casts(info.target, scope, declared=False)
    if t.kind != "ident" or t.name not in scope.state or t.name in scope.local_types(f):
        return False
    return not scope.state[t.name].constant and _constructor_param(scope, t.name)
