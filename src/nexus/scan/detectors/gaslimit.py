"""Gas-limit denial of service (SWC-128): a loop that runs to the length of a storage array callers can
grow. Each push costs the attacker one cheap transaction; each costs the loop's caller a storage read
(and whatever the body does) on every run, until the loop no longer fits in a block and the function
reverts for everyone. Loops whose body pays or calls out are `call-in-loop`'s; this reports the rest.

The array may be a state array, an array inside a mapping (`orders[user]`) or a struct
(`groups[id].members`), walked up (`i < a.length`, a copied length, Vyper `for x in self.a`) or down
(`for (i = a.length; i > 0; i--)`, `while (j != 0) { j--; .. }`). Not reported: a second bound
(`&& i < MAX`, a page a caller picks, a countdown to a caller's start), owner-only growth, growth capped
by a check on the array's own length, and any walk whose floor cost (`_gas`) fits in a block: a Vyper
`DynArray`'s capacity or a cap times the per-iteration storage reads, against the 30M gas block.

Severity, by who grows the list (see `_growth`):

* anyone can grow it (a shared array, or another user's entry: `orders[to].push`): medium, medium;
* each user grows only their own entry (`orders[msg.sender].push`) and the loop walks the caller's own
  entry: the only victim is the pusher, who lengthened their own list: low, low;
* own-only growth, but the loop walks someone else's entry (`settle(user)`, a liquidation): that user
  can make an operation others need run out of gas: medium severity, low confidence (it matters only
  when someone other than the user must run it)."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import ScanFinding
from ..flow import Scope
from ..ir import Expr, Function, SourceUnit, Stmt, render
from ._arrays import capacity, declared_type, element_width, keys_of, literal_value, shape, storage_pointers
from ._gas import BLOCK_GAS_LIMIT, iteration_cost
from ._growth import Growth, growth_sites, senders_of
from ._loops import loops_of
from ._nowrites import idle_reader
from ._pricesrc import reached_by_write
from .base import ScanDetector, register

__all__ = ["UnboundedLoop", "walked_array"]

_CALLS_OUT = ("lowlevel", "send", "transfer", "external")
_COMPARE = ("<", "<=", ">", ">=", "!=")
_STEPS = ("++", "--", "x++", "x--")


def _conjuncts(e: Expr) -> Iterable[Expr]:
    if e.kind == "binary" and e.name in ("&&", "and"):
        for a in e.args:
            yield from _conjuncts(a)
    else:
        yield e


def _unstep(e: Expr) -> Expr:
    return e.args[0] if e.kind == "unary" and e.name in _STEPS and e.args else e


def _length_arr(e: Expr, copies: dict[str, Expr]) -> Expr | None:
    """The array whose length `e` is (`a.length`, `len(a)`, a local copied from one; through casts and
    plus or minus a literal), else None."""
    while e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    if e.kind == "binary" and e.name in ("+", "-") and len(e.args) == 2:
        if e.args[1].kind == "literal":
            return _length_arr(e.args[0], copies)
        return _length_arr(e.args[1], copies) if e.name == "+" and e.args[0].kind == "literal" else None
    if e.kind == "member" and e.name == "length" and e.args:
        return e.args[0]
    if e.kind == "call" and e.callee.kind == "ident" and e.callee.name == "len" and e.arguments:
        return e.arguments[0]
    return copies.get(e.name) if e.kind == "ident" else None


def _length_copies(stmts: Iterable[Stmt]) -> dict[str, Expr]:
    """Locals that hold an array's length (`uint n = a.length;`, `i = a.length`) and are never set to
    anything else but one step from it."""
    found: dict[str, Expr] = {}
    other: set[str] = set()
    for s in stmts:
        sets = [(s.names[0], s.exprs[0])] if s.kind == "var" and len(s.names) == 1 and s.exprs else []
        sets += [
            (x.args[0].name, x.args[1])
            for e in s.exprs
            for x in e.walk()
            if x.kind == "assign"
            and x.name == "="
            and x.args[0].kind == "ident"
            and _step(x, x.args[0].name) not in ("down", "up")
        ]
        for name, value in sets:
            arr = _length_arr(value, {})
            if arr is None or name in found and render(found[name]) != render(arr):
                other.add(name)
            else:
                found.setdefault(name, arr)
    return {k: v for k, v in found.items() if k not in other}


def _copies_for(loop: Stmt, outside: dict[str, Expr]) -> dict[str, Expr]:
    """The copied lengths a loop sees: the function's, shadowed by its own initialiser's names."""
    mine = _length_copies(loop.init)
    declared = {n for s in loop.init for n in s.names} | {
        x.args[0].name
        for s in loop.init
        for e in s.exprs
        for x in e.walk()
        if x.kind == "assign" and x.args[0].kind == "ident"
    }
    return {**{k: v for k, v in outside.items() if k not in declared}, **mine}


def _step(x: Expr, name: str) -> str:
    """How `x` writes local `name`: "down"/"up" by one, "other", or "" (it does not)."""
    if x.kind not in ("assign", "unary") or not x.args or x.args[0].kind != "ident" or x.args[0].name != name:
        return ""
    if x.kind == "unary":
        return {"--": "down", "x--": "down", "++": "up", "x++": "up"}.get(x.name, "other")
    one = len(x.args) == 2 and x.args[1].kind == "literal" and x.args[1].name == "1"
    if x.name in ("-=", "+=") and one:
        return "down" if x.name == "-=" else "up"
    v = x.args[1] if len(x.args) == 2 else None
    if x.name == "=" and v is not None and v.kind == "binary" and v.name in ("+", "-") and len(v.args) == 2:
        if v.args[0].kind == "ident" and v.args[0].name == name and v.args[1].kind == "literal":
            if v.args[1].name == "1":
                return "down" if v.name == "-" else "up"
    return "other"


def _writes(loop: Stmt, name: str) -> set[str]:
    exprs = [*loop.exprs, *(e for s in loop.body for st in s.walk() for e in st.exprs)]
    return {k for e in exprs for x in e.walk() if (k := _step(x, name))}


def walked_array(loop: Stmt, growable: set[str], copies: dict[str, Expr], scope: Scope, f: Function) -> Expr | None:
    """The growable array a loop runs over whole when nothing else bounds it, else None."""
    if not loop.exprs:
        return None
    locals_, pointers = scope.local_types(f), storage_pointers(scope, f)

    def grows(arr: Expr | None) -> bool:
        return arr is not None and shape(arr, scope, pointers, locals_) in growable

    cond = loop.exprs[0]
    if scope.unit.language == "vyper":  # `for x in self.a` or `for i in range(len(self.a))`
        if grows(cond):
            return cond
        if cond.kind == "call" and cond.callee.kind == "ident" and cond.callee.name == "range":
            found = [_length_arr(a, copies) for a in cond.arguments]
            return found[-1] if found and grows(found[-1]) and len(found) <= 2 else None
        return None
    walked: Expr | None = None
    for c in _conjuncts(cond):
        if c.kind != "binary" or c.name not in _COMPARE:
            return None  # another test in the condition (a flag, a call) may end the loop
        arrs = [_length_arr(_unstep(a), copies) for a in c.args]
        at = next((i for i, a in enumerate(arrs) if grows(a)), None)
        if at is None:
            return None  # a second bound (`&& i < MAX`, a caller's page end) caps the iterations
        counter = _unstep(c.args[at])
        if counter.kind == "ident" and counter.name in copies and "down" in _writes(loop, counter.name):
            if literal_value(c.args[1 - at], scope) is None:
                return None  # a countdown to a caller's page start, not to zero
        if counter.kind == "ident" and counter.name in copies and "up" in _writes(loop, counter.name):
            return None  # from the length up to the other side (`i = a.length; i < cap`): a top-up to it
        walked = walked or arrs[at]
    return walked


def _rewrites_bound(loop: Stmt, copies: dict[str, Expr]) -> bool:
    """The loop writes a copied length other than by one step (`high = mid` in a binary search)."""
    return any("other" in _writes(loop, name) for name in copies)


def _shown(arr: Expr, pointers: dict[str, Expr]) -> str:
    """The array as written, a storage pointer replaced by what it points at (`mine` → `stakes[msg.sender]`)."""
    text, root = render(arr), arr
    while root.kind in ("index", "member") and root.args:
        root = root.args[0]
    if root.kind == "ident" and root.name in pointers:
        return render(pointers[root.name]) + text[len(root.name) :]
    return text


@register
class UnboundedLoop(ScanDetector):
    id = "unbounded-loop"
    category = "denial_of_service"
    swc_id = "SWC-128"
    severity = "medium"
    confidence = "medium"
    languages = ("solidity", "vyper")
    description = (
        "A loop runs over a whole storage array that any caller can grow; past the block gas limit the"
        " function can never complete."
    )
    example = """pragma solidity ^0.4.24;
