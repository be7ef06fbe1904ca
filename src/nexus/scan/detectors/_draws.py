"""Block values that decide nothing (bad-randomness, timestamp-dependence): use sites, commit-reveal mixes.

A demanding auditor asks whether a value a miner or a caller can predict or steer decides who wins value.
These uses of a block value do not: a block hash handed back as it is (an accessor: any draw happens where
the hash is consumed, and provenance follows it there), an identifier hashed from block values that names a
record, a hash that mixes a block value with a secret revealed against a stored commitment (a commit-reveal
or verified-proof seed: neither miner nor caller can compute it), the rotating start of a scan in read-only
code (which entry is looked at first, nothing paid or written), and the time slot of a read-only ring buffer
that the contract fills at time-keyed slots. This module answers use-site questions and finds the
commit-reveal mixes (provenance must stop at them); `_quiet` decides the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..flow import Scope, root_name
from ..ir import Expr, Function, SourceUnit, Stmt, render
from ..taint import Provenance

__all__ = [
    "Barred",
    "Index",
    "Site",
    "commit_mixes",
    "hash_accessors",
    "holder",
    "is_blockhash",
    "is_hash",
    "lift",
    "stored",
    "strip",
    "use",
    "written_reach",
]

_HASHES = {"keccak256", "sha3", "sha256", "ripemd160"}
_EMPTY: frozenset[int] = frozenset()


def is_hash(x: Expr) -> bool:
    return x.kind == "call" and x.callee.kind == "ident" and x.callee.name in _HASHES


def is_blockhash(e: Expr) -> bool:
    return e.kind == "call" and (
        (e.callee.kind == "ident" and e.callee.name == "blockhash") or e.callee.is_member("block", "blockhash")
    )


def strip(x: Expr) -> Expr:
    while x.kind == "cast" and x.args:
        x = x.args[0]
    return x


def _hash_inputs(h: Expr) -> list[Expr]:
    """A hash's operands, looking through `abi.encode(..)`/`abi.encodePacked(..)` and casts."""
    out: list[Expr] = []
    for a in h.arguments:
        a = strip(a)
        if a.kind == "call" and (a.callee.is_member("abi", "encodePacked") or a.callee.is_member("abi", "encode")):
            out += [strip(b) for b in a.arguments]
        else:
            out.append(a)
    return out


def _is_zero(e: Expr) -> bool:
    e = strip(e)
    if e.kind == "call" and e.callee.kind == "ident" and e.callee.name == "empty":
        return True  # Vyper's empty(bytes32)
    return e.kind == "literal" and (e.name in ('""', "''") or e.name.isdigit() and int(e.name) == 0 or e.name == "0x0")


def _parents(e: Expr) -> dict[int, Expr]:
    return {id(a): x for x in e.walk() for a in (*x.args, *x.options.values())}


@dataclass
class Site:
    """One occurrence of a node: its statement, the statement's expression holding it, and its parent."""

    stmt: Stmt
    top: Expr
    node: Expr
    up: Expr | None


@dataclass
class Index:
    """Every node of one function with its parent, for use-site questions."""

    f: Function
    sites: list[Site] = field(default_factory=list)
    loop_inits: set[int] = field(default_factory=set)  # a for loop's initialiser statements
    in_loops: set[int] = field(default_factory=set)  # statements in a loop's body

    def __post_init__(self) -> None:
        for s in self.f.statements():
            if s.kind == "loop":
                self.loop_inits |= {id(i) for i in s.init}
                self.in_loops |= {id(t) for b in s.body for t in b.walk()}
            for e in s.exprs:
                p = _parents(e)
                self.sites += [Site(s, e, x, p.get(id(x))) for x in e.walk()]
        self._up = {id(st.node): st for st in self.sites}

    def site(self, x: Expr) -> Site | None:
        return self._up.get(id(x))

    def target(self, st: Site) -> bool:
        up = st.up
        if up is not None and up.kind == "assign" and up.args[0] is st.node:
            return True
        site = self.site(up) if up is not None and up.kind == "tuple" else None
        outer = site.up if site is not None else None
        return outer is not None and outer.kind == "assign" and outer.args[0] is up

    def reads(self, name: str) -> list[Site]:
        return [st for st in self.sites if st.node.kind == "ident" and st.node.name == name and not self.target(st)]

    def values(self, name: str) -> list[Expr] | None:
        """Every value assigned to `name` (declaration or `=`); None when it is also updated in place."""
        out: list[Expr] = []
        for st in self.sites:
            if st.up is not None and self.target(st) and st.node.kind == "ident" and st.node.name == name:
                if st.up.kind != "assign" or st.up.name != "=" or st.up.args[0] is not st.node:
                    return None  # `x += ..`, or a tuple assignment
                out.append(st.up.args[1])
        for s in self.f.statements():
            if s.kind == "var" and s.names == [name] and s.exprs:
                out.append(s.exprs[0])
        return out


