"""Ether flows the older rules missed: re-entrancy through send/transfer (EIP-1884 ended the 2300-gas
guarantee), ether anyone can withdraw (SWC-105), a payee anyone can swap before the payment (SWC-114), and
a send whose failure is tested but not acted on (SWC-104)."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import ScanFinding
from ..flow import Scope, caller_guarded, root_name, walk_facts
from ..guards import chosen_params, restricts, single_assignments
from ..ir import Expr, SourceUnit
from ._bookkept import bookkept_on_success
from ._conserve import owner_set
from ._cooldown import restarts_wait
from ._fieldpayee import open_field_writes, pinned_field, record_field
from ._handed import handed_back, inert
from ._hashlock import hash_locked
from ._logged import unacted_results
from ._paidvalue import checked_sum, own_payment, paid_names, spent_down, within_payment
from ._payments import is_caller, open_address_writes, payee_limits, payment_amount, payments, per_caller_reads
from ._rewalk import lock_guarded
from ._setonce import claimed_once
from ._stipendkey import payout_write
from ._sweep import chosen_sweep, token_sweeps
from .base import ScanDetector, register
from .reentrancy import owner_only, walk_hits

__all__ = ["EtherWithdrawal", "IgnoredSendFailure", "PayeeRace", "StipendReentrancy"]


@register
class StipendReentrancy(ScanDetector):
    id = "reentrancy-stipend"
    category = "reentrancy"
    swc_id = "SWC-107"
    severity = "low"
    confidence = "low"
    languages = ("solidity", "vyper")
    description = (
        "`send`/`transfer` (2300 gas) followed by a state write: since EIP-1884 repriced storage reads,"
        " the stipend no longer guarantees the recipient cannot act; write state first."
    )
    example = """pragma solidity ^0.4.24;
