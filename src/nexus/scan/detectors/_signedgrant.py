"""A seat granted to the address whose signature was just recovered (for `unprotected-owner-write`).

`require(oracles[i] == ecrecover(digest, v, r, s)); allowed[id][oracles[i]] = true;` stores at the row of
an address that signed for it: whoever calls only hands over that address's own consent, as when the
caller writes its own row (`_ownrow`). The signer is a recover call (`ecrecover`, `ECDSA.recover`,
`digest.recover(sig)`), a local assigned once from one, or a call of an internal helper whose every
return value is one. The write's last key must be the very expression a check that holds there equates
with that signer, and every other key must be part of what was signed (an argument of the recover call,
locals assigned once followed: `allowed[agreementId][oracle]` with the oracle's signature over
`agreementId`): the signer joins the one row its message names. A single-key `seats[signer] = true` is
anyone's self-registration (sign with one's own key) and stays a finding, as `admins[msg.sender] = true`
does; so does a check on another address (an owner recovered to approve someone else's entry).
Replaying the signature is `signature-replay`'s question, not this one.
"""

from __future__ import annotations

from ..facts import single_assignments, walk_facts
from ..flow import Scope
from ..ir import Expr, Function, render
from ._recover import digest_arg

__all__ = ["signed_grants"]


def _signer_helpers(scope: Scope) -> set[str]:
    """Internal functions whose every `return` hands back a recover call's result."""
    out: set[str] = set()
    for fs in scope.functions.values():
        for g in fs:
            if g.body is None or g.is_public or g.kind != "function":
                continue
            rets = [s.exprs[0] for s in g.statements() if s.kind == "return" and len(s.exprs) == 1]
            if rets and all(digest_arg(r) is not None for r in rets):
                out.add(g.name)
    return out


def _recovered(e: Expr, once: dict[str, Expr], helpers: set[str]) -> Expr | None:
    """The recover call (or signer helper call) `e` is, directly or as a local assigned once."""
    if e.kind == "ident" and e.name in once:
        e = once[e.name]
    if digest_arg(e) is not None or e.kind == "call" and e.callee.kind == "ident" and e.callee.name in helpers:
        return e
    return None


def _signed_parts(call: Expr, once: dict[str, Expr]) -> set[str]:
    """Every sub-expression of the recover call's arguments, as written, locals assigned once followed."""
    out: set[str] = set()
    todo, seen = list(call.arguments), 0
    while todo and seen < 64:
        e, seen = todo.pop(), seen + 1
        for x in e.walk():
            out.add(render(x))
            if x.kind == "ident" and x.name in once and render(once[x.name]) not in out:
                todo.append(once[x.name])
    return out


def _equated(c: Expr, holds: bool) -> list[tuple[Expr, Expr]]:
    """The pairs a condition known to be `holds` makes equal (through `&&` when it holds)."""
    if c.kind == "binary" and c.name == "&&" and holds:
        return [p for a in c.args for p in _equated(a, holds)]
    if c.kind == "unary" and c.name == "!" and c.args:
        return _equated(c.args[0], not holds)
    if c.kind == "binary" and len(c.args) == 2 and c.name == ("==" if holds else "!="):
        return [(c.args[0], c.args[1]), (c.args[1], c.args[0])]
    return []


def _keys(node: Expr) -> list[Expr]:
    """The index keys of the write's target, outermost mapping first (`m[a][b].f = ..` -> [a, b])."""
    target = node.args[0] if node.kind == "assign" and node.args else node
    while target.kind == "member" and target.args:
        target = target.args[0]
    keys: list[Expr] = []
    while target.kind == "index" and len(target.args) == 2:
        keys.insert(0, target.args[1])
        target = target.args[0]
    return keys


def signed_grants(scope: Scope, f: Function, writes: list[Expr]) -> set[int]:
    """The ids of the `writes` (state writes of `f`) that store at the row of a signer a check that holds
    there has just recovered."""
    helpers = _signer_helpers(scope)
    once = single_assignments(f.body or [])
    wanted = {id(w): k for w in writes if len(k := _keys(w)) > 1}
    out: set[int] = set()
    if not wanted:
        return out
    for s, facts in walk_facts(f.body or []):
        signed = {
            render(a): _signed_parts(call, once)
            for c, holds in facts
            for a, b in _equated(c, holds)
            if (call := _recovered(b, once, helpers)) is not None
        }
        if not signed:
            continue
        for e in s.exprs:
            for x in e.walk():
                keys = wanted.get(id(x))
                parts = signed.get(render(keys[-1])) if keys else None
                if keys and parts is not None and all(render(k) in parts for k in keys[:-1]):
                    out.add(id(x))
    return out