_WHOLE = ("bytes32", "uint", "uint256", "int", "int256")  # a 32-byte word kept whole (not a narrowing cast)


def lift(st: Site, ix: Index, whole: bool = False) -> Site:
    """The site of the value `st` holds once the casts around it (only those that keep all 32 bytes when
    `whole`), or a choice between it and another value (`c ? x : y`), are applied."""
    while st.up is not None and (
        st.up.kind == "cast"
        and (not whole or st.up.name in _WHOLE)
        or st.up.kind == "ternary"
        and st.up.args[0] is not st.node
    ):
        outer = ix.site(st.up)
        if outer is None:
            break
        st = outer
    return st


def use(st: Site, ix: Index, whole: bool = False) -> str:
    """How the value at `st` is used: key, arg, log, return, zero, loop, or other (`whole`: see `lift`)."""
    st = lift(st, ix, whole)
    up, x = st.up, st.node
    if up is not None and up.kind == "index" and len(up.args) > 1 and up.args[1] is x:
        return "key"
    if up is not None and up.kind == "call" and up.callee is not x and not is_hash(up):
        return "arg"
    if up is not None and up.kind == "other" and up.name == "named":  # `S({id: x})`: a named argument
        return "arg"
    if up is not None and up.kind == "binary" and up.name in ("==", "!=") and any(_is_zero(a) for a in up.args):
        return "zero"
    if st.stmt.kind == "emit" and up is None:
        return "log"
    outer = ix.site(up) if up is not None and up.kind == "tuple" else None
    if st.stmt.kind == "return" and (up is None or outer is not None and outer.up is None):
        return "return"
    if st.stmt.kind == "loop" or id(st.stmt) in ix.loop_inits:
        return "loop"
    return "other"


def commit_mixes(scope: Scope) -> set[int]:
    """Hashes that mix a parameter the function checks against a stored commitment (`ticket =
    keccak256(reveal); bets[ticket]` ... `keccak256(blockhash(b), reveal)`): the revealed secret or the
    verified proof's seed was fixed before the block, and neither miner nor caller can compute the draw."""
    out: set[int] = set()
    for fs in scope.functions.values():
        for f in fs:
            if sum(is_hash(x) for s in f.statements() for e in s.exprs for x in e.walk()) < 2:
                continue
            ix, params = Index(f), {p.name for p in f.params}
            hashes = [st.node for st in ix.sites if is_hash(st.node)]
            committed: set[str] = set()
            for k in hashes:
                if _keys_state(k, ix, scope):
                    committed |= {render(a) for a in _hash_inputs(k) if root_name(a) in params}
            for h in hashes:
                ins = {render(a) for a in _hash_inputs(h)}
                if ins & committed and not _keys_state(h, ix, scope):
                    out.add(id(h))
    return out


