"""What a signed digest binds beyond the signing function's own expression (for signature-replay in
modern.py).

- **Hashing helpers.** `bytes32 id = messageId(nonce, sender, ..)`, `voucherHash(msg.sender, ..).toEthSigned()`:
  a function of this contract the digest calls returns the hash, so its return values (and the locals
  they name, one level) show the chain id and the contract address the digest binds, a chain id its
  assembly reads (`chainId := chainid()`) included. Only the domain is read there: the helper's own
  `nonce` parameter is whatever its caller passed.
- **A domain kept in storage.** A state variable the digest reads is followed to the value it was given
  at deployment (`DOMAIN = keccak256(abi.encode(block.chainid, address(this)))` in the constructor).
- **An idle nonce.** A parameter named like a nonce that the signing function uses nowhere but inside
  the digest (no check against stored state, no used-mark keyed by it, no hand-off to a function that
  consumes it) replays with the same value: the name alone is no nonce.
"""

from __future__ import annotations

from ..flow import Scope
from ..ir import Expr, Function, SourceUnit
from ._recover import asm_chainids

__all__ = ["DOMAIN", "binds_chain", "domain_parts", "idle_nonce", "signed_expiry", "unseen_hasher", "word"]

DOMAIN = ("chainid", "domain_separator", "domainseparator", "hashtypeddata", "_hashtypeddatav4")


def word(y: Expr) -> str:
    """A name, lower case, with the common misspelling of an EIP-712 domain read as meant (Polygon's
    EIP712Base `getDomainSeperator()` and the tokens built on it)."""
    return (y.name or "").lower().replace("seperator", "separator") if y.kind in ("ident", "member") else ""


def _helpers(scope: Scope, parts: list[Expr]) -> list[Function]:
    out: list[Function] = []
    for y in (y for p in parts for y in p.walk()):
        c = y.callee if y.kind == "call" else None
        if c is not None and (c.kind == "ident" or c.kind == "member" and c.args and c.args[0].name == "this"):
            out += [g for g in scope.functions.get(c.name, []) if g.body is not None and g.returns]
    return out


def domain_parts(scope: Scope, parts: list[Expr]) -> tuple[list[Expr], list[Function]]:
    """`parts` and the return values of the hashing helpers they call (see the module docstring)."""
    helpers = _helpers(scope, parts)
    wide = list(parts)
    for g in helpers:
        defs = {n: s.exprs[0] for s in g.statements() if s.kind == "var" and s.exprs for n in s.names}
        named = {p.name for p in g.returns}
        for s in g.statements():
            values = [s.exprs[0]] if s.kind == "return" and s.exprs else []
            values += [
                x.args[1]
                for e in s.exprs
                for x in e.walk()
                if x.kind == "assign" and x.args[0].kind == "ident" and x.args[0].name in named
            ]
            for v in values:
                wide += [v, *(defs[y.name] for y in v.walk() if y.kind == "ident" and y.name in defs)]
    return wide + _stored_values(scope, parts), helpers


def _stored_values(scope: Scope, parts: list[Expr]) -> list[Expr]:
    """The values a state variable the digest reads was given at deployment (its declaration, the
    constructor's assignment): `DOMAIN = keccak256(abi.encode(block.chainid, address(this)))`."""
    names = {y.name for p in parts for y in p.walk() if y.kind == "ident" and y.name in scope.state}
    out = [v for n in names if (v := scope.state[n].value) is not None]
    for c in (g for fs in scope.functions.values() for g in fs if g.kind == "constructor" and g.body is not None):
        for x in (x for st in c.statements() for e in st.exprs for x in e.walk()):
            if x.kind == "assign" and x.args[0].kind == "ident" and x.args[0].name in names and len(x.args) > 1:
                out.append(x.args[1])
    return out


def binds_chain(unit: SourceUnit, f: Function, wide: list[Expr], helpers: list[Function]) -> bool:
    """Some part names the chain id (Vyper's `chain.id` too) or an EIP-712 domain, or a local that assembly
    set to `chainid()`."""
    chain = asm_chainids(unit, f).union(*(asm_chainids(unit, g) for g in helpers))
    return any(
        any(w in word(y) for w in DOMAIN) or word(y) in chain or y.is_member("chain", "id")
        for p in wide
        for y in p.walk()
    )


def idle_nonce(f: Function, parts: list[Expr], y: Expr) -> bool:
    """`y` is a parameter of `f` that `f` mentions only inside the digest `parts`."""
    if y.kind != "ident" or y.name not in {p.name for p in f.params}:
        return False
    inside = {id(z) for p in parts for z in p.walk()}
    return not any(
        z.kind == "ident" and z.name == y.name and id(z) not in inside
        for s in f.statements()
        for e in s.exprs
        for z in e.walk()
    )


_BUILTIN = {"keccak256", "sha256", "sha3", "ripemd160", "ecrecover", "abi.encode", "abi.encodePacked"}


def unseen_hasher(scope: Scope, parts: list[Expr]) -> bool:
    """The digest calls an internal helper this file does not define (`_hashTypedDataV4` of an imported
    EIP-712 base): what it binds (chain id, this contract) cannot be read here."""
    return any(
        x.kind == "call"
        and x.callee.kind == "ident"
        and x.callee.name not in _BUILTIN
        and x.callee.name not in scope.functions
        and x.callee.name[:1] in "_abcdefghijklmnopqrstuvwxyz"
        for p in parts
        for x in p.walk()
    )


_EXPIRY = ("deadline", "expir", "validuntil", "validbefore", "validto")


def signed_expiry(f: Function, parts: list[Expr]) -> bool:
    """A parameter of `f` named as an expiry (deadline, expiry, validUntil, ...) is hashed into the digest
    and used nowhere else: no comparison with any clock (`block.timestamp`, a `_blockTimestamp()` helper),
    no modifier (`checkDeadline(deadline)`) is handed it."""
    handed = {y.name for m in f.modifiers for y in m.walk() if y.kind == "ident"}
    return any(
        any(w in word(y) for w in _EXPIRY) and idle_nonce(f, parts, y) and y.name not in handed
        for p in parts
        for y in p.walk()
    )
