"""Denial of service: failing calls in loops, recipients that can block, unbounded loops and arrays."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..findings import ScanFinding
from ..flow import Scope, caller_guards, root_name
from ..ir import Expr, Function, SourceUnit, Stmt
from .base import ScanDetector, register

__all__ = ["CallInLoop", "KingOfTheHill", "UnboundedGrowth"]

_PAYMENTS = ("lowlevel", "send", "transfer", "external")


def _loops(body: list[Stmt]) -> Iterator[Stmt]:
    for s in body:
        for x in s.walk():
            if x.kind == "loop":
                yield x


def _grows(e: Expr) -> str:
    """The array an expression grows (`a.push(x)`, `a.length += n`, `a.length++`), else ""."""
    if e.kind == "call" and e.callee.kind == "member" and e.callee.name in ("push", "append"):
        return root_name(e.callee.args[0])
    if e.kind in ("assign", "unary") and e.args and e.args[0].kind == "member" and e.args[0].name == "length":
        if e.name in ("+=", "++", "x++", "="):
            return root_name(e.args[0].args[0])
    return ""


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
                for loop in _loops(f.body or []):
                    if not _dynamic_bound(loop, scope, f):
                        continue
                    for s in loop.body:
                        for x in s.walk():
                            for e in x.exprs:
                                for info in scope.calls(e, locals_):
                                    if info.kind in _PAYMENTS and info.expr.line not in seen:
                                        seen.add(info.expr.line)
                                        stored = _state_bound(loop, scope, locals_)
                                        yield self.finding(
                                            unit,
                                            info.expr.line,
                                            f"`{info.name}` inside a loop over"
                                            " a growing list: one failing or costly recipient blocks"
                                            " the whole loop",
                                            contract=scope.contract,
                                            function=f,
                                            severity="medium" if stored else "low",
                                            confidence="medium" if stored else "low",
                                        )


def _state_bound(loop: Stmt, scope: Scope, locals_: dict[str, str]) -> bool:
    """The loop runs over stored data (a state array or counter), which others can grow; a loop over the
    caller's own arguments only ever blocks that caller."""
    cond = loop.exprs[0] if loop.exprs else None
    if cond is None:
        return True
    return any(
        x.kind == "ident" and x.name in scope.state and x.name not in locals_ and not scope.state[x.name].constant
        for x in cond.walk()
    )


def _dynamic_bound(loop: Stmt, scope: Scope, f: Function) -> bool:
    cond = loop.exprs[0] if loop.exprs else None
    if cond is None:
        return True
    params = {p.name for p in f.params}
    return any(
        (x.kind == "member" and x.name == "length")
        or (x.kind == "ident" and (x.name in params or (x.name in scope.state and not scope.state[x.name].constant)))
        for x in cond.walk()
    )


@register
class KingOfTheHill(ScanDetector):
    id = "blocking-recipient"
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
            installed = _caller_installed(scope)
            for f in scope.contract.functions:
                if not f.is_public or f.body is None:
                    continue
                locals_ = scope.local_types(f)
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
                                if info.target is not None and root_name(info.target) in installed:
                                    yield self.finding(
                                        unit,
                                        info.expr.line,
                                        f"payment to `{root_name(info.target)}`"
                                        " must succeed, and any caller can become that recipient",
                                        contract=scope.contract,
                                        function=f,
                                    )


def _walked(scope: Scope, dyn: set[str]) -> set[str]:
    """Arrays some loop runs over to their length, or some statement wipes (`a = new T[](0)`, `delete a`)."""
    out: set[str] = set()
    for fs in scope.functions.values():
        for f in fs:
            for loop in _loops(f.body or []):
                cond = loop.exprs[0] if loop.exprs else None
                for x in cond.walk() if cond is not None else ():
                    if x.kind == "member" and x.name == "length" and root_name(x.args[0]) in dyn:
                        out.add(root_name(x.args[0]))
            for s in f.statements():
                for e in s.exprs:
                    for x in e.walk():
                        wipe = x.kind == "assign" and x.name == "=" and x.args[1].kind == "call"
                        wipe = wipe and x.args[1].callee.kind == "new"
                        if (wipe or x.kind == "unary" and x.name == "delete") and x.args[0].kind == "ident":
                            if x.args[0].name in dyn:
                                out.add(x.args[0].name)
    return out


def _grown_by_anyone(scope: Scope, dyn: set[str]) -> set[str]:
    """Arrays that a public function grows on a statement no caller check guards."""
    out: set[str] = set()
    for f in scope.contract.functions:
        if not f.is_public or f.body is None or f.kind == "constructor":
            continue
        guards = caller_guards(scope, f)
        for s in f.statements():
            if not guards.get(s.line, False):
                out |= {g for e in s.exprs for x in e.walk() if (g := _grows(x)) in dyn}
    return out


def _caller_installed(scope: Scope) -> set[str]:
    out: set[str] = set()
    for f in scope.contract.functions:
        if not f.is_public or f.body is None or f.kind == "constructor":
            continue
        guards = caller_guards(scope, f)
        for s in f.statements():
            if guards.get(s.line, False):
                continue
            for e in s.exprs:
                for x in e.walk():
                    if x.kind == "assign" and x.args[1].is_member("msg", "sender") and x.args[0].kind == "ident":
                        if x.args[0].name in scope.state:
                            out.add(x.args[0].name)
    return out


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
            consumed = _walked(scope, dyn)
            open_growth = _grown_by_anyone(scope, dyn)
            for f in scope.contract.functions:
                seen: set[int] = set()
                for loop in _loops(f.body or []):
                    if not _dynamic_bound(loop, scope, f):
                        continue
                    grown = [
                        (x.line, _grows(x))
                        for s in loop.body
                        for st in s.walk()
                        for e in st.exprs
                        for x in e.walk()
                        if _grows(x) in dyn
                    ]
                    lines = sorted({g[0] for g in grown} - seen)
                    if lines:
                        # One root cause: the growth site, with the loop that repeats it as a related line.
                        seen.update(lines)
                        found = self.finding(
                            unit,
                            lines[0],
                            f"`{grown[0][1]}` grows inside a caller-bounded"
                            " loop; its length (and every later loop over it) is unbounded",
                            contract=scope.contract,
                            function=f,
                            confidence="medium" if grown[0][1] in consumed else None,
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
                            ):
                                seen.add(x.line)
                                yield self.finding(
                                    unit,
                                    x.line,
                                    f"wiping `{x.args[0].name}` costs gas for every"
                                    " element; once the list is long enough this reverts",
                                    contract=scope.contract,
                                    function=f,
                                    confidence="medium" if x.args[0].name in open_growth else None,
                                )
