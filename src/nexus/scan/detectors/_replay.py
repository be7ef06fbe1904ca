"""Replay protection a signature check gets outside its digest expression (for signature-replay in
modern.py).

- A used-mark made by a function the signed data is handed to: `this.route(idOf(signed..), ..)` or
  `_mark(signedId)` whose body rejects an entry keyed by its parameter and then writes that entry
  (`if (m[id].done) revert(); m[id].done = true;`): the signature's effect runs once per signed id. The
  entry may be reached through storage pointers (`Proposal storage p = proposals[proposalId]; Receipt
  storage r = p.receipts[voter]; require(!r.hasVoted); .. r.hasVoted = true;`: a vote by signature counts
  once per signed proposal, Compound's `castVoteBySig`). A transfer is no mark: `_move(from, to, value)`
  checking `balanceOf[from] >= value`, then debiting it and crediting `balanceOf[to]`, pays again for each
  replay.
- An insert of a signed value into a set (`allowed.add(recipient)`): using the signature again inserts
  the same member, an idempotent grant with nothing more to gain.
- Signed data handed to an internal function this file only declares (`_validateReport(digest, round,
  report)`, `_report(.., report)`): the override that decides whether a report is fresh is not shown, so
  a missing nonce here is a note, not a finding (reported low, like an access hook, see _hooks). The
  same through an internal function with a body that hands the data on (`_castVote(proposalId, ..)` ->
  the declared-only `_countVote(proposalId, ..)`, whose override records who voted).
- A digest over one whole `bytes` parameter that the function hands to a decoder of this contract whose
  body reads a nonce out of it (`keccak256(abi.encodePacked(rawTx)).recover(sig)` with
  `decodeTransaction(rawTx)` filling `tx.nonce`): the signed message is a serialised one (a raw
  transaction) that carries its own nonce; the signer's nonce is in the digest (`nonce_inside`).
- A signer that must be the caller itself (`require(ECDSA.recover(h, sig) == msg.sender)`, a proof that
  the caller holds its key, i.e. is no contract): whoever replays the signature is its signer, who could
  sign anything anyway; the replay grants no one anything (`signer_is_caller`).
"""

from __future__ import annotations

from ..flow import Scope, root_name
from ..guards import single_assignments
from ..ir import Expr, Function
from ._arith import norm
from ._sender import caller_locals, is_caller
from ._sigflow import exprs, idents

__all__ = ["deferred_to", "derived", "marked_elsewhere", "marked_once", "nonce_inside", "signer_is_caller"]


def signer_is_caller(f: Function, scope: Scope, recover: Expr) -> bool:
    """Whether the signer recovered by the call `recover` is compared for equality with the caller, the
    call itself or a local assigned it once (`address s = recover(h, sig); require(s == msg.sender);`)."""
    callers = caller_locals(f, scope)
    held = {n for n, v in single_assignments(f.body or []).items() if v is recover}
    for _, e in exprs(f):
        for x in e.walk():
            if x.kind == "binary" and x.name in ("==", "!=") and len(x.args) == 2:
                for a, b in ((x.args[0], x.args[1]), (x.args[1], x.args[0])):
                    signer = a is recover or (a.kind == "ident" and a.name in held)
                    if signer and is_caller(b, callers, scope):
                        return True
    return False


def derived(f: Function, seed: set[str]) -> set[str]:
    """`seed` and every local computed from it, tuple destructuring included (`(id, n) = _meta(raw)`)."""
    names = set(seed)
    for _ in range(4):
        before = len(names)
        for s, e in exprs(f):
            if s.kind == "var" and idents(e) & names:
                names |= set(s.names)
            for x in e.walk():
                if x.kind == "assign" and idents(x.args[1]) & names:
                    t = x.args[0]
                    names |= {y.name for y in (t.args if t.kind == "tuple" else [t]) if y.kind == "ident"}
        if len(names) == before:
            break
    return names


def _entry(e: Expr, scope: Scope, keys: set[str], views: dict[str, str], local: set[str]) -> str:
    """The state mapping `m` when `e` is `m[k]` (or a field of it, or a local copy of it) with `k` in keys;
    `m` may be a variable an imported base declares (no local, function or variable of this file)."""
    while e.kind == "member" and e.args:
        e = e.args[0]
    if e.kind == "ident" and e.name in views:
        return views[e.name]
    if e.kind == "index" and root_name(e) in views:
        return views[root_name(e)]  # `proposal.receipts[voter]` inside the signed `proposals[proposalId]`
    root = root_name(e)
    stored = root in scope.state or root and root not in local and root not in scope.functions
    if e.kind == "index" and len(e.args) == 2 and stored and idents(e.args[1]) & keys:
        return root
    return ""


