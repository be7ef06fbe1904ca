"""One-shot initialisers: an authorisation write anyone may make only while nothing was set yet.

`function init() { require(owner == address(0)); owner = msg.sender; }`, or a flag the function raises
(`require(!initialised); initialised = true; owner = o;`) that no function lowers again, can be won by
anyone only in the window between deployment and the deployer's own call (the Parity library was left in
that window for good, so it stays a finding), which is a weaker claim than a setter anyone can call at
any time: the access detector reports it at low confidence. So is a caller granting only itself a seat
it pays for (`require(msg.value >= fee); players[msg.sender] = true;`): a sale, not a takeover; granting
it for free stays a finding.
"""

from __future__ import annotations

from ..flow import Scope, root_name, walk_guarded
from ..guards import walk_facts
from ..ir import Expr, Function
from ._bounds import const_value, text

__all__ = ["constructor_latched", "one_shot", "paid_self_entry", "set_once", "setup_window", "unowned_claim"]

_ZERO = {"0", "address(0)", "address(0x0)", "0x0"}


def _is_zero(e: Expr) -> bool:
    """`0`, `address(0)`, or zero cast to a contract type (`Avatar(0)`, `IERC20(address(0))`)."""
    if e.kind == "call" and e.callee.kind == "ident" and e.callee.name[:1].isupper() and len(e.arguments) == 1:
        return _is_zero(e.arguments[0])
    if e.kind == "cast" and e.args:
        return _is_zero(e.args[-1])
    return text(e).replace(" ", "") in _ZERO


def _flag_path(target: Expr, scope: Scope) -> str | None:
    """The flag a `target = true` raises: a bool state variable, or one entry of a state mapping to bool
    at constant keys (`_initialized["ImplV1"]`, one flag per version); its text, else None."""
    var = scope.state.get(root_name(target))
    if var is None:
        return None
    if target.kind == "ident":
        return target.name if var.type == "bool" else None
    node, keys = target, 0
    while node.kind == "index" and len(node.args) == 2:
        key = node.args[1]
        if key.kind != "literal" and not (
            key.kind == "ident" and key.name in scope.state and scope.state[key.name].constant
        ):
            return None
        node, keys = node.args[0], keys + 1
    if node.kind != "ident" or not keys or not var.type.replace(" ", "").endswith("=>bool)" + ")" * (keys - 1)):
        return None
    return text(target)


def _flags_raised(fs: list[Function], scope: Scope) -> set[str]:
    """Flags (`_flag_path`) the functions (a function and its modifiers) set to `true`."""
    return {
        path
        for f in fs
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind == "assign"
        and x.name == "="
        and x.args[1].kind == "literal"
        and x.args[1].name == "true"
        and (path := _flag_path(x.args[0], scope)) is not None
    }


def _lowered(flag: str, scope: Scope) -> bool:
    """Some function writes the flag back to anything but `true` (or deletes it); for a mapping entry, any
    write of that mapping at another place or with another value counts."""
    name = flag.split("[", 1)[0]
    for fs in scope.functions.values():
        for g in fs:
            for s in g.statements():
                for e in s.exprs:
                    for x in e.walk():
                        if x.kind == "unary" and x.name == "delete" and x.args and root_name(x.args[0]) == name:
                            return True
                        if x.kind == "assign" and root_name(x.args[0]) == name:
                            if x.args[1].kind != "literal" or x.args[1].name != "true" or text(x.args[0]) != flag:
                                return True
    return False


def _with_readers(flags: set[str], scope: Scope) -> set[str]:
    """The flags and the calls of parameterless helpers that only return one of them (`initialized()`
    returning `_initialized["ImplV1"]`), as written."""
    out = set(flags)
    for fs in scope.functions.values():
        for g in fs:
            if g.params or g.body is None or g.kind != "function":
                continue
            rets = [st.exprs[0] for st in g.statements() if st.kind == "return" and len(st.exprs) == 1]
            if rets and all(text(r) in flags for r in rets) and len({text(r) for r in rets}) == 1:
                out.add(f"{g.name}()")
    return out