def _keys_state(h: Expr, ix: Index, scope: Scope) -> bool:
    """The hash (through casts, or a local holding it) names a stored entry that the function checks
    (`require(commitments[id] != 0)`, `Bet storage bet = bets[id]; require(bet.amount != 0)`)."""
    st = ix.site(h)
    if st is None:
        return False
    st = lift(st, ix)
    name = holder(st)
    for r in [st, *(ix.reads(name) if name else [])]:
        entry = ix.site(r.up) if use(r, ix) == "key" and (r := lift(r, ix)).up is not None else None
        if entry is None or not stored(root_name(entry.node), ix, scope):
            continue
        kept = holder(lift(entry, ix))
        if _checked(entry, ix) or kept and any(_checked(k, ix) for k in ix.reads(kept)):
            return True
    return False


def _checked(st: Site, ix: Index) -> bool:
    """The value at `st` (or a member of it) is tested by an `if`, a `require` or an `assert`."""
    at: Site | None = st
    while at is not None:
        if at.up is None:
            return at.stmt.kind == "if" and at.node is at.stmt.exprs[0]
        if at.up.kind == "call" and at.up.callee.kind == "ident" and at.up.callee.name in ("require", "assert"):
            return True
        at = ix.site(at.up)
    return False


def holder(st: Site) -> str | None:
    """The local a value is declared into or assigned to as a whole."""
    if st.up is None and st.stmt.kind == "var" and len(st.stmt.names) == 1 and st.top is st.stmt.exprs[0]:
        return st.stmt.names[0]
    up = st.up
    if up is not None and up.kind == "assign" and up.name == "=" and up.args[1] is st.node:
        return up.args[0].name if up.args[0].kind == "ident" else None
    return None


def stored(name: str, ix: Index, scope: Scope) -> bool:
    """`name` is contract storage: a state variable, or no local (one a base in another file declares)."""
    return name in scope.state or bool(name) and name not in scope.local_types(ix.f)


class Barred(Provenance):
    """Provenance that stops at the given nodes (commit-reveal mixes): what they produce carries no source."""

    def __init__(
        self, scope: Scope, is_source: Callable[[Expr], bool], barriers: set[int], *, deep_state: bool = True
    ) -> None:
        self.barriers = barriers
        super().__init__(scope, is_source, deep_state=deep_state)

    def _origins(self, e: Expr, env: dict[str, frozenset[int]], locals_: set[str]) -> frozenset[int]:
        return _EMPTY if id(e) in self.barriers else super()._origins(e, env, locals_)


def _callees(f: Function, scope: Scope) -> Iterator[str]:
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "call" and x.callee.kind == "ident" and x.callee.name in scope.functions:
                    yield x.callee.name
                elif x.kind == "call" and x.callee.kind == "member" and x.callee.args[0].kind == "ident":
                    if x.callee.args[0].name in ("this", "super") and x.callee.name in scope.functions:
                        yield x.callee.name


def written_reach(scope: Scope) -> set[str]:
    """Names of the functions a state-changing function (or a modifier) of the scope reaches through
    internal calls."""
    graph: dict[str, set[str]] = {}
    for fs in scope.functions.values():
        for f in fs:
            graph.setdefault(f.name, set()).update(_callees(f, scope))
    todo = [f.name for fs in scope.functions.values() for f in fs if not f.is_readonly]
    todo += [n for m in scope.modifiers.values() for n in _callees(m, scope)]
    seen: set[str] = set()
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo += graph.get(n, set())
    return seen


def hash_accessors(unit: SourceUnit) -> set[str]:
    """Names of the functions of a file that hand a block hash back as it is (`return blockhash(n)`):
    where another contract of the file calls one (`rng.lastHash()`), the value it gets is a block value."""
    out: set[str] = set()
    for c in unit.contracts:
        for f in c.functions:
            if f.body is None or not any(is_blockhash(x) for s in f.statements() for e in s.exprs for x in e.walk()):
                continue
            ix, returns = Index(f), {p.name for p in f.returns}
            for st in ix.sites:
                if is_blockhash(st.node) and (use(st, ix, True) == "return" or holder(lift(st, ix, True)) in returns):
                    out.add(f.name)
    return out
