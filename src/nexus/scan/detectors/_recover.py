"""Where a signature is recovered and what its key and digest carry (for signature-replay in modern.py).

- **Recover calls.** `ecrecover(digest, ..)`, `ECDSA.recover(digest, sig)`, `digest.recover(sig)`,
  `SignatureChecker.isValidSignatureNow(signer, digest, sig)`, and an internal helper of this contract
  that passes one of its parameters to one of those, or that runs assembly calling the ecrecover
  precompile (`staticcall(gas(), 1, ..)`) on its one bytes32 parameter: `recover(h, sig)` recovers `h`.
- **Chain id from assembly.** `assembly { id := chainid() }`: `id` carries the chain id.
- **A key fixed at deployment.** The address compared with the recovered signer is a state variable
  the constructor sets from its parameters: the contract is built to run under one key wherever it is
  deployed (every chain of a bridge, every copy of a gateway), so a digest with neither the chain id nor
  the contract's address is valid on each of those deployments: cross-chain / cross-contract replay.
  (modern.py rates it medium only without an expiry too: a ticket that lapses in a few blocks, the
  dice-game shape, leaves little window on another deployment, a note.)
"""

from __future__ import annotations

import re

from ..flow import Scope
from ..ir import Expr, Function, SourceUnit

__all__ = ["asm_chainids", "digest_arg", "key_is_argument", "key_set_at_deploy", "recover_helpers"]

_RECOVER = {"recover", "tryRecover", "isValidSignatureNow", "isValidERC1271SignatureNow"}
_PRECOMPILE = re.compile(r"staticcall\(\s*[^,]+,\s*(?:1|0x0*1)\s*,")
_ASM_CHAINID = re.compile(r"(\w+)\s*:=\s*chainid\(\s*\)")


def digest_arg(x: Expr, helpers: dict[str, int] | None = None) -> Expr | None:
    """The digest a recover call (or a call of a recover helper, see `recover_helpers`) recovers."""
    if x.kind != "call" or not x.arguments:
        return None
    c = x.callee
    if c.kind == "ident" and c.name == "ecrecover":
        return x.arguments[0]
    if c.kind == "ident" and helpers and c.name in helpers and len(x.arguments) > helpers[c.name]:
        return x.arguments[helpers[c.name]]
    if c.kind == "member" and c.name in _RECOVER:
        args = x.arguments if c.args[0].kind == "ident" and c.args[0].name[:1].isupper() else [c.args[0], *x.arguments]
        return args[1] if c.name.startswith("isValid") and len(args) > 1 else args[0]
    return None


def recover_helpers(unit: SourceUnit, scope: Scope) -> dict[str, int]:
    """Internal functions that recover one of their parameters: name -> that parameter's index."""
    out: dict[str, int] = {}
    for fs in scope.functions.values():
        for g in fs:
            if g.body is None or g.is_public or g.kind != "function":
                continue
            names = [p.name for p in g.params]
            for x in (x for s in g.statements() for e in s.exprs for x in e.walk()):
                d = digest_arg(x)
                if d is not None and d.kind == "ident" and d.name in names:
                    out[g.name] = names.index(d.name)
                    break
            else:
                words = [i for i, p in enumerate(g.params) if p.type == "bytes32"]
                if len(words) == 1 and any(s.kind == "assembly" for s in g.statements()):
                    if _PRECOMPILE.search("\n".join(unit.lines[g.line - 1 : g.end_line])):
                        out[g.name] = words[0]
    return out


def asm_chainids(unit: SourceUnit, f: Function) -> set[str]:
    """Locals of `f` an assembly block sets to `chainid()`."""
    if not any(s.kind == "assembly" for s in f.statements()):
        return set()
    return set(_ASM_CHAINID.findall("\n".join(unit.lines[f.line - 1 : f.end_line])))


def _near(f: Function, call: Expr) -> set[str]:
    """The names in the statement holding the recover `call`, and in those reading the local it set."""
    holder = next((s for s in f.statements() for e in s.exprs if any(y is call for y in e.walk())), None)
    if holder is None:
        return set()
    near = {y.name for e in holder.exprs for y in e.walk() if y.kind == "ident"}
    for s in f.statements():  # `address who = ecrecover(..); require(who == key);`
        if holder.names and any(y.kind == "ident" and y.name in holder.names for e in s.exprs for y in e.walk()):
            near |= {y.name for e in s.exprs for y in e.walk() if y.kind == "ident"}
    return near


def key_is_argument(f: Function, call: Expr, digest: set[str]) -> bool:
    """The recovered signer is compared with an address parameter of `f` that the digest also signs
    (`permit(owner, ..)`: `signer == owner`), i.e. an account the signature speaks for, not a key of
    this deployment."""
    params = {p.name for p in f.params if p.type.startswith("address")} & digest
    holders = [st for st in f.statements() if st.kind == "var" and any(y is call for e in st.exprs for y in e.walk())]
    held = {n for st in holders for n in st.names}
    for x in (x for st in f.statements() for e in st.exprs for x in e.walk()):
        if x.kind == "binary" and x.name in ("==", "!=") and len(x.args) == 2:
            for a, b in ((x.args[0], x.args[1]), (x.args[1], x.args[0])):
                signer = a is call or a.kind == "ident" and a.name in held
                if signer and b.kind == "ident" and b.name in params:
                    return True
    return False


def key_set_at_deploy(scope: Scope, f: Function, call: Expr) -> bool:
    """The recovered signer is compared with a state variable the constructor assigns from a parameter."""
    keys = _near(f, call) & set(scope.state)
    for c in scope.contract.functions:
        if c.kind != "constructor" or c.body is None:
            continue
        params = {p.name for p in c.params}
        for x in (x for s in c.statements() for e in s.exprs for x in e.walk()):
            if (
                x.kind == "assign"
                and x.args[0].kind == "ident"
                and x.args[0].name in keys
                and any(y.kind == "ident" and y.name in params for y in x.args[1].walk())
            ):
                return True
    return False