def _once_checks(g: Expr, written: set[str], flags: set[str]) -> bool:
    for c in g.walk():
        if c.kind == "binary" and c.name in ("==", "!=") and len(c.args) == 2:
            for p, q in (c.args, c.args[::-1]):
                if p.kind == "ident" and p.name in written and _is_zero(q):
                    return True
                if text(p) in flags and q.kind == "literal" and q.name in ("true", "false"):
                    return True
        if c.kind in ("ident", "index", "call") and text(c) in flags:
            return True
    return False


_NONZERO = ("block.timestamp", "now", "block.number", "msg.sender")


def _latches(f: Function, scope: Scope) -> set[str]:
    """State variables only `f` writes, each time with a value that cannot be zero: the block time or
    number, the caller, a positive number (`version = 1`), or a parameter an earlier check of `f`
    requires to be non-zero (`require(initialTimestamp == 0); ..; initialTimestamp = block.timestamp;`):
    once `f` ran they are set for good, so a check that one is still zero lets `f` run once, like a raised flag."""
    nonzero: set[str] = set()
    out: set[str] = set()
    for s, facts in walk_facts(f.body or []):
        for g, holds in facts:
            for c in (g, *g.args) if g.kind == "binary" and g.name == "&&" and holds else (g,):
                if c.kind == "binary" and c.name == ("!=" if holds else "==") and len(c.args) == 2:
                    for p, q in (c.args, c.args[::-1]):
                        if p.kind == "ident" and _is_zero(q):
                            nonzero.add(p.name)
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "assign" and x.name == "=" and x.args[0].kind == "ident" and x.args[0].name in scope.state:
                    value = x.args[1]
                    while value.kind == "cast" and value.args:
                        value = value.args[-1]
                    fixed = value.kind == "literal" and _positive(value.name)  # `version = 1`
                    if text(value) in _NONZERO or fixed or value.kind == "ident" and value.name in nonzero:
                        out.add(x.args[0].name)
    others = [h for fs in scope.functions.values() for h in fs if h is not f] + list(scope.modifiers.values())
    for h in others:
        for s in h.statements():
            for e in s.exprs:
                for x in e.walk():
                    if x.kind in ("assign", "unary") and x.args and root_name(x.args[0]) in out:
                        out.discard(root_name(x.args[0]))
    return out


def one_shot(f: Function, scope: Scope, lines: set[int], written: set[str]) -> bool:
    """Every authorisation write of `f` (on `lines`) runs only while a written variable is still zero,
    a flag `f` raises (and nothing lowers) is still down, or a variable `f` alone sets to a non-zero
    value (`_latches`) is still zero: `f`'s own checks or its modifiers'."""
    mods = _mods(f, scope)
    flags = {n for n in _flags_raised([f, *mods], scope) if not _lowered(n, scope)}
    return _all_once(f, mods, lines, written | _latches(f, scope), _with_readers(flags, scope))


def constructor_latched(f: Function, scope: Scope, lines: set[int]) -> bool:
    """Every write of `f` on `lines` runs only while a flag this contract's constructor itself raises (and
    nothing lowers) is still down: on this contract's own storage the one shot is spent at deployment,
    as with `_disableInitializers()`; a proxy's copy is initialised by its deployer."""
    ctors = [g for g in scope.contract.functions if g.kind == "constructor"]
    flags = {n for n in _flags_raised(ctors, scope) if not _lowered(n, scope)}
    return bool(flags) and _all_once(f, _mods(f, scope), lines, set(), _with_readers(flags, scope))


def setup_window(f: Function, scope: Scope, lines: set[int]) -> bool:
    """Every write of `f` on `lines` runs only while a flag that some function raises and none lowers is
    still down (`if (initialized) revert();` closed by a separate `Initialized()`): a set-up window that
    shuts for good, like a one-shot initialiser."""
    mods = _mods(f, scope)
    every = [g for gs in scope.functions.values() for g in gs]
    flags = {n for n in _flags_raised(every, scope) if not _lowered(n, scope)}
    return bool(flags) and _all_once(f, mods, lines, set(), _with_readers(flags, scope))


def _mods(f: Function, scope: Scope) -> list[Function]:
    """The modifiers `f` carries that the file defines with a body."""
    return [
        g
        for m in f.modifiers
        if (g := scope.modifiers.get(m.callee.name if m.kind == "call" else m.name)) is not None and g.body
    ]