contract Rewards {
    address[] members;
    mapping(address => uint) points;
    function join() public { members.push(msg.sender); }
    function award() public {
        for (uint i = 0; i < members.length; i++) {
            points[members[i]] += 1;
        }
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Rewards {
    address owner;
    address[] members;
    mapping(address => uint) points;
    function join(address who) public { require(msg.sender == owner); members.push(who); }
    function award() public {
        for (uint i = 0; i < members.length; i++) {
            points[members[i]] += 1;
        }
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            sites = growth_sites(scope)
            if not sites:
                continue
            for f in scope.contract.functions:
                if f.body is None or f.kind in ("modifier", "constructor"):
                    continue  # a constructor's list is empty
                if f.is_readonly and not reached_by_write(scope, f) or idle_reader(scope, f):  # _nowrites.py
                    continue  # a view's loop costs only the off-chain reader, unless a state change calls it
                yield from self._loops(unit, scope, f, sites)

    def _loops(
        self, unit: SourceUnit, scope: Scope, f: Function, sites: dict[str, list[Growth]]
    ) -> Iterable[ScanFinding]:
        inits = {id(i) for loop in loops_of(f.body or []) for s in loop.init for i in s.walk()}
        outside = _length_copies(s for s in f.statements() if id(s) not in inits)
        locals_, pointers = scope.local_types(f), storage_pointers(scope, f)
        senders = senders_of(f, set())
        for loop in loops_of(f.body or []):
            copies = _copies_for(loop, outside)
            arr = walked_array(loop, set(sites), copies, scope, f)
            if arr is None or _rewrites_bound(loop, copies):
                continue
            calls = (i for s in loop.body for st in s.walk() for e in st.exprs for i in scope.calls(e, locals_))
            if any(i.kind in _CALLS_OUT for i in calls):
                continue  # call-in-loop reports it, on the call
            sh = shape(arr, scope, pointers, locals_)
            t = declared_type(sh, scope)
            cost = iteration_cost(loop, sh, element_width(t, unit.language), scope, pointers, locals_)
            room = capacity(t, scope)
            if room is None:
                continue  # a Vyper capacity the scanner cannot evaluate: bounded, by how much unknown
            growth = [(g, min(g.cap, room)) for g in sites[sh]]
            anyone = [(g, n) for g, n in growth if not g.own and n * cost > BLOCK_GAS_LIMIT]
            own = [(g, n) for g, n in growth if g.own and n * cost > BLOCK_GAS_LIMIT]
            if not anyone and not own:
                continue  # every way to grow it keeps the walk inside a block
            hits = anyone or own
            bound = max(n for _, n in hits)
            lines = sorted({g.line for g, _ in hits})
            what = f"the loop runs over all of `{_shown(arr, pointers)}`"
            size = "" if bound == float("inf") else f" (up to {bound:,.0f} elements at {cost:,.0f}+ gas each)"
            if anyone:
                msg, sev, conf = (
                    f"{what}, which any caller can grow (line {lines[0]}){size}; once it is long enough this"
                    " function runs out of gas for everyone",
                    None,
                    None,
                )
            elif any(
                k.is_member("msg", "sender") or k.kind == "ident" and k.name in senders
                for k in keys_of(arr, pointers, locals_)
            ):
                msg, sev, conf = (
                    f"{what}, the caller's own list, which only its owner grows (line {lines[0]}){size}; a long"
                    " list blocks only the user who made it",
                    "low",
                    "low",
                )
            else:
                msg, sev, conf = (
                    f"{what}, a list its user grows for themselves (line {lines[0]}){size}; that user can make"
                    " this loop over their list run out of gas for whoever must run it for them",
                    None,
                    "low",
                )
            found = self.finding(
                unit, loop.line, msg, contract=scope.contract, function=f, severity=sev, confidence=conf
            )
            found.related = sorted(set(lines) - {loop.line})
            yield found
