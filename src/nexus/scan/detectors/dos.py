"""Denial of service: failing calls in loops, recipients that can block, unbounded loops and arrays."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import ScanFinding
from ..flow import Scope, root_name
from ..guards import single_assignments
from ..ir import Function, SourceUnit
from ._fixedcalls import deploy_fixed, dropped_send
from ._growth import growth_sites
from ._hooks import imported_initializer
from ._lasting import LASTING, lasting_payees
from ._loops import (
    caller_installed,
    copied_open_bound,
    dynamic_bound,
    grown_by_anyone,
    grows,
    loops_of,
    state_bound,
    walked,
)
from ._oneshot import one_shot
from ._reinstall import freely_reinstalled
from ._required import required_payments
from ._wipefits import wipe_fits
from .base import ScanDetector, register

__all__ = ["CallInLoop", "KingOfTheHill", "UnboundedGrowth"]

_PAYMENTS = ("lowlevel", "send", "transfer", "external")


@register
class CallInLoop(ScanDetector):
    id = "call-in-loop"
    category = "denial_of_service"
    swc_id = "SWC-113"
    severity = "medium"
    confidence = "medium"
    languages = ("solidity", "vyper")
    description = "A payment or external call inside a loop: one failing recipient (or too many) blocks everyone."
    example = """pragma solidity ^0.4.24;
