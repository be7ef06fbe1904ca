"""Whether an unsettled payout record is ever exposed to a callee with gas to act on it (reentrancy-stipend).

A `send`/`transfer` recipient runs with 2300 gas. Under EIP-2200 an SSTORE fails unless more than 2300 gas
is left, and a value-carrying call costs 9000, so code re-entered from within the stipend can read state but
can neither write it nor move ether: the record the payment was computed from being unsettled there lets
it change nothing. The record is exposed when a call that hands over the remaining gas (a low-level or
external call, or an internal call that may make one) runs after the send and before the record's write:
that callee re-enters with the record still unsettled. Only then is the stipend note raised.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Function

__all__ = ["full_gas_between"]


def full_gas_between(scope: Scope, f: Function, start: int, end: int) -> bool:
    """A call on a line in (start, end] of `f` that may run foreign code with more than the stipend."""
    locals_ = scope.local_types(f)
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "call" and start < x.line <= end:
                    info = scope.classify(x, locals_)
                    if info.transfers_control or info.kind == "internal":
                        return True
    return False
