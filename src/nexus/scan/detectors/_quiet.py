"""Which block-value sinks of a contract's functions decide nothing (see `_draws`): identifiers that name a
record, rotating starts of read-only scans, time slots of read-only ring buffers, block hashes read as they are,
a time split into whole periods and the way into the current one."""

from __future__ import annotations

from ..flow import Scope, root_name
from ..guards import Fact, walk_facts
from ..ir import Expr, Function, render
from ..taint import Provenance
from ._draws import Index, Site, holder, is_blockhash, is_hash, lift, stored, strip, use, written_reach
from ._handback import handed_back, passed_on
from ._records import packed_record, verified_claim
from ._slots import identifier_slots

__all__ = ["Quiet"]


def _written(at: Site | None, ix: Index) -> bool:
    """The access path at `at` (or the path it is the base of) is assigned, deleted or stepped."""
    while at is not None and at.up is not None and at.up.kind in ("index", "member") and at.up.args[0] is at.node:
        at = ix.site(at.up)
    if at is None or at.up is None:
        return False
    up = at.up
    return (
        up.kind == "assign"
        and up.args[0] is at.node
        or up.kind == "unary"
        and up.name in ("delete", "++", "--", "x++", "x--")
    )


def _phase(st: Site, ix: Index) -> bool:
    """`t % period` (no hash in `t`) only ordered against a bound built from the same period (`phase >=
    period - closing`): where the clock is in its cycle, a schedule; a die roll compares with no period."""
    num, mod = st.node.args
    if any(is_hash(y) or is_blockhash(y) for y in num.walk()):
        return False
    at = lift(st, ix)
    name = holder(at)
    uses = [lift(r, ix) for r in ix.reads(name)] if name else [at]
    period = render(mod)
    for u in uses:
        up = u.up
        if up is None or up.kind != "binary" or up.name not in ("<", "<=", ">", ">=") or len(up.args) != 2:
            return False
        other = up.args[1] if up.args[0] is u.node else up.args[0]
        if not any(render(y) == period for y in other.walk()):
            return False
    return bool(uses)


def _split(st: Site, ix: Index) -> bool:
    """`t % p` (no hash in `t`) where the function also takes `t / p`: the whole periods elapsed and the
    way into the current one (a price decaying per half-life, interpolated within it), a schedule; or whose
    only use is the block time minus it, the start of the current window (`now - (now - created) % p`)."""
    num, mod = st.node.args
    if any(is_hash(y) or is_blockhash(y) for y in num.walk()):
        return False
    pair = (render(num), render(mod))
    if any(x.node.kind == "binary" and x.node.name == "/" and (*map(render, x.node.args),) == pair for x in ix.sites):
        return True
    at = lift(st, ix)
    name = holder(at)
    uses = [lift(r, ix) for r in ix.reads(name)] if name else [at]
    return bool(uses) and all(_window_start(u) for u in uses)


def _window_start(u: Site) -> bool:
    up = u.up
    if up is None:
        return False
    if up.kind == "binary" and up.name == "-" and len(up.args) == 2 and up.args[1] is u.node:
        return _is_now(up.args[0])
    if up.kind == "call" and up.callee.kind == "member" and up.callee.name == "sub" and up.arguments[:1]:
        return up.arguments[0] is u.node and _is_now(up.callee.args[0])  # `block.timestamp.sub(into)`
    return False


def _is_now(e: Expr) -> bool:
    return e.kind == "ident" and e.name == "now" or e.is_member("block", "timestamp")