contract Refunds {
    mapping(address => uint) owed;
    function refund() public {
        msg.sender.transfer(owed[msg.sender]);
        owed[msg.sender] = 0;
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Refunds {
    mapping(address => uint) owed;
    function refund() public {
        uint amount = owed[msg.sender];
        owed[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                if f.body is None or f.is_readonly or lock_guarded(f):
                    continue
                for line, (info, var, write_line, _) in sorted(walk_hits(scope, f, stipend=True).items()):
                    if f.line <= line <= f.end_line:
                        # The write settles the record the payment was computed from (_stipendkey.py):
                        # the fallback sees that payout still owed, so more than a note.
                        # Only at an entry point anyone may call: an internal helper's callers may be gated,
                        # and an owner-only send has no payee re-entering to read the record.
                        key = payout_write(scope, f, info) if info is not None and f.is_public else None
                        if key is not None and owner_only(scope, f, owner_set(scope)).get(line, False):
                            key = None
                        yield self.finding(
                            unit,
                            line,
                            f"`{info.name if info else 'send'}` forwards 2300 gas before"
                            f" `{var}` is written (line {write_line}); the stipend is not a re-entrancy"
                            " guarantee since EIP-1884"
                            + (f"; `{key}`, which the payment reads, is still unsettled there" if key else ""),
                            contract=scope.contract,
                            function=f,
                            confidence="medium" if key else "low",
                        )


@register
class EtherWithdrawal(ScanDetector):
    id = "unprotected-withdrawal"
    category = "access_control"
    swc_id = "SWC-105"
    severity = "high"
    confidence = "medium"
    languages = ("solidity", "vyper")
    description = (
        "A public function sends ether to its caller with no check on who the caller is, what they"
        " paid or what they are owed: anyone can withdraw it."
    )
    example = """pragma solidity ^0.8.0;
contract Vault {
    address owner;
    constructor() { owner = msg.sender; }
    function deposit() external payable {}
    function withdraw(uint256 amount) external {
        payable(msg.sender).transfer(amount);
    }
}
"""
    fixed = """pragma solidity ^0.8.0;
contract Vault {
    address owner;
    constructor() { owner = msg.sender; }
    function deposit() external payable {}
    function withdraw(uint256 amount) external {
        require(msg.sender == owner);
        payable(msg.sender).transfer(amount);
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                if f.body is None or not f.is_public or f.is_readonly or f.kind == "constructor" or per_caller_reads(f):
                    continue
                guarded = caller_guarded(scope, f)
                body = scope.effective_body(f)
                once = single_assignments(body)
                change = {**spent_down(f, body), **once}  # also the caller's change after a purchase loop
                conds, limits = (
                    {id(s): g for s, g in walk_facts(body)},
                    payee_limits(scope, once, chosen_params(scope, f, once)),
                )
                sends = [
                    (info, to)
                    for info, to in payments(scope, f)
                    if to is not None
                    and (is_caller(to) or chosen_sweep(scope, f, to, info, payment_amount(info), once))
                ] + [(info, info.expr.arguments[0]) for info in token_sweeps(scope, f, once)]
                for info, to in sends:
                    stmt = next(
                        (s for s in f.statements() if any(x is info.expr for e in s.exprs for x in e.walk())), None
                    )
                    if stmt is None or guarded.get(id(stmt), False) or own_payment(payment_amount(info), change):
                        continue
                    if checked_sum(payment_amount(info), f, guarded):
                        continue  # a refund summed only where the caller matched a record (_paidvalue)
                    if within_payment(payment_amount(info), once, paid_names(f, conds.get(id(stmt), ()))):
                        continue  # a refund out of what the caller paid (see _paidvalue)
                    if any(restricts(g, h, limits) for g, h in conds.get(id(stmt), ())):
                        continue
                    if hash_locked(conds.get(id(stmt), ()), f, scope):
                        continue  # only a caller who knows a preimage (_hashlock.py)
                    yield self.finding(
                        unit,
                        info.expr.line,
                        f"`{f.name}` sends {'tokens' if info.kind == 'external' else 'ether'} to"
                        f" {'any caller' if is_caller(to) else 'a picked address'}:"
                        " no check on who calls, what they paid or what they are owed",
                        contract=scope.contract,
                        function=f,
                    )


@register
class PayeeRace(ScanDetector):
    id = "payee-race"
    category = "front_running"
    swc_id = "SWC-114"
    severity = "medium"
    confidence = "medium"
    description = (
        "A payment goes to an address held in state that any caller can overwrite: whoever gets a"
        " transaction mined first decides who is paid."
    )
    example = """pragma solidity ^0.4.24;
contract Bounty {
    address public winner;
    function claim(address to) public { winner = to; }
    function payout() public { winner.transfer(this.balance); }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Bounty {
    address public winner;
    address owner;
    function claim(address to) public {
        require(msg.sender == owner);
        winner = to;
    }
    function payout() public { winner.transfer(this.balance); }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            open_writes, open_fields = open_address_writes(scope), open_field_writes(scope)
            for f in scope.contract.functions:
                if f.body is None:
                    continue
                for info, to in payments(scope, f):
                    var = root_name(to) if to is not None else ""
                    writer = open_writes.get(var)
                    field = record_field(scope, f, to) if to is not None else None
                    if writer is not None and restarts_wait(scope, var, f, info.expr):
                        continue  # (a payee write that restarts the payment's wait only makes it revert)
                    if writer is None and field is not None and not pinned_field(scope, f, field[:2]):
                        if claimed_once(scope, f, info.expr, field[:2]):
                            continue  # set once, paid only once set: ordering cannot redirect it (_setonce)
                        writer, var = open_fields.get(field[:2]), f"{field[0]}[..].{field[1]}"
                    if writer is None or writer[0] is f:
                        continue
                    yield self.finding(
                        unit,
                        info.expr.line,
                        f"anyone can set `{var}` (`{writer[0].name}`, line"
                        f" {writer[1]}) before this payment is mined, and so choose who is paid",
                        contract=scope.contract,
                        function=f,
                    )


@register
class IgnoredSendFailure(ScanDetector):
    id = "ignored-send-failure"
    category = "unchecked_low_level_calls"
    swc_id = "SWC-104"
    severity = "medium"
    confidence = "medium"
    description = "A send or call's failure is tested, but the failure branch does nothing (or only logs)."
    example = """pragma solidity ^0.4.24;
contract Payout {
    mapping(address => uint) owed;
    function pay(address to) public {
        uint amount = owed[to];
        owed[to] = 0;
        if (!to.send(amount)) {
        }
    }
}
"""
    fixed = example.replace("        }\n    }\n}", "            revert();\n        }\n    }\n}")

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                if f.body is None:
                    continue
                locals_, seen = scope.local_types(f), set()
                flags = {
                    s.names[0]: s
                    for s in f.statements()
                    if s.kind == "var"
                    and s.names
                    and s.exprs
                    and s.exprs[0].kind == "call"
                    and _sends(scope, s.exprs[0], locals_)
                }
                for s in f.statements():
                    if s.kind != "if" or not s.exprs:
                        continue
                    cond = s.exprs[0]
                    if cond.kind == "unary" and cond.name == "!":
                        inner, branch = cond.args[0], s.body
                    else:
                        inner, branch = cond, s.orelse
                    call = inner if inner.kind == "call" and _sends(scope, inner, locals_) else None
                    if call is None and inner.kind == "ident" and inner.name in flags:
                        call = flags[inner.name].exprs[0]
                    if call is None or not inert(branch) or (branch is s.orelse and not s.orelse):
                        continue  # `if (ok) {...}` with no else: what follows the if is the failure path
                    if inner.kind == "ident" and handed_back(scope, f, inner.name):
                        continue  # `return ok;` to callers that all act on it
                    if bookkept_on_success(scope, f, s, s.orelse if branch is s.body else s.body, call.line):
                        continue  # nothing was recorded as paid (see _bookkept)
                    seen.add(call.line)
                    yield self.finding(
                        unit,
                        call.line,
                        "the call's failure is tested but nothing is done about"
                        " it: execution goes on as if the payment had been made",
                        contract=scope.contract,
                        function=f,
                    )
                for line in sorted(set(unacted_results(scope, f)) - seen):  # only logged or kept (_logged)
                    msg = "the call's result is only logged or stored, never checked: execution goes on as if paid"
                    yield self.finding(unit, line, msg, contract=scope.contract, function=f)


def _sends(scope: Scope, e: Expr, locals_: dict[str, str]) -> bool:
    return scope.classify(e, locals_).kind in ("send", "lowlevel")