def _checks_then_marks(g: Function, scope: Scope, keys: set[str]) -> bool:
    """`g` branches on an entry keyed by `keys` and writes that same entry: a used-check and its mark."""
    local = set(scope.local_types(g))
    views: dict[str, str] = {}  # locals holding the entry, chained (`Receipt storage r = proposal.receipts[v]`)
    pointers: dict[str, str] = {}  # ... of them, the storage pointers (a memory copy marks nothing)
    for s in g.statements():
        if s.kind == "var" and len(s.names) == 1 and s.exprs and (m := _entry(s.exprs[0], scope, keys, views, local)):
            views[s.names[0]] = m
            if s.location == "storage":
                pointers[s.names[0]] = m
    read: set[str] = set()
    written: dict[str, set[str]] = {}
    moved: dict[str, set[str]] = {}
    for s in g.statements():
        conds = [s.exprs[0]] if s.kind == "if" and s.exprs else []
        conds += [
            a
            for e in s.exprs
            for x in e.walk()
            if x.kind == "call" and x.callee.kind == "ident" and x.callee.name in ("require", "assert")
            for a in x.arguments[:1]
        ]
        read |= {m for c in conds for y in c.walk() if (m := _entry(y, scope, keys, views, local))}
        for e in s.exprs:
            for x in e.walk():
                if x.kind in ("assign", "unary") and x.args and (m := _entry(x.args[0], scope, keys, pointers, local)):
                    (moved if _moved(x) else written).setdefault(m, set()).add(_moved(x))
    # a transfer (debit and credit of one mapping) moves a balance, it marks nothing
    written.update({m: ops for m, ops in moved.items() if "-" not in ops})
    return bool(read & set(written))


def _moved(x: Expr) -> str:
    """The sign of a balance move: `-` for `m[k] -= v` / `m[k] = m[k] - v`, `+` for the credit, "" otherwise.
    `require(balanceOf[from] >= value)` then the debit pays again for each replayed signature while the
    balance lasts; no used-mark."""
    if x.kind != "assign" or len(x.args) < 2:
        return ""
    value = x.args[1]
    if x.name in ("-=", "+="):
        return x.name[0]
    return value.name if x.name == "=" and value.kind == "binary" and value.name in ("-", "+") else ""


def _called(x: Expr, scope: Scope) -> list[Function]:
    """The functions of this contract a call runs: `g(..)` or `this.g(..)`."""
    c = x.callee
    if c.kind == "ident":
        return scope.functions.get(c.name, [])
    if c.kind == "member" and c.args and c.args[0].kind == "ident" and c.args[0].name == "this":
        return scope.functions.get(c.name, [])
    return []


def marked_elsewhere(scope: Scope, f: Function, signed: set[str]) -> bool:
    """The signed values (and what `f` derives from them) reach a used-mark in a called function of this
    contract, or are inserted into a state set (see the module docstring)."""
    names = derived(f, signed)
    for _, e in exprs(f):
        for x in e.walk():
            if x.kind != "call":
                continue
            c = x.callee
            if c.kind == "member" and c.name == "add" and c.args and root_name(c.args[0]) in scope.state:
                if any(idents(a) & names for a in x.arguments):
                    return True
            for g in _called(x, scope):
                if g.body is None or g is f:
                    continue
                keys = {p.name for p, a in zip(g.params, x.arguments, strict=False) if idents(a) & names}
                if keys and _checks_then_marks(g, scope, keys):
                    return True
    return False


def deferred_to(scope: Scope, f: Function, signed: set[str], depth: int = 2) -> str:
    """An internal function this file only declares that the signed data (or what `f` derives from it)
    is handed to, directly or through internal functions with a body here (`_castVote(id, voter, ..)`
    whose body hands `id` on to a bodyless `_countVote(id, account, ..)`, `depth` calls down): its
    override may keep the replay out; "" when there is none."""
    names = derived(f, signed)
    for _, e in exprs(f):
        for x in e.walk():
            if x.kind == "call" and x.callee.kind == "ident":
                targets = scope.functions.get(x.callee.name, [])
                if targets and all(g.body is None and not g.is_public for g in targets):
                    if any(idents(a) & names for a in x.arguments):
                        return x.callee.name
                for g in targets if depth else []:
                    if g.body is None or g is f or g.is_public:
                        continue
                    keys = {p.name for p, a in zip(g.params, x.arguments, strict=False) if idents(a) & names}
                    if keys and (hook := deferred_to(scope, g, keys, depth - 1)):
                        return hook
    return ""


