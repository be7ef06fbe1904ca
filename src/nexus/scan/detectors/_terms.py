"""Settable terms of a sale, for `price-change-race`: which stored values (a price, a rate, one field of a
listing) a public function lets its caller overwrite, and which locals of a purchase carry msg.value or
such a term.

A term is keyed by its state variable and, for a struct, the field read or written first
(`listings[id].price` → `listings.price`), so a buyer's check on one field (`qty <= listings[id].amount`)
does not count as a limit on another (the price). A whole-entry write (`listings[id] = Listing(..)`) sets
every field. A write into a fresh entry (keyed by a counter the same function advances:
`listings[nextId++] = ..`, `uint id = ++count; items[id].price = p;`) fixes that entry's terms when it is
created; nobody can change them under a purchase that is already pending, so it is no setter."""

from __future__ import annotations

import re

from ..flow import Scope
from ..ir import Expr, Function
from ._hooks import imported_initializer

__all__ = ["Flow", "TermKey", "display", "entry_refs", "term_key", "term_setters"]

TermKey = tuple[str, str]  # (state variable, first field or "")
_BUMP = ("++", "x++")
_ELEMENTARY = re.compile(r"(u?int\d*|address|bool|bytes\d*|string|decimal)\b")


def display(key: TermKey) -> str:
    return f"{key[0]}.{key[1]}" if key[1] else key[0]


def term_key(e: Expr) -> TermKey:
    """(root, the member nearest the root after its indexes) of an access path, else ("", "")."""
    field = ""
    while e.kind in ("index", "member") and e.args:
        if e.kind == "member" and e.args[0].kind == "ident" and e.args[0].name in ("msg", "block", "tx", "this"):
            return ("", "")
        if e.kind == "member":
            field = e.name
        e = e.args[0]
    return (e.name, field) if e.kind == "ident" else ("", "")


def _advanced(f: Function, scope: Scope) -> set[str]:
    """State counters `f` increments (`n++`, `++n`, `n += 1`, `n = n + 1`)."""
    out: set[str] = set()
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if not x.args or x.args[0].kind != "ident" or x.args[0].name not in scope.state:
                    continue
                target = x.args[0].name
                if x.kind == "unary" and x.name in _BUMP or x.kind == "assign" and x.name == "+=":
                    out.add(target)
                elif x.kind == "assign" and x.name == "=" and x.args[1].kind == "binary" and x.args[1].name == "+":
                    if any(a.kind == "ident" and a.name == target for a in x.args[1].args):
                        out.add(target)
    return out


def _fresh_keys(f: Function, scope: Scope) -> tuple[set[str], set[str]]:
    """The state counters `f` advances and the locals it takes a fresh id into (`uint id = nextId++;`)."""
    counters = _advanced(f, scope)
    fresh: set[str] = set()
    for s in f.statements():
        if s.kind == "var" and len(s.names) == 1 and s.exprs and _is_fresh(s.exprs[0], counters, fresh):
            fresh.add(s.names[0])
        for x in (x for e in s.exprs for x in e.walk() if x.kind == "assign" and x.name == "="):
            target = x.args[0]
            if target.kind == "ident" and target.name not in scope.state and _is_fresh(x.args[1], counters, fresh):
                fresh.add(target.name)  # `id = nextId++;` into a named return
    return counters, fresh


def _is_fresh(k: Expr, counters: set[str], fresh: set[str]) -> bool:
    if k.kind == "unary" and k.name in _BUMP and k.args:
        k = k.args[0]
    return k.kind == "ident" and (k.name in counters or k.name in fresh)


def _into_fresh_entry(target: Expr, counters: set[str], fresh: set[str]) -> bool:
    """The write lands in an entry keyed by a fresh id (`m[nextId++]`, `m[id].price` with `id` fresh)."""
    e = target
    while e.kind in ("index", "member") and e.args:
        if e.kind == "index" and len(e.args) > 1 and _is_fresh(e.args[1], counters, fresh):
            return True
        e = e.args[0]
    return False


