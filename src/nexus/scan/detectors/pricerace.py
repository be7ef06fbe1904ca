"""Transaction-order dependence on terms (SWC-114): a payable purchase turns the ether it receives into
what the buyer gets through a storage value (a price, a rate) that another function lets its caller
(often the seller) set. The buyer signs against the value they saw; the setter's transaction, ordered
first, changes it under the pending purchase. Safe when the buyer states the terms they accept (an
expected price or a minimum out that the purchase compares with what it computes)."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import ScanFinding
from ..flow import Scope, caller_guarded, root_name
from ..ir import Expr, Function, SourceUnit
from .base import ScanDetector, register

__all__ = ["PriceChangeRace", "term_setters"]

_ARITH = ("+", "-", "*", "/", "%", "**")
_COMPARE = ("==", "!=", "<", "<=", ">", ">=")


def term_setters(scope: Scope) -> dict[str, tuple[str, int]]:
    """State variables a public function (not the constructor) overwrites with a value its caller
    chose, directly or through a variable that function set from it first (`bonus = r; rate = base +
    bonus;`): name -> (function, line of the write)."""
    out: dict[str, tuple[str, int]] = {}
    for f in (g for fs in scope.functions.values() for g in fs):
        if not f.is_public or f.body is None or f.kind in ("constructor", "modifier") or f.is_readonly:
            continue
        params = {p.name for p in f.params}
        chosen = set(params)
        for s in f.statements():
            for e in s.exprs:
                for x in e.walk():
                    if x.kind != "assign" or x.name != "=" or x.args[0].kind not in ("ident", "index", "member"):
                        continue
                    name = root_name(x.args[0])
                    var = scope.state.get(name)
                    if var is None or var.constant or name in params:
                        continue
                    if any(y.kind == "ident" and y.name in chosen for y in x.args[1].walk()):
                        out.setdefault(name, (f.name, x.line))
                        chosen.add(name)
    return out


def _is_payable(f: Function) -> bool:
    return f.is_public and f.body is not None and (f.mutability == "payable" or "payable" in f.decorators)


class _Flow:
    """Which locals of one function carry msg.value and which carry a settable term."""

    def __init__(self, f: Function, terms: dict[str, tuple[str, int]], locals_: dict[str, str]):
        self.terms = {t for t, (setter, _) in terms.items() if setter != f.name}
        self.paid: set[str] = set()
        self.priced: dict[str, str] = {}  # local -> the term it carries
        self.params = {p.name for p in f.params}
        for _ in range(2):  # twice: a loop may carry a value back to an earlier statement
            for s in f.statements():
                if s.kind == "var" and s.exprs and len(s.names) == 1:
                    self._bind(s.names[0], s.exprs[0])
                for e in s.exprs:
                    for x in e.walk():
                        if x.kind == "assign" and x.args[0].kind == "ident" and x.args[0].name in locals_:
                            self._bind(x.args[0].name, x.args[1])

    def _bind(self, name: str, value: Expr) -> None:
        if self.pays(value):
            self.paid.add(name)
        term = self.term(value)
        if term:
            self.priced.setdefault(name, term)

    def pays(self, e: Expr) -> bool:
        return any(x.is_member("msg", "value") or (x.kind == "ident" and x.name in self.paid) for x in e.walk())

    def term(self, e: Expr) -> str:
        """The settable term `e` reads (not the buyer's own entry: `m[msg.sender]`), else ""."""
        for x in e.walk():
            if x.kind == "ident" and x.name in self.priced:
                return self.priced[x.name]
            if x.kind in ("ident", "index", "member") and root_name(x) in self.terms:
                if x.kind == "ident" or not any(y.is_member("msg", "sender") for y in x.walk()):
                    return root_name(x)
        return ""

    def caller_bound(self, e: Expr) -> bool:
        return any(x.kind == "ident" and x.name in self.params for x in e.walk())


@register
class PriceChangeRace(ScanDetector):
    id = "price-change-race"
    category = "front_running"
    swc_id = "SWC-114"
    severity = "medium"
    confidence = "medium"
    languages = ("solidity", "vyper")
    description = (
        "A purchase converts msg.value through a price or rate that another function can change; a"
        " transaction ordered first changes what the pending buyer gets, and the buyer states no limit."
    )
    example = """pragma solidity ^0.4.24;
contract Shop {
    address owner;
    uint price = 1 ether;
    mapping(address => uint) units;
    function setPrice(uint p) public { require(msg.sender == owner); price = p; }
    function buy() public payable {
        units[msg.sender] += msg.value / price;
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Shop {
    address owner;
    uint price = 1 ether;
    mapping(address => uint) units;
    function setPrice(uint p) public { require(msg.sender == owner); price = p; }
    function buy(uint expected) public payable {
        require(price == expected);
        units[msg.sender] += msg.value / price;
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            terms = term_setters(scope)
            if not terms:
                continue
            for f in scope.contract.functions:
                if not _is_payable(f):
                    continue
                flow = _Flow(f, terms, scope.local_types(f))
                if not flow.terms:
                    continue
                guarded = caller_guarded(scope, f)
                hits: dict[str, int] = {}
                limited: set[str] = set()
                for s in f.statements():
                    for e in s.exprs:
                        for x in e.walk():
                            if x.kind != "binary" or len(x.args) != 2:
                                continue
                            a, b = x.args
                            if x.name in _COMPARE:  # the buyer's own limit on the term or on the result
                                for p, q in ((a, b), (b, a)):
                                    if flow.caller_bound(p) and not flow.pays(p) and flow.term(q):
                                        limited.add(flow.term(q))
                            elif x.name in _ARITH and not guarded.get(id(s), False):
                                for p, q in ((a, b), (b, a)):
                                    term = flow.term(q)
                                    if flow.pays(p) and term and not flow.pays(q):
                                        hits.setdefault(term, x.line)
                for term, line in sorted(hits.items(), key=lambda kv: kv[1]):
                    if term in limited:
                        continue
                    setter, at = terms[term]
                    found = self.finding(
                        unit,
                        line,
                        f"what the buyer gets for msg.value depends on `{term}`, which `{setter}` can change"
                        " while the purchase is pending; the buyer states no expected price or minimum",
                        contract=scope.contract,
                        function=f,
                    )
                    found.related = [at]
                    yield found