_HASH = ("keccak256", "sha256", "sha3")
_PACK = ("encodePacked", "encode")


def _hashed_bytes(part: Expr, params: dict[str, str]) -> str:
    """The `bytes` parameter `part` hashes whole (`keccak256(raw)`, `keccak256(abi.encodePacked(raw))`)."""
    if part.kind != "call" or part.callee.kind != "ident" or part.callee.name not in _HASH:
        return ""
    args = part.arguments
    if len(args) == 1 and args[0].kind == "call" and args[0].callee.kind == "member" and args[0].callee.name in _PACK:
        args = args[0].arguments
    if len(args) != 1 or args[0].kind != "ident":
        return ""
    return args[0].name if params.get(args[0].name, "").split(" ")[0] == "bytes" else ""


def _reads_nonce(g: Function) -> bool:
    return any(
        y.kind in ("ident", "member") and "nonce" in (y.name or "").lower()
        for s in g.statements()
        for e in s.exprs
        for y in e.walk()
    )


def nonce_inside(scope: Scope, f: Function, parts: list[Expr]) -> bool:
    """The digest hashes one whole `bytes` parameter that `f` hands to a decoder of this contract whose
    body reads a nonce field out of it: a serialised message carrying its own nonce."""
    params = {p.name: p.type for p in f.params}
    raw = {b for p in parts for x in p.walk() if (b := _hashed_bytes(x, params))}
    if not raw:
        return False
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind != "call" or x.callee.kind != "ident" or x.callee.name not in scope.functions:
                    continue
                if any(a.kind == "ident" and a.name in raw for a in x.arguments):
                    if any(g.body and _reads_nonce(g) for g in scope.functions[x.callee.name]):
                        return True
    return False


def marked_once(scope: Scope, f: Function, signed: set[str], aliases: dict[str, str]) -> bool:
    """A record keyed by a signed value that the function writes (`bets[ticketID].player = msg.sender`,
    directly or through `Bet storage bet = bets[ticketID]`), or by a local computed only from signed values
    (`bytes32 id = keccak256(abi.encode(to, amount)); .. used[id] = true`): the signed ticket is used once."""
    signed = signed | _signed_locals(f, signed)
    pointers = {
        s.names[0]
        for s in f.statements()
        if s.kind == "var" and s.exprs and s.names and s.names[0] in aliases and _signed_key(s.exprs[0], signed, scope)
    }
    for s in f.statements():
        for e in s.exprs:
            for w in e.walk():
                if w.kind != "assign" or w.name != "=" or _accumulates(w):
                    continue  # `credit[to] += amount` grows with each replay: no used-mark
                target = w.args[0]
                while target.kind == "member" and target.args:
                    target = target.args[0]
                if _signed_key(target, signed, scope) or w.args[0].kind == "member" and _base(w.args[0]) in pointers:
                    return True
    return False


def _signed_locals(f: Function, signed: set[str]) -> set[str]:
    """Locals whose value reads parameters or locals only among `signed` (at least one)."""
    own = {p.name for p in f.params} | {n for s in f.statements() if s.kind == "var" for n in s.names}
    out: set[str] = set()
    for s in f.statements():
        if s.kind == "var" and len(s.names) == 1 and s.exprs:
            read = {y.name for y in s.exprs[0].walk() if y.kind == "ident"} & own
            if read and read <= signed:
                out.add(s.names[0])
    return out


def _accumulates(w: Expr) -> bool:
    """`m[k] = m[k] + v`: the record's own value plus (or minus) something."""
    v = w.args[1] if len(w.args) > 1 else None
    if v is None or v.kind != "binary" or v.name not in ("+", "-"):
        return False
    return any(norm(a) == norm(w.args[0]) for a in v.args)


def _base(e: Expr) -> str:
    while e.kind in ("member", "index") and e.args:
        e = e.args[0]
    return e.name if e.kind == "ident" else ""


def _signed_key(e: Expr, signed: set[str], scope: Scope) -> bool:
    """`m[k]` of a state mapping with `k` a signed identifier."""
    return (
        e.kind == "index"
        and len(e.args) == 2
        and root_name(e) in scope.state
        and e.args[1].kind == "ident"
        and e.args[1].name in signed
    )