class Quiet:
    """The nodes of one scope's functions that decide nothing, under the scope's (barred) provenance."""

    def __init__(self, scope: Scope, prov: Provenance, commits: set[int]) -> None:
        self.scope, self.prov, self.commits = scope, prov, commits
        self._written: set[str] | None = None
        self._timed: set[str] | None = None
        self._slots: frozenset[str] | None = None

    def of(self, f: Function) -> tuple[set[int], set[int]]:
        """(ids of every node inside a hash or modulo that is no draw, ids of block-hash calls read as they are)."""
        ix = Index(f)
        roots = {id(st.node) for st in ix.sites if id(st.node) in self.commits} | self._identifiers(ix)
        roots |= handed_back(ix, self.scope)  # returned to callers that only pass it on
        roots |= {
            id(st.node)
            for st in ix.sites
            if st.node.kind == "binary" and st.node.name == "%" and (_phase(st, ix) or _split(st, ix))
        }
        if self._readonly(f):
            for st in ix.sites:
                if st.node.kind == "binary" and st.node.name == "%" and (self._rotation(st, ix) or self._slot(st, ix)):
                    roots.add(id(st.node))
        inside = {id(y) for st in ix.sites if id(st.node) in roots for y in st.node.walk()}
        facts = {id(s): fs for s, fs in walk_facts(f.body or [])}
        reads = {id(st.node) for st in ix.sites if is_blockhash(st.node) and self._plain(st, ix, inside, facts)}
        return inside, reads

    # -- identifiers ------------------------------------------------------------------------------
    def _identifiers(self, ix: Index) -> set[int]:
        """Hashes held in a name (a local or a named return) that is only a key, an argument, logged or
        returned, and that names a state entry (directly or in the internal function it is handed to)."""
        f, out = ix.f, set()
        names = {p.name for p in f.returns if p.name}
        names |= {s.names[0] for s in f.statements() if s.kind == "var" and len(s.names) == 1}
        if self._slots is None:
            self._slots = identifier_slots(self.scope)
        slots = self._slots

        def kept(v: Expr) -> bool:  # the slot's own id, read back to be kept (see _slots)
            return v.kind == "ident" and v.name in slots

        for n in names:
            vals = ix.values(n)
            if not vals or not all(is_hash(strip(v)) or kept(strip(v)) for v in vals):
                continue
            reads = ix.reads(n)
            if any(
                use(r, ix) not in ("key", "arg", "log", "return") and holder(lift(r, ix)) not in slots for r in reads
            ):
                continue
            if any(self._names_entry(r, ix) or holder(lift(r, ix)) in slots for r in reads):
                out |= {id(strip(v)) for v in vals if is_hash(strip(v))}
        return out

    def _names_entry(self, st: Site, ix: Index, depth: int = 1) -> bool:
        """The value keys a stored entry that is written (`records[id] = ..`, `s[id].owner = ..`): it names
        the record it creates. An entry only read at a hashed key would be picked by the hash."""
        st = lift(st, ix)
        up = st.up
        if up is None:
            return False
        if up.kind == "index" and len(up.args) > 1 and up.args[1] is st.node:
            return stored(root_name(up), ix, self.scope) and _written(ix.site(up), ix)
        if depth and up.kind == "call" and up.callee.kind == "ident" and up.callee is not st.node:
            pos = next((i for i, a in enumerate(up.arguments) if a is st.node), -1)
            for g in self.scope.functions.get(up.callee.name, []):
                if g.body is not None and 0 <= pos < len(g.params):
                    gx = Index(g)
                    if any(self._names_entry(r, gx, depth - 1) for r in gx.reads(g.params[pos].name)):
                        return True
        return False

    # -- read-only code: rotations and time slots ---------------------------------------------------
    def _readonly(self, f: Function) -> bool:
        """A view/pure function that no state-changing function of the scope reaches."""
        if self._written is None:
            self._written = written_reach(self.scope)
        return f.is_readonly and f.name not in self._written

    def _rotation(self, st: Site, ix: Index) -> bool:
        """`i = (i + 1) % n` stepping a loop's cursor, or `start = h % n` only used as a loop's cursor or
        bound (here, or in the internal function it is handed to), as a key, or stepped so: where a scan
        starts, not what it finds."""
        if self._steps(st, ix):
            return True
        name = holder(lift(st, ix))
        reads = ix.reads(name) if name else []
        uses = [use(r, ix) for r in reads]
        if not reads or any(u not in ("key", "arg", "loop") and not self._stepped(r, ix) for r, u in zip(reads, uses)):
            return False
        return "loop" in uses or any(
            u == "loop" or u == "arg" and self._bounds_loop(r, ix) or self._stepped(r, ix)
            for r, u in zip(reads, uses, strict=True)
        )

    @staticmethod
    def _steps(st: Site, ix: Index) -> bool:
        """A modulo in a loop (its update or its body) assigned back to a name its left operand reads."""
        if not (st.stmt.kind == "loop" and st.top is not st.stmt.exprs[0] or id(st.stmt) in ix.in_loops):
            return False
        stepped = {y.name for y in st.top.walk() if y.kind == "ident" and (t := ix.site(y)) and ix.target(t)}
        return any(y.kind == "ident" and y.name in stepped for y in st.node.args[0].walk())

    def _stepped(self, r: Site, ix: Index) -> bool:
        """A read inside the left operand of a modulo that steps a loop cursor (`(i + 1) % n`)."""
        at: Site | None = r
        while at is not None and at.up is not None and at.up.kind == "binary" and at.up.name in ("+", "-"):
            at = ix.site(at.up)
        return (
            at is not None
            and at.up is not None
            and at.up.kind == "binary"
            and at.up.name == "%"
            and at.up.args[0] is at.node
            and (m := ix.site(at.up)) is not None
            and self._steps(m, ix)
        )

    def _bounds_loop(self, st: Site, ix: Index) -> bool:
        up = lift(st, ix).up
        if up is None or up.kind != "call" or up.callee.kind != "ident":
            return False
        pos = next((i for i, a in enumerate(up.arguments) if strip(a) is st.node or a is st.node), -1)
        for g in self.scope.functions.get(up.callee.name, []):
            if g.body is not None and 0 <= pos < len(g.params):
                gx = Index(g)
                if any(use(r, gx) == "loop" for r in gx.reads(g.params[pos].name)):
                    return True
        return False

    def _slot(self, st: Site, ix: Index) -> bool:
        """A modulo in a non-public read-only function only used to key a store the contract fills at
        slots keyed by the same block value (a ring buffer of observations): bookkeeping, not a draw."""
        if ix.f.is_public:
            return False
        at = lift(st, ix)
        name = holder(at)
        reads = ix.reads(name) if name else [at]
        timed = self._time_keyed()
        return bool(reads) and all(
            use(r, ix) == "key" and (up := lift(r, ix).up) is not None and root_name(up) in timed for r in reads
        )

    def _time_keyed(self) -> set[str]:
        """State variables written at an entry whose key carries a source (directly or via a storage pointer)."""
        if self._timed is None:
            self._timed = set()
            for fs in self.scope.functions.values():
                for g in fs:
                    self._timed |= self._keyed_writes(g)
        return self._timed

    def _keyed_writes(self, g: Function) -> set[str]:
        aliases, keyed, out = self.scope.storage_aliases(g), set(), set()
        for s in g.statements():
            if s.kind == "var" and len(s.names) == 1 and s.names[0] in aliases and s.exprs:
                if self._sourced_key(s.exprs[0], g):
                    keyed.add(s.names[0])
            for x in (y for e in s.exprs for y in e.walk()):
                if x.kind == "assign":
                    r = root_name(x.args[0])
                    if r in keyed:
                        out.add(aliases[r])
                    elif r in self.scope.state and self._sourced_key(x.args[0], g):
                        out.add(r)
        return out

    def _sourced_key(self, path: Expr, g: Function) -> bool:
        while path.kind in ("index", "member") and path.args:
            if path.kind == "index" and len(path.args) > 1 and self.prov.origins(path.args[1], g):
                return True
            path = path.args[0]
        return False

    # -- block hashes read as they are ------------------------------------------------------------
    def _plain(self, st: Site, ix: Index, inside: set[int], facts: dict[int, tuple[Fact, ...]]) -> bool:
        """Returned as it is, checked against zero, fed to a hash that is no draw, compared with a claimed
        non-zero hash, or packed into a record handed on (see _records), directly or via a local or named
        return that is only used so."""

        def read(r: Site) -> bool:
            return (
                id(r.node) in inside
                or use(r, ix, True) in ("return", "zero")
                or verified_claim(r, ix, facts.get(id(r.stmt), ()))
                or packed_record(r, ix)
                or passed_on(r, ix, self.scope)  # recorded by the helper it is handed to
            )

        if read(st):
            return True
        name = holder(lift(st, ix, True))
        if name is None:
            return False
        returns = {p.name for p in ix.f.returns}
        reads = ix.reads(name)
        return all(read(r) or holder(lift(r, ix, True)) in returns for r in reads)
