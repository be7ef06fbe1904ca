"""Transaction-order dependence on terms (SWC-114): a purchase turns what the buyer pays into what the
buyer gets through a stored term (a price, a rate, a listing's price) that another function lets its
caller (often the seller) set. The buyer signs against the term they saw; the setter's transaction,
ordered first, changes it under the pending purchase. Two ways to pay: msg.value converted through the
term (the buyer gets less), or an ERC-20 amount priced by the term pulled from the buyer with
`transferFrom(msg.sender, ..)` / `safeTransferFrom` (the buyer pays more, up to their allowance). Safe
when the buyer states the terms they accept (an expected or maximum price, a minimum out, a maximum cost
that the purchase compares with the term or with what it computes), when only the owner purchases, and
when the terms are fixed as the listing is created (see `_terms`)."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import ScanFinding
from ..flow import Scope, caller_guarded
from ..ir import Function, SourceUnit
from ._sale import pulled_from_caller, sale_hits
from ._terms import Flow, TermKey, display, term_setters
from .base import ScanDetector, register

__all__ = ["PriceChangeRace", "pulled_from_caller"]

_ARITH = ("+", "-", "*", "/", "%", "**")
_COMPARE = ("==", "!=", "<", "<=", ">", ">=")


def _is_payable(f: Function) -> bool:
    return f.is_public and f.body is not None and (f.mutability == "payable" or "payable" in f.decorators)


@register
class PriceChangeRace(ScanDetector):
    id = "price-change-race"
    category = "front_running"
    swc_id = "SWC-114"
    severity = "medium"
    confidence = "medium"
    languages = ("solidity", "vyper")
    description = (
        "A purchase converts msg.value, or pulls an ERC-20 amount, through a price or rate that another"
        " function can change; a transaction ordered first changes what the pending buyer gets or pays,"
        " and the buyer states no limit."
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
            setters = term_setters(scope)
            if not setters:
                continue
            for f in scope.contract.functions:
                if not f.is_public or f.body is None or f.kind in ("constructor", "modifier") or f.is_readonly:
                    continue
                flow = Flow(f, setters, scope.local_types(f))
                if flow.setters:
                    yield from self._purchase(unit, scope, f, flow)

    def _purchase(self, unit: SourceUnit, scope: Scope, f: Function, flow: Flow) -> Iterable[ScanFinding]:
        guarded = caller_guarded(scope, f)
        payable = _is_payable(f)
        hits: dict[TermKey, tuple[int, str]] = {}  # term -> (line, how the buyer pays)
        limited: set[TermKey] = set()
        for s in f.statements():
            for e in s.exprs:
                for x in e.walk():
                    if (amount := pulled_from_caller(x)) is not None and not guarded.get(id(s), False):
                        if (term := flow.term(amount))[0]:
                            hits.setdefault(term, (x.line, "tokens"))
                    if x.kind != "binary" or len(x.args) != 2:
                        continue
                    a, b = x.args
                    if x.name in _COMPARE:  # the buyer's own limit on the term or on the result
                        for p, q in ((a, b), (b, a)):
                            if flow.caller_bound(p) and not flow.pays(p) and flow.term(q)[0]:
                                limited.add(flow.term(q))
                    elif payable and x.name in _ARITH and not guarded.get(id(s), False):
                        for p, q in ((a, b), (b, a)):
                            term = flow.term(q)
                            if x.name == "-" and p is a:
                                continue  # `msg.value - price`: change handed back, the buyer pays at most msg.value
                            if flow.pays(p) and term[0] and not flow.pays(q):
                                hits.setdefault(term, (x.line, "ether"))
        for term, line in sale_hits(scope, f, flow, guarded).items():
            hits.setdefault(term, (line, "sale"))
        for term, (line, how) in sorted(hits.items(), key=lambda kv: kv[1][0]):
            if term in limited:
                continue
            sites = flow.setters_of(term)
            what = {
                "ether": "what the buyer gets for msg.value depends on",
                "tokens": "the tokens pulled from the buyer are priced by",
                "sale": "what the seller is paid for the amount it hands over depends on",
            }[how]
            limit = {"ether": "expected price or minimum", "tokens": "maximum price or cost"}.get(how, "minimum payout")
            found = self.finding(
                unit,
                line,
                f"{what} `{display(term)}`, which `{sites[0][0]}` can change while the purchase is pending;"
                f" the {'seller' if how == 'sale' else 'buyer'} states no {limit}",
                contract=scope.contract,
                function=f,
            )
            found.related = sorted({at for _, at in sites} - {line})
            yield found