def _all_once(f: Function, mods: list[Function], lines: set[int], written: set[str], flags: set[str]) -> bool:
    """Each statement of `f` on `lines` sits behind a check that it runs once (`_once_checks`)."""
    outer = tuple(c for g in mods for _, gs in walk_guarded(g.body or []) for c in gs)
    hit_lines = set(lines)
    for s, guards in walk_guarded(f.body or [], outer):
        if s.line in hit_lines and s.kind not in ("if", "block", "loop"):
            if not any(_once_checks(g, written, flags) for g in guards):
                return False
            hit_lines.discard(s.line)
    return not hit_lines


def _setter_of(name: str) -> str:
    """The setter an accessor pairs with by convention (`_implementation` -> `setimplementation`)."""
    return "set" + name.strip("_").lower()


def set_once(f: Function, scope: Scope, line: int) -> bool:
    """The statement on `line` runs only while something `f` itself then sets is still zero: a state
    variable `f` writes (`require(impl == address(0)); impl = a;`) or an accessor whose setter `f` calls
    (`require(_implementation() == address(0)); _setImplementation(a);`, the setter perhaps imported)."""
    written = {root_name(x.args[0]) for s in f.statements() for e in s.exprs for x in e.walk() if x.kind == "assign"}
    called = {
        x.callee.name.strip("_").lower()
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind == "call" and x.callee.kind == "ident"
    }
    for s, facts in walk_facts(f.body or []):
        if s.line != line or s.kind in ("if", "block", "loop"):
            continue
        for g, holds in facts:
            for c in g.walk():
                if c.kind != "binary" or c.name != ("==" if holds else "!=") or len(c.args) != 2:
                    continue
                for p, q in (c.args, c.args[::-1]):
                    if not _is_zero(q):
                        continue
                    if p.kind == "ident" and p.name in written and p.name in scope.state:
                        return True
                    if p.kind == "call" and p.callee.kind == "ident" and not p.arguments:
                        if _setter_of(p.callee.name) in called:
                            return True
        return False
    return False


def _positive(number: str) -> bool:
    try:
        return float(number) > 0
    except ValueError:
        return False


def _paid(g: Expr, scope: Scope) -> bool:
    """`msg.value >= X` / `msg.value == X` (either side) with X a non-zero constant or a state variable."""
    for c in g.walk():
        if c.kind != "binary" or c.name not in ("==", ">=", ">", "<=", "<") or len(c.args) != 2:
            continue
        for p, q, ops in ((c.args[0], c.args[1], ("==", ">=", ">")), (c.args[1], c.args[0], ("==", "<=", "<"))):
            if p.is_member("msg", "value") and c.name in ops:
                value = const_value(q, scope)
                fraction = q.kind == "literal" and _positive(q.name.partition(" ")[0])  # `0.02 ether`
                if value is not None and value > 0 or fraction or q.kind == "ident" and q.name in scope.state:
                    return True
    return False


def paid_self_entry(node: Expr, guards: tuple[Expr, ...], scope: Scope) -> bool:
    """`m[msg.sender] = ..` (or a field of it) under a guard that the caller paid a non-zero price."""
    if node.kind == "assign" and node.args:
        node = node.args[0]
    while node.kind == "member" and node.args:
        node = node.args[0]
    return (
        node.kind == "index"
        and len(node.args) == 2
        and node.args[1].is_member("msg", "sender")
        and any(_paid(g, scope) for g in guards)
    )


def _path(e: Expr) -> str:
    return text(e).replace(" ", "")


def unowned_claim(node: Expr, guards: tuple[Expr, ...]) -> bool:
    """`m[k].owner = msg.sender` under a check that the same entry is still unowned (`require(m[k].owner ==
    address(0) || m[k].owner == msg.sender)`): the caller claims an entry nobody holds yet (or re-writes
    its own), first come first served; no existing authority changes hands."""
    if node.kind != "assign" or node.name != "=" or len(node.args) != 2 or not node.args[1].is_member("msg", "sender"):
        return False  # granting a chosen address a seat (`level[product] = l`) is no claim of one's own
    target = node.args[0]
    if target.kind not in ("index", "member"):
        return False  # a plain variable's zero check is a one-shot initialiser (`one_shot`)
    where = _path(target)
    for g in guards:
        for c in g.walk():
            if c.kind == "binary" and c.name == "==" and len(c.args) == 2:
                for p, q in (c.args, c.args[::-1]):
                    if _path(p) == where and _is_zero(q):
                        return True
    return False