def term_setters(scope: Scope) -> dict[TermKey, list[tuple[str, int]]]:
    """Terms a public function (not the constructor) overwrites with a value its caller chose, directly or
    through a variable that function set from it first (`bonus = r; rate = base + bonus;`): key -> every
    (function, line of the write)."""
    out: dict[TermKey, list[tuple[str, int]]] = {}
    for f in (g for fs in scope.functions.values() for g in fs):
        if not f.is_public or f.body is None or f.kind in ("constructor", "modifier") or f.is_readonly:
            continue
        if imported_initializer(f, scope):
            continue  # a one-shot initializer fixes its terms for the contract's life, like a constructor
        params = {p.name for p in f.params}
        chosen = set(params)
        counters, fresh = _fresh_keys(f, scope)
        refs = entry_refs(f, scope)
        for s in f.statements():
            for e in s.exprs:
                for x in e.walk():
                    if x.kind != "assign" or x.name != "=" or x.args[0].kind not in ("ident", "index", "member"):
                        continue
                    key = term_key(x.args[0])
                    if key[0] in refs and x.args[0].kind != "ident":
                        key = (refs[key[0]], key[1])  # `l.price = p` with `Listing storage l = listings[id]`
                    var = scope.state.get(key[0])
                    if var is None or var.constant or key[0] in params:
                        continue
                    if _into_fresh_entry(x.args[0], counters, fresh):
                        continue
                    if any(y.kind == "ident" and y.name in chosen for y in x.args[1].walk()):
                        sites = out.setdefault(key, [])
                        if (f.name, x.line) not in sites:
                            sites.append((f.name, x.line))
                        chosen.add(key[0])
    return out


def entry_refs(f: Function, scope: Scope) -> dict[str, str]:
    """Storage references `f` takes to an entry of a state variable (`Listing storage l = listings[id];`):
    local -> the state variable, so a write through the local sets that variable's field. Entries keyed
    by a fresh id are left out (see `_into_fresh_entry`)."""
    out: dict[str, str] = {}
    counters, fresh = _fresh_keys(f, scope)
    types = scope.local_types(f)
    for s in f.statements():
        if s.kind != "var" or len(s.names) != 1 or not s.exprs or s.exprs[0].kind != "index":
            continue
        root = term_key(s.exprs[0])[0]
        name = s.names[0]
        if root in scope.state and not _ELEMENTARY.match(types.get(name, "")):
            if not _into_fresh_entry(s.exprs[0], counters, fresh):
                out[name] = root
    return out


class Flow:
    """Which locals of one function carry msg.value and which carry a term another function can set."""

    def __init__(self, f: Function, setters: dict[TermKey, list[tuple[str, int]]], locals_: dict[str, str]):
        self.setters = {k: [(g, at) for g, at in v if g != f.name] for k, v in setters.items()}
        self.setters = {k: v for k, v in self.setters.items() if v}
        self.roots = {k[0] for k in self.setters}
        self.paid: set[str] = set()
        self.priced: dict[str, TermKey] = {}  # local -> the term it carries
        self.entries: dict[str, str] = {}  # local -> the state variable whose entry it points at
        self.params = {p.name for p in f.params}
        self.types = locals_
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
        root = term_key(value)[0] if value.kind in ("ident", "index") else ""
        if root in self.roots and not _ELEMENTARY.match(self.types.get(name, "")) and not _own(value):
            self.entries.setdefault(name, root)  # `Listing storage l = listings[id];`: its fields are terms
            return
        term = self.term(value)
        if term[0]:
            self.priced.setdefault(name, term)

    def pays(self, e: Expr) -> bool:
        return any(x.is_member("msg", "value") or (x.kind == "ident" and x.name in self.paid) for x in e.walk())

    def setters_of(self, key: TermKey) -> list[tuple[str, int]]:
        """Who can set the term read as `key`: its own setters, or a whole-entry write."""
        return self.setters.get(key) or self.setters.get((key[0], ""), [])

    def term(self, e: Expr) -> TermKey:
        """The settable term `e` reads (not the buyer's own entry: `m[msg.sender]`), else ("", "")."""
        for x in e.walk():
            if x.kind == "member" and x.args and x.args[0].kind == "ident" and x.args[0].name in self.entries:
                key = (self.entries[x.args[0].name], x.name)
                if self.setters_of(key):
                    return key
            if x.kind == "ident" and x.name in self.priced:
                return self.priced[x.name]
            if x.kind in ("ident", "index", "member") and term_key(x)[0] in self.roots:
                key = term_key(x)
                if self.setters_of(key) and (x.kind == "ident" or not _own(x)):
                    return key
        return ("", "")

    def caller_bound(self, e: Expr) -> bool:
        return any(x.kind == "ident" and x.name in self.params for x in e.walk())


def _own(e: Expr) -> bool:
    return any(y.is_member("msg", "sender") for y in e.walk())
