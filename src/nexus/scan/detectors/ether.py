"""Ether flows the older rules missed: re-entrancy through send/transfer (EIP-1884 ended the 2300-gas
guarantee), ether anyone can withdraw (SWC-105), a payee anyone can swap before the payment (SWC-114), and
a send whose failure is tested but not acted on (SWC-104)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..findings import ScanFinding
from ..flow import CallInfo, Scope, caller_guarded, root_name, sender_check, walk_facts
from ..guards import chosen_params, restricts, single_assignments
from ..ir import Expr, Function, SourceUnit
from ._bookkept import bookkept_on_success
from ._handed import handed_back, inert
from ._paidvalue import paid_names, within_payment
from ._sweep import chosen_sweep
from .base import ScanDetector, register
from .reentrancy import _guarded, is_vyper_send, walk_hits

__all__ = ["EtherWithdrawal", "IgnoredSendFailure", "PayeeRace", "StipendReentrancy"]


def _is_caller(e: Expr) -> bool:
    while (
        e.kind == "cast"
        and e.args
        or e.kind == "call"
        and e.callee.kind == "ident"
        and e.callee.name in ("payable", "address")
        and len(e.args) == 2
    ):
        e = e.args[0] if e.kind == "cast" else e.args[1]
    return e.is_member("msg", "sender") or e.is_member("tx", "origin")


def _payments(scope: Scope, f: Function) -> Iterator[tuple[CallInfo, Expr | None]]:
    """Every ether payment in `f`: (the call, its recipient expression)."""
    locals_ = scope.local_types(f)
    for s in f.statements():
        for e in s.exprs:
            for info in scope.calls(e, locals_):
                if info.kind in ("send", "transfer") or info.kind == "lowlevel" and "value" in info.expr.options:
                    yield info, info.target
                elif is_vyper_send(scope, info) and info.expr.arguments:
                    yield info, info.expr.arguments[0]
                elif info.kind == "lowlevel" and info.name == "call" and "value" in info.expr.options:
                    yield info, info.target


def _mentions_caller(e: Expr) -> bool:
    return any(
        x.is_member("msg", "sender")
        or x.is_member("tx", "origin")
        or x.is_member("msg", "value")
        or x.kind == "call"
        and x.callee.kind == "ident"
        and x.callee.name in ("ecrecover", "keccak256")
        for x in e.walk()
    )


def _limits(scope: Scope, once: dict[str, Expr], chosen: frozenset[str]) -> Callable[[Expr, bool], bool]:
    """An operand of a condition that limits who is paid: it names the caller, the value paid or a
    signature, or is a caller check under the truth value it has there (a comparison of the caller
    with something counts only as a caller check)."""

    def atom(x: Expr, holds: bool) -> bool:
        if x.kind == "binary" and x.name in ("==", "!=") and any(_is_caller(a) for a in x.args):
            return sender_check(x, scope, holds, once, chosen)  # who calls (`o = msg.sender` is no limit)
        return _mentions_caller(x) or sender_check(x, scope, holds, once, chosen)

    return atom


def _per_caller_reads(f: Function) -> bool:
    """The function keeps per-caller accounts: it reads `m[msg.sender]` somewhere."""
    return any(
        x.kind == "index" and len(x.args) > 1 and _is_caller(x.args[1])
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
    )


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
                if f.body is None or f.is_readonly or _guarded(f):
                    continue
                for line, (info, var, write_line, _) in sorted(walk_hits(scope, f, stipend=True).items()):
                    if f.line <= line <= f.end_line:
                        yield self.finding(
                            unit,
                            line,
                            f"`{info.name if info else 'send'}` forwards 2300 gas before"
                            f" `{var}` is written (line {write_line}); the stipend is not a re-entrancy"
                            " guarantee since EIP-1884",
                            contract=scope.contract,
                            function=f,
                        )


def _amount(info: CallInfo) -> Expr | None:
    """The value a payment sends: `to.transfer(v)`, `to.send(v)`, `to.call{value: v}(..)`, `send(to, v)`."""
    if "value" in info.expr.options:
        return info.expr.options["value"]
    args = info.expr.arguments
    return args[0] if len(args) == 1 else args[1] if len(args) == 2 else None


def _own_payment(e: Expr | None, once: dict[str, Expr], hops: int = 0) -> bool:
    """`msg.value`, or what is left of it after costs (`msg.value - fee`, through a local assigned once):
    a refund of the caller's own payment, never more than it sent."""
    while e is not None and e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    if e is None:
        return False
    if e.kind == "ident" and e.name in once and hops < 3:
        return _own_payment(once[e.name], once, hops + 1)
    if e.kind == "binary" and e.name == "-" and len(e.args) == 2:
        return _own_payment(e.args[0], once, hops)
    return e.is_member("msg", "value")


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
                if (
                    f.body is None
                    or not f.is_public
                    or f.is_readonly
                    or f.kind == "constructor"
                    or _per_caller_reads(f)
                ):
                    continue
                guarded = caller_guarded(scope, f)
                body = scope.effective_body(f)
                once = single_assignments(body)
                conds, limits = (
                    {id(s): g for s, g in walk_facts(body)},
                    _limits(scope, once, chosen_params(scope, f, once)),
                )
                sends = [
                    (info, to)
                    for info, to in _payments(scope, f)
                    if to is not None and (_is_caller(to) or chosen_sweep(scope, f, to, info, _amount(info), once))
                ]
                for info, to in sends:
                    stmt = next(
                        (s for s in f.statements() if any(x is info.expr for e in s.exprs for x in e.walk())), None
                    )
                    if stmt is None or guarded.get(id(stmt), False) or _own_payment(_amount(info), once):
                        continue
                    if within_payment(_amount(info), once, paid_names(f, conds.get(id(stmt), ()))):
                        continue  # a refund out of what the caller paid (see _paidvalue)
                    if any(restricts(g, h, limits) for g, h in conds.get(id(stmt), ())):
                        continue
                    yield self.finding(
                        unit,
                        info.expr.line,
                        f"`{f.name}` sends ether to {'any caller' if _is_caller(to) else 'a picked address'}:"
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
            open_writes = _open_address_writes(scope)
            for f in scope.contract.functions:
                if f.body is None:
                    continue
                for info, to in _payments(scope, f):
                    var = root_name(to) if to is not None else ""
                    writer = open_writes.get(var)
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


def _open_address_writes(scope: Scope) -> dict[str, tuple[Function, int]]:
    """State address variables a public function writes from caller input with no caller check."""
    out: dict[str, tuple[Function, int]] = {}
    for f in scope.contract.functions:
        if f.body is None or not f.is_public or f.kind == "constructor" or f.is_readonly:
            continue
        guarded = caller_guarded(scope, f)
        params = {p.name for p in f.params}
        for s in f.statements():
            if guarded.get(id(s), False):
                continue
            for e in s.exprs:
                for x in e.walk():
                    if x.kind != "assign" or x.name != "=" or x.args[0].kind != "ident":
                        continue
                    sv = scope.state.get(x.args[0].name)
                    src = x.args[1]
                    if sv is None or not sv.type.startswith("address"):
                        continue
                    if _is_caller(src) or any(y.kind == "ident" and y.name in params for y in src.walk()):
                        out.setdefault(sv.name, (f, x.line))
    return out


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
                locals_ = scope.local_types(f)
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
                    yield self.finding(
                        unit,
                        call.line,
                        "the call's failure is tested but nothing is done about"
                        " it: execution goes on as if the payment had been made",
                        contract=scope.contract,
                        function=f,
                    )


def _sends(scope: Scope, e: Expr, locals_: dict[str, str]) -> bool:
    return scope.classify(e, locals_).kind in ("send", "lowlevel")