contract Refunder {
    address[] refundAddresses;
    mapping(address => uint) refunds;
    function refundAll() public {
        for (uint x = 0; x < refundAddresses.length; x++) {
            require(refundAddresses[x].send(refunds[refundAddresses[x]]));
        }
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Refunder {
    mapping(address => uint) refunds;
    function withdrawRefund() public {
        uint refund = refunds[msg.sender];
        refunds[msg.sender] = 0;
        msg.sender.transfer(refund);
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                locals_ = scope.local_types(f)
                seen: set[int] = set()
                for loop in loops_of(f.body or []):
                    copied = not dynamic_bound(loop, scope, f) and copied_open_bound(loop, scope, f)
                    if not copied and not dynamic_bound(loop, scope, f):
                        continue
                    for s in loop.body:
                        for x in s.walk():
                            for e in x.exprs:
                                for info in scope.calls(e, locals_):
                                    if info.kind in _PAYMENTS and info.expr.line not in seen:
                                        seen.add(info.expr.line)
                                        fixed = deploy_fixed(loop, scope, f, info.target)  # see _fixedcalls
                                        stored = (copied or state_bound(loop, scope, locals_)) and not fixed
                                        dropped = dropped_send(unit, x, e, info.expr)
                                        why = (
                                            " a list only the constructor or a one-shot initialiser fills:"
                                            " a failing callee blocks it"
                                            if fixed
                                            else " a growing list, its result dropped: a failing recipient"
                                            " cannot block it, only the list's length can"
                                            if dropped
                                            else " a growing list: one failing or costly recipient blocks"
                                            " the whole loop"
                                        )
                                        stored = stored and not dropped
                                        yield self.finding(
                                            unit,
                                            info.expr.line,
                                            f"`{info.name}` inside a loop over{why}",
                                            contract=scope.contract,
                                            function=f,
                                            severity="medium" if stored else "low",
                                            confidence="medium" if stored else "low",
                                        )


@register
class KingOfTheHill(ScanDetector):
    id = "blocking-recipient"
    languages = ("solidity", "vyper")
    category = "denial_of_service"
    swc_id = "SWC-113"
    severity = "medium"
    confidence = "medium"
    description = (
        "A required payment goes to an address any caller can install; a contract there that rejects"
        " payments blocks the function for good."
    )
    example = """pragma solidity ^0.4.24;
contract Auction {
    address leader;
    uint bid;
    function outbid() public payable {
        require(msg.value > bid);
        require(leader.send(bid));
        leader = msg.sender;
        bid = msg.value;
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Auction {
    address leader;
    uint bid;
    mapping(address => uint) refunds;
    function outbid() public payable {
        require(msg.value > bid);
        refunds[leader] += bid;
        leader = msg.sender;
        bid = msg.value;
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            # A payee anyone re-installs unconditionally blocks only until the next caller (_reinstall.py).
            installed = {n for n in caller_installed(scope) if not freely_reinstalled(scope, n)}
            for f in scope.contract.functions:
                if not f.is_public or f.body is None:
                    continue
                locals_, once = scope.local_types(f), single_assignments(f.body)
                required = list(required_payments(scope, f, locals_))
                for line, name in lasting_payees(scope, f, required):  # a payee named for a record sold on
                    yield self.finding(unit, line, LASTING % name, contract=scope.contract, function=f)
                for info in required:  # call{value} + require(ok), Vyper raw_call
                    to = once.get(root_name(info.target), info.target) if info.target else None
                    if to is not None and root_name(to) in installed:  # through a local copy: `old = king`
                        yield self.finding(
                            unit,
                            info.expr.line,
                            f"payment to `{root_name(to)}` must succeed (its failure reverts),"
                            " and any caller can become that recipient",
                            contract=scope.contract,
                            function=f,
                        )
                for s in f.statements():
                    for e in s.exprs:
                        for x in e.walk():
                            if x.kind == "call" and x.callee.kind == "ident" and x.callee.name in ("require", "assert"):
                                calls = [i for a in x.arguments for i in scope.calls(a, locals_) if i.kind == "send"]
                            elif x.kind == "call":
                                i = scope.classify(x, locals_)
                                calls = [i] if i.kind == "transfer" else []
                            else:
                                continue
                            for info in calls:
                                to = once.get(root_name(info.target), info.target) if info.target else None
                                if to is not None and root_name(to) in installed:  # through a local copy
                                    yield self.finding(
                                        unit,
                                        info.expr.line,
                                        f"payment to `{root_name(to)}`"
                                        " must succeed, and any caller can become that recipient",
                                        contract=scope.contract,
                                        function=f,
                                    )


@register
class UnboundedGrowth(ScanDetector):
    id = "unbounded-growth"
    category = "denial_of_service"
    swc_id = "SWC-128"
    severity = "medium"
    confidence = "low"
    languages = ("solidity", "vyper")
    description = (
        "Storage arrays grown in loops or by callers, and loops or wipes over them, cost gas without"
        " bound until the function no longer fits in a block."
    )
    example = """pragma solidity ^0.4.24;
contract Queue {
    address[] entries;
    function join(uint n) public {
        for (uint i = 0; i < n; i++) {
            entries.push(msg.sender);
        }
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Queue {
    mapping(address => uint) tickets;
    function join(uint n) public {
        require(n <= 10);
        tickets[msg.sender] += n;
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            dyn = {n for n, v in scope.state.items() if v.type.endswith("[]") or v.type.startswith("DynArray")}
            # Exploitable as written: a list some function must walk (or wipe) whole, that grows without
            # bound (in a caller-bounded loop), or that anyone may grow while a walk or wipe depends on it.
            consumed = walked(scope, dyn)
            open_growth = grown_by_anyone(scope, dyn)
            # Growth sites a caller reaches on a path no caller check guards (through internal calls
            # too): a loop only the owner runs, or one no function of this file calls, is owner-bounded.
            sites = growth_sites(scope)
            reached = {g.line for gs in sites.values() for g in gs}
            for f in scope.contract.functions:
                seen: set[int] = set()
                for loop in loops_of(f.body or []):
                    if not dynamic_bound(loop, scope, f):
                        continue
                    grown = [
                        (x.line, grows(x))
                        for s in loop.body
                        for st in s.walk()
                        for e in st.exprs
                        for x in e.walk()
                        if grows(x) in dyn
                    ]
                    lines = sorted({g[0] for g in grown} - seen)
                    if lines:
                        # One root cause: the growth site, with the loop that repeats it as a related line.
                        seen.update(lines)
                        anyone = bool(set(lines) & reached)
                        found = self.finding(
                            unit,
                            lines[0],
                            f"`{grown[0][1]}` grows inside a caller-bounded"
                            " loop; its length (and every later loop over it) is unbounded"
                            + (
                                ""
                                if anyone
                                else " (only a caller check's holder, or a caller outside this file, runs it)"
                            ),
                            contract=scope.contract,
                            function=f,
                            confidence="medium" if grown[0][1] in consumed and anyone else None,
                            severity=None if anyone else "low",
                        )
                        found.related = sorted({loop.line, *lines[1:]} - {lines[0]})
                        yield found
                for s in f.statements():
                    for e in s.exprs:
                        for x in e.walk():
                            if (
                                x.kind == "assign"
                                and x.name == "="
                                and x.args[0].kind == "ident"
                                and x.args[0].name in dyn
                                and x.args[1].kind == "call"
                                and x.args[1].callee.kind == "new"
                                and x.line not in seen
                                and f.kind != "constructor"  # a list not yet grown: nothing to wipe
                                and not wipe_fits(scope, x.args[0].name, sites)  # capped growth (_wipefits.py)
                            ):
                                seen.add(x.line)
                                once = _set_up(f, scope, x.line, x.args[0].name)
                                yield self.finding(
                                    unit,
                                    x.line,
                                    f"wiping `{x.args[0].name}` costs gas for every"
                                    " element; once the list is long enough this reverts"
                                    + (" (only a one-shot initialiser wipes it, at set-up)" if once else ""),
                                    contract=scope.contract,
                                    function=f,
                                    confidence="low" if once else "medium" if x.args[0].name in open_growth else None,
                                    severity="low" if once else None,
                                )


def _set_up(f: Function, scope: Scope, line: int, name: str) -> bool:
    """`f` runs once, at set-up: an imported `initializer`, or a one-shot initialiser (see _oneshot)."""
    return imported_initializer(f, scope) or one_shot(f, scope, {line}, {name})
