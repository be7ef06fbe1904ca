"""Three refinements of "who may call" shared by the access-control detectors: per-caller records that
are only ever required to be absent (a uniqueness check, not an authorisation), writes at a fresh
counter id (an entry being created, so no existing authority changes), and a caller resetting its own
record (`wagers[msg.sender] = 0`: it gives up what it had, or becomes what any fresh address is)."""

from __future__ import annotations

from collections.abc import Iterable

from ..flow import Scope, root_name
from ..ir import Expr, Function, Stmt

__all__ = ["absence_only", "fresh_key_write", "own_pointers", "own_reset", "resettable_records"]


def _is_caller(e: Expr) -> bool:
    return e.is_member("msg", "sender") or e.is_member("tx", "origin")


def _caller_record(e: Expr, pointers: dict[str, str] | None = None) -> str:
    """`m[msg.sender]` or `m[msg.sender].field`, or a field of a local storage pointer to it (`pointers`,
    from own_pointers): the state variable `m`; else ""."""
    while e.kind == "member" and e.args and e.args[0].kind in ("index", "member", "ident"):
        e = e.args[0]
    if e.kind == "index" and len(e.args) > 1 and _is_caller(e.args[1]):
        return root_name(e.args[0])
    return (pointers or {}).get(e.name, "") if e.kind == "ident" else ""


def own_pointers(f: Function) -> dict[str, str]:
    """Local storage pointers to the caller's own record, declared once and never pointed elsewhere
    (`Rec storage r = m[msg.sender];`): each name and its state variable `m`."""
    out = {
        s.names[0]: _caller_record(s.exprs[0])
        for s in f.statements()
        if s.kind == "var" and len(s.names) == 1 and s.exprs and s.location == "storage"
    }
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "assign" and x.args and x.args[0].kind == "ident":
                    out.pop(x.args[0].name, None)  # re-pointed: it may hold anyone's record
    return {k: v for k, v in out.items() if v}


def _is_zero(e: Expr) -> bool:
    if e.kind == "literal":
        return e.name in ("0", "false", "False", "0x0", "0x00", '""', "''")
    if e.kind == "cast" and e.args:
        return _is_zero(e.args[0])
    return e.kind == "call" and e.callee.kind == "ident" and e.callee.name == "empty"


def _collect(e: Expr, holds: bool, absent: set[str], present: set[str]) -> None:
    """Record, for condition `e` known to be `holds`, which caller records it requires absent/present."""
    if e.kind == "unary" and e.name in ("!", "not") and e.args:
        _collect(e.args[0], not holds, absent, present)
        return
    if e.kind == "binary" and e.name in ("&&", "||", "and", "or"):
        for a in e.args:
            _collect(a, holds, absent, present)
        return
    if e.kind == "binary" and e.name in ("==", "!=") and len(e.args) == 2:
        for a, b in ((e.args[0], e.args[1]), (e.args[1], e.args[0])):
            rec = _caller_record(a)
            if rec:
                is_absent = _is_zero(b) and ((e.name == "==") == holds)
                (absent if is_absent else present).add(rec)
                return
        for a in e.args:
            for x in a.walk():
                if x.kind == "ident":
                    present.add(x.name)
        return
    rec = _caller_record(e)
    if rec:
        (present if holds else absent).add(rec)
        return
    for x in e.walk():
        if x.kind == "ident":
            present.add(x.name)


def _stops(body: list[Stmt]) -> bool:
    if not body:
        return False
    s = body[-1] if body[-1].kind != "block" else (body[-1].body or [body[-1]])[-1]
    if s.kind in ("throw", "revert", "return"):
        return True
    return bool(
        s.kind == "expr"
        and s.exprs
        and s.exprs[0].kind == "call"
        and s.exprs[0].callee.kind == "ident"
        and s.exprs[0].callee.name in ("revert", "selfdestruct", "suicide", "raise")
    )


def _conditions(body: list[Stmt]) -> Iterable[tuple[Expr, bool]]:
    """Every condition a statement list enforces or branches on, with the truth value it has after."""
    for s in body:
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "call" and x.callee.kind == "ident" and x.callee.name in ("require", "assert"):
                    if x.arguments:
                        yield x.arguments[0], True
        if s.kind == "if" and s.exprs:
            yield s.exprs[0], not (_stops(s.body) and not s.orelse)
        elif s.kind == "loop" and s.exprs:
            yield s.exprs[0], True
        yield from _conditions([*s.init, *s.body, *s.orelse])


def absence_only(scope: Scope, fns: Iterable[Function]) -> set[str]:
    """State variables that checks only ever use as "the caller has no entry yet" (`== 0`, `!m[sender]`,
    `== empty(address)`), never as "the caller has an entry": anyone new passes such a check."""
    absent: set[str] = set()
    present: set[str] = set()
    for f in fns:
        for cond, holds in _conditions(f.body or []):
            _collect(cond, holds, absent, present)
    return absent - present


def _written(f: Function, scope: Scope) -> set[str]:
    return {
        root_name(x.args[0])
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind in ("assign", "unary") and x.args and root_name(x.args[0]) in scope.state
    }


def _return_values(f: Function) -> dict[str, Expr]:
    """Named return variables assigned exactly once, by a plain `r = v;` (`id = ++count;`)."""
    named = {r.name for r in f.returns if r.name}
    seen: dict[str, list[Expr | None]] = {}
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind in ("assign", "unary") and x.args and x.args[0].kind == "ident" and x.args[0].name in named:
                    plain = x.kind == "assign" and x.name == "=" and s.kind == "expr" and e is x
                    seen.setdefault(x.args[0].name, []).append(x.args[1] if plain else None)
    return {k: v[0] for k, v in seen.items() if len(v) == 1 and v[0] is not None}


