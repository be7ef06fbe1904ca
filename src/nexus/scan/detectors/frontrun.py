"""Front running: approve races, payouts whose amount a pending transaction can change, public puzzles."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import ScanFinding
from ..flow import Scope, caller_guarded
from ..ir import Expr, SourceUnit
from ._approvals import allowance_writes, reached
from ._claims import first_claims
from ._commit import bound_terms
from ._terms import display
from .base import ScanDetector, register

__all__ = ["ApproveRace", "HashPuzzle", "TransactionOrder"]

_HASHES = {"keccak256", "sha3", "sha256", "ripemd160"}


@register
class ApproveRace(ScanDetector):
    id = "approve-race"
    languages = ("solidity", "vyper")
    category = "front_running"
    swc_id = "SWC-114"
    severity = "low"
    confidence = "medium"
    description = (
        "approve() overwrites a non-zero allowance; the spender can front-run the change and spend"
        " both the old and the new allowance."
    )
    example = """pragma solidity ^0.4.24;
contract Token {
    mapping(address => mapping(address => uint)) allowed;
    function approve(address spender, uint value) public returns (bool) {
        allowed[msg.sender][spender] = value;
        return true;
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Token {
    mapping(address => mapping(address => uint)) allowed;
    function approve(address spender, uint value) public returns (bool) {
        require(value == 0 || allowed[msg.sender][spender] == 0);
        allowed[msg.sender][spender] = value;
        return true;
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                if f.name.lower() != "approve" or not f.is_public or f.body is None or len(f.params) < 2:
                    continue
                fns = reached(scope, f)  # approve and the `_approve` helpers it calls
                pairs = allowance_writes(scope, fns)
                writes = [x for x, _ in pairs]
                checked = any(  # `require(v == 0 || a[o][s] == 0)` or `if (v != 0 && a[o][s] != 0) throw;`
                    x.kind == "binary"
                    and x.name in ("==", "!=")
                    and any(a.kind == "index" and a.args[0].kind == "index" for a in x.args)
                    for g in fns
                    for s in g.statements()
                    for e in s.exprs
                    for x in e.walk()
                )
                if writes and not checked:
                    msg = "approve() overwrites the allowance without requiring it to be zero first (approve race)"
                    # One root cause: the overwrite, with the function's header as a related line.
                    found = self.finding(unit, writes[0].line, msg, contract=scope.contract, function=pairs[0][1])
                    found.related = sorted({f.line, *(w.line for w in writes[1:])} - {writes[0].line})
                    yield found


@register
class TransactionOrder(ScanDetector):
    id = "transaction-order"
    category = "front_running"
    swc_id = "SWC-114"
    severity = "medium"
    confidence = "low"
    description = (
        "A payout's amount is a state variable that another transaction can change first, so the"
        " order miners pick decides what is paid."
    )
    example = """pragma solidity ^0.4.24;
contract Reward {
    address owner;
    uint reward;
    function setReward() public payable {
        require(msg.sender == owner);
        reward = msg.value;
    }
    function claim(uint answer) public {
        require(answer == 42);
        msg.sender.transfer(reward);
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Reward {
    address owner;
    uint constant REWARD = 1 ether;
    function claim(uint answer) public {
        require(answer == 42);
        msg.sender.transfer(REWARD);
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            settable = _settable(scope)
            for f in scope.contract.functions:
                if not f.is_public or f.body is None:
                    continue
                paid = f.mutability == "payable" or "payable" in f.decorators
                for line, name in first_claims(scope, f):
                    yield self.finding(
                        unit,
                        line,
                        f"the caller takes the `{name}` entry keyed by a hash of a value sent in the clear,"
                        " first come first served: a copy of the pending transaction with a higher fee takes"
                        " it first (no commit-reveal)",
                        contract=scope.contract,
                        function=f,
                        # a name sold for ether is a priced asset worth copying; a free handle is a note
                        severity=None if paid else "low",
                        confidence="medium" if paid else None,
                    )
                for line, term, setter in bound_terms(scope, f):  # _commit.py
                    yield self.finding(
                        unit,
                        line,
                        f"the caller binds itself to an entry whose payment `{display(term)}` `{setter}` can"
                        " change while this is pending; it states no expected amount",
                        contract=scope.contract,
                        function=f,
                        confidence="medium",
                    )
                locals_ = scope.local_types(f)
                guarded = caller_guarded(scope, f)
                for s in f.statements():
                    for e in s.exprs:
                        for info in scope.calls(e, locals_):
                            if info.kind not in ("transfer", "send") and "value" not in info.expr.options:
                                continue
                            amount = info.expr.options.get("value") or (
                                info.expr.arguments[0] if info.expr.arguments else None
                            )
                            if amount is not None and amount.kind == "ident" and amount.name in settable:
                                yield self.finding(
                                    unit,
                                    info.expr.line,
                                    f"the amount paid, `{amount.name}`, is set by"
                                    f" `{settable[amount.name]}`; a transaction ordered first changes"
                                    " it",
                                    contract=scope.contract,
                                    function=f,
                                    # A race as written: anyone's transaction claims it, paid to the caller.
                                    confidence="medium"
                                    if not guarded.get(id(s), False) and _to_caller(info.target)
                                    else None,
                                )


def _to_caller(target: Expr | None) -> bool:
    return target is not None and any(x.is_member("msg", "sender") for x in target.walk())


def _settable(scope: Scope) -> dict[str, str]:
    """Plain (non-mapping) state variables that a public function sets from its inputs or msg.value."""
    out: dict[str, str] = {}
    for f in scope.contract.functions:
        if not f.is_public or f.body is None or f.kind == "constructor":
            continue
        params = {p.name for p in f.params}
        for s in f.statements():
            for e in s.exprs:
                for x in e.walk():
                    if (
                        x.kind == "assign"
                        and x.args[0].kind == "ident"
                        and x.args[0].name in scope.state
                        and any(
                            y.is_member("msg", "value") or (y.kind == "ident" and y.name in params)
                            for y in x.args[1].walk()
                        )
                    ):
                        out.setdefault(x.args[0].name, f.name)
    return out


@register
class HashPuzzle(ScanDetector):
    id = "public-solution"
    category = "front_running"
    swc_id = "SWC-114"
    severity = "medium"
    confidence = "medium"
    description = (
        "A reward is paid for submitting a value that matches a stored hash; the answer is visible in"
        " the mempool and can be copied with a higher gas price."
    )
    example = """pragma solidity ^0.4.24;
contract Puzzle {
    bytes32 constant hash = 0xb5b5b97fafd9855eec9b41f74dfb6c38f5951141f9a3ecd7f44d5479b630ee0a;
    function solve(string solution) public {
        require(hash == keccak256(solution));
        msg.sender.transfer(1000 ether);
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Puzzle {
    bytes32 constant hash = 0xb5b5b97fafd9855eec9b41f74dfb6c38f5951141f9a3ecd7f44d5479b630ee0a;
    mapping(address => bytes32) commits;
    function commit(bytes32 c) public { commits[msg.sender] = c; }
    function solve(string solution) public {
        require(commits[msg.sender] == keccak256(msg.sender, solution));
        require(hash == keccak256(solution));
        msg.sender.transfer(1000 ether);
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                if not f.is_public or f.body is None:
                    continue
                params = {p.name for p in f.params}
                locals_ = scope.local_types(f)
                pays = any(
                    i.kind in ("transfer", "send") or "value" in i.expr.options
                    for s in f.statements()
                    for e in s.exprs
                    for i in scope.calls(e, locals_)
                )
                if not pays:
                    continue
                conds = [
                    x
                    for s in f.statements()
                    for e in s.exprs
                    for x in e.walk()
                    if x.kind == "binary" and x.name == "=="
                ]
                committed = any(_mentions_sender(c) for c in conds)
                for c in conds:
                    if any(_hash_of_param(a, params) for a in c.args) and not committed:
                        yield self.finding(
                            unit,
                            c.line,
                            "the submitted solution is public before it is mined;"
                            " anyone can copy it and claim the reward first",
                            contract=scope.contract,
                            function=f,
                        )


def _hash_of_param(e: Expr, params: set[str]) -> bool:
    return any(
        x.kind == "call"
        and x.callee.kind == "ident"
        and x.callee.name in _HASHES
        and any(y.kind == "ident" and y.name in params for a in x.arguments for y in a.walk())
        for x in e.walk()
    )


def _mentions_sender(e: Expr) -> bool:
    return any(x.is_member("msg", "sender") for x in e.walk())
