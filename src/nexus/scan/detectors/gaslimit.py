"""Gas-limit denial of service (SWC-128): a loop that runs to the length of a storage array any caller
can grow. Each push costs the attacker one cheap transaction; each costs the loop's caller a storage read
(and whatever the body does) on every run, until the loop no longer fits in a block and the function
reverts for everyone. Loops whose body pays or calls out are `call-in-loop`'s; this reports the rest."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..findings import ScanFinding
from ..flow import Scope, caller_guarded, root_name
from ..ir import Expr, Function, SourceUnit, Stmt
from ._loops import grows, loops_of
from .base import ScanDetector, register

__all__ = ["UnboundedLoop", "growable_arrays", "open_growth_sites", "walked_array"]

_CALLS_OUT = ("lowlevel", "send", "transfer", "external")
_COMPARE = ("<", "<=", ">", ">=", "!=")
# A Vyper DynArray this long is as good as unbounded: its loop runs out of gas long before the cap.
_VYPER_CAP = 1000


def growable_arrays(scope: Scope) -> set[str]:
    """State arrays with no useful length cap: Solidity `T[]`, Vyper `DynArray[T, N]` with a large N."""
    out: set[str] = set()
    for name, v in scope.state.items():
        if v.constant:
            continue
        if v.type.endswith("[]"):
            out.add(name)
        elif (m := re.match(r"DynArray\[.*,\s*([0-9_]+|2\s*\*\*\s*\d+)\s*\]$", v.type)) is not None:
            cap = m.group(1).replace(" ", "").replace("_", "")
            size = 2 ** int(cap.split("**")[1]) if "**" in cap else int(cap)
            if size >= _VYPER_CAP:
                out.add(name)
    return out


def open_growth_sites(scope: Scope, arrays: set[str]) -> dict[str, list[int]]:
    """For each array: the lines where a public function grows it on a path no caller check guards,
    directly or through the internal functions it calls there."""
    out: dict[str, list[int]] = {}
    for f in scope.contract.functions:
        if not f.is_public or f.body is None or f.kind in ("constructor", "modifier") or f.is_readonly:
            continue
        _grown_in(scope, f, arrays, out, set())
    return out


def _grown_in(scope: Scope, f: Function, arrays: set[str], out: dict[str, list[int]], seen: set[int]) -> None:
    seen.add(id(f))
    guards = caller_guarded(scope, f)
    locals_ = scope.local_types(f)
    for s in f.statements():
        if guards.get(id(s), False):
            continue
        for e in s.exprs:
            for x in e.walk():
                if (g := grows(x)) in arrays and g not in locals_ and x.line not in out.get(g, []):
                    out.setdefault(g, []).append(x.line)
                if x.kind == "call" and (info := scope.classify(x, locals_)).kind == "internal":
                    for callee in scope.internal_targets(info):
                        if id(callee) not in seen and not callee.is_public:
                            _grown_in(scope, callee, arrays, out, seen)


def _conjuncts(e: Expr) -> Iterable[Expr]:
    if e.kind == "binary" and e.name in ("&&", "and"):
        for a in e.args:
            yield from _conjuncts(a)
    else:
        yield e


def _length_of(e: Expr, arrays: set[str], aliases: dict[str, str]) -> str:
    """The array whose length `e` is (`a.length`, `len(a)`, a local copied from one), else ""."""
    if e.kind == "member" and e.name == "length" and e.args and root_name(e.args[0]) in arrays:
        return root_name(e.args[0])
    if e.kind == "call" and e.callee.kind == "ident" and e.callee.name == "len" and e.arguments:
        name = root_name(e.arguments[0])
        return name if name in arrays else ""
    if e.kind == "ident" and e.name in aliases:
        return aliases[e.name]
    return ""


def walked_array(loop: Stmt, arrays: set[str], aliases: dict[str, str], vyper: bool = False) -> str:
    """The growable array a loop runs to the end of when nothing else bounds it, else ""."""
    if not loop.exprs:
        return ""
    cond = loop.exprs[0]
    if vyper:  # Vyper: `for x in self.a` or `for i in range(len(self.a))`
        if cond.kind == "ident" and cond.name in arrays:
            return cond.name
        if cond.kind == "call" and cond.callee.kind == "ident" and cond.callee.name == "range":
            found = [_length_of(a, arrays, aliases) for a in cond.arguments]
            return found[-1] if found and found[-1] and len(found) <= 2 else ""
        return ""
    walked = ""
    for c in _conjuncts(cond):
        if c.kind != "binary" or c.name not in _COMPARE:
            return ""  # another test in the condition (a flag, a call) may end the loop: not provably unbounded
        sides = [_length_of(a, arrays, aliases) for a in c.args]
        if not any(sides):
            return ""  # a second bound (`&& i < MAX`, a caller's page end) caps the iterations
        walked = walked or next(s for s in sides if s)
    return walked


def _length_copies(f: Function, arrays: set[str]) -> dict[str, str]:
    """Locals that hold an array's length (`uint n = a.length;`)."""
    out: dict[str, str] = {}
    for s in f.statements():
        if s.kind == "var" and len(s.names) == 1 and s.exprs:
            name = _length_of(s.exprs[0], arrays, {})
            if name:
                out[s.names[0]] = name
    return out


def _rewrites_bound(loop: Stmt, aliases: dict[str, str]) -> bool:
    """The body assigns a copied length (`high = mid` in a binary search): not a walk of every element."""
    return any(
        x.kind in ("assign", "unary") and x.args and x.args[0].kind == "ident" and x.args[0].name in aliases
        for s in loop.body
        for st in s.walk()
        for e in st.exprs
        for x in e.walk()
    )


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
            sites = open_growth_sites(scope, growable_arrays(scope))
            if not sites:
                continue
            for f in scope.contract.functions:
                if f.body is None or f.is_readonly or f.kind in ("modifier", "constructor"):
                    continue  # a view's loop costs only the off-chain reader; a constructor's list is empty
                aliases = _length_copies(f, set(sites))
                locals_ = scope.local_types(f)
                for loop in loops_of(f.body):
                    name = walked_array(loop, set(sites), aliases, unit.language == "vyper")
                    if not name or name in locals_ or _rewrites_bound(loop, aliases):
                        continue
                    calls = (i for s in loop.body for st in s.walk() for e in st.exprs for i in scope.calls(e, locals_))
                    if any(i.kind in _CALLS_OUT for i in calls):
                        continue  # call-in-loop reports it, on the call
                    found = self.finding(
                        unit,
                        loop.line,
                        f"the loop runs over all of `{name}`, which any caller can grow (line"
                        f" {sites[name][0]}); once it is long enough this function runs out of gas for everyone",
                        contract=scope.contract,
                        function=f,
                    )
                    found.related = sorted(set(sites[name]) - {loop.line})
                    yield found