def _fresh_locals(f: Function, counters: set[str]) -> set[str]:
    """Locals that hold a counter's current or next value (`id = count`, `id = count + 1`, `id = count++`),
    a named return assigned once included (`returns (uint id) { id = ++count; ..`)."""
    out: set[str] = set()
    values = [(s.names[0], s.exprs[0]) for s in f.statements() if s.kind == "var" and len(s.names) == 1 and s.exprs]
    for name, value in [*values, *_return_values(f).items()]:
        idents = {x.name for x in value.walk() if x.kind == "ident"}
        simple = all(x.kind in ("ident", "literal", "binary", "unary") for x in value.walk())
        if idents and idents <= counters and simple:
            out.add(name)
    return out


def _bumped(f: Function, candidates: set[str], fresh: set[str]) -> set[str]:
    """Counters `f` moves forward: `c += k`, `c++`, `c = c + k` or `c = id` / `c = id + 1` (id fresh)."""
    out: set[str] = set()
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if not (x.kind in ("assign", "unary") and x.args and x.args[0].kind == "ident"):
                    continue
                c = x.args[0].name
                if c not in candidates:
                    continue
                if x.kind == "unary" and x.name in ("++", "x++"):
                    out.add(c)
                elif x.kind == "assign" and x.name == "+=" and x.args[1].kind == "literal":
                    out.add(c)
                elif x.kind == "assign" and x.name == "=":
                    rhs = x.args[1]
                    idents = {y.name for y in rhs.walk() if y.kind == "ident"}
                    grows = (rhs.kind == "binary" and rhs.name == "+") or (rhs.kind == "ident" and rhs.name in fresh)
                    if grows and idents and idents <= fresh | {c}:
                        out.add(c)
    return out


def fresh_key_write(f: Function, scope: Scope, node: Expr) -> bool:
    """Whether a write node stores at a mapping/array entry keyed by a fresh counter value that this
    function then moves past: a new entry, so no existing entry (and no existing authority) changes."""
    target = node.args[0] if node.kind in ("assign", "unary") and node.args else node
    while target.kind == "member" and target.args:
        target = target.args[0]
    if target.kind != "index" or len(target.args) < 2:
        return False
    key = target.args[1]
    candidates = _written(f, scope)
    fresh = _fresh_locals(f, candidates)
    counters = _bumped(f, candidates, fresh)
    fresh = _fresh_locals(f, counters)
    fresh |= _hashed_locals(f, fresh | counters)
    idents = {x.name for x in key.walk() if x.kind == "ident"}
    simple = all(x.kind in ("ident", "literal", "binary") for x in key.walk())
    return bool(idents) and simple and idents <= fresh | counters


_HASHES = ("keccak256", "sha256", "sha3")


def _hashed_locals(f: Function, fresh: set[str]) -> set[str]:
    """Locals (a named return assigned once included) holding a hash over a fresh counter value
    (`id = uint256(keccak256(abi.encode(msg.sender, nonce)))` with `nonce` fresh): a hash that takes a
    value never hashed before names an entry that did not exist."""
    values = [(s.names[0], s.exprs[0]) for s in f.statements() if s.kind == "var" and len(s.names) == 1 and s.exprs]
    out: set[str] = set()
    for name, value in [*values, *_return_values(f).items()]:
        for x in value.walk():
            if x.kind == "call" and x.callee.kind == "ident" and x.callee.name in _HASHES:
                if any(y.kind == "ident" and y.name in fresh for a in x.arguments for y in a.walk()):
                    out.add(name)
    return out


def _zero_write(node: Expr) -> bool:
    """`x = 0` / `x = false` / `x = address(0)` / `delete x`: the write puts back the default value."""
    if node.kind == "unary" and node.name == "delete":
        return True
    return node.kind == "assign" and node.name == "=" and len(node.args) == 2 and _is_zero(node.args[1])


def own_reset(node: Expr, pointers: dict[str, str] | None = None) -> str:
    """The record `m` when `node` resets the caller's own entry (`m[msg.sender] = 0`, `delete
    m[msg.sender].field`, `r.stake = 0` with `r` one of `pointers`); else ""."""
    return _caller_record(node.args[0], pointers) if _zero_write(node) and node.args else ""


def resettable_records(scope: Scope, fns: Iterable[Function]) -> set[str]:
    """Per-caller records whose owner resetting its own entry grants it nothing. Either no check ever
    requires the record absent (zero): a reset can then only make presence checks fail, so the caller
    gives up its own standing. Or every non-default write of the record anywhere is at the caller's own
    key (`m[msg.sender] = v`, a self-registration): the reset caller is then in the state any fresh address
    is in, which an attacker has for free. A record anyone else can set for an address (a ban list the
    owner fills, `banned[x] = true`) and that some check requires absent stays an authority: clearing
    one's own ban is an escalation."""
    fns = list(fns)
    absent: set[str] = set()
    present: set[str] = set()
    for f in fns:
        for cond, holds in _conditions(f.body or []):
            _collect(cond, holds, absent, present)
    others: set[str] = set()
    for f in fns:
        locals_, aliases, own = scope.local_types(f), scope.storage_aliases(f), own_pointers(f)
        for s in f.statements():
            for e in s.exprs:
                for name, node in scope.state_writes(e, locals_, aliases):
                    if _zero_write(node):
                        continue
                    target = node.args[0] if node.kind in ("assign", "unary") and node.args else node
                    if node.kind == "call" or _caller_record(target, own) != name:
                        others.add(name)
    return {m for m in scope.state if m not in absent or m not in others}
