"""Raw `ecrecover` misuse: signature malleability (SWC-117) and an unchecked zero result (SWC-122).

Both are analyses over a contract seen with its bases. A *recover site* is an `ecrecover(h, v, r, s)`
call; its signature material is s, v and every `bytes` parameter of the function that recovers (the
packed signature split in assembly; not when v and s are plain parameters, where a `bytes` parameter is
the message), followed through locals derived from them and into callers that
pass their own parameters in those positions (r alone is not material: the malleated twin keeps it).
OpenZeppelin's `ECDSA.recover` / `SignatureChecker` are not raw sites: they bound `s` and revert on a
zero signer themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..findings import ScanFinding
from ..flow import Scope, root_name
from ..ir import Expr, Function, SourceUnit
from ._sigflow import Sites, exprs, idents, is_recover, recover_sites, s_bounded, v_restricted
from ._zerokey import zero_by_design
from .base import ScanDetector, register

__all__ = ["EcrecoverZero", "SignatureMalleability"]


@register
class SignatureMalleability(ScanDetector):
    id = "signature-malleability"
    category = "access_control"
    swc_id = "SWC-117"
    severity = "high"
    confidence = "medium"
    languages = ("solidity", "vyper")
    description = (
        "Replay protection is keyed on the signature bytes (or r, s) of a raw ecrecover, and s is not"
        " bounded to the lower half order: (r, n - s, v ^ 1) is a second valid signature for the same message,"
        " with a fresh key, so it is accepted again."
    )
    example = """pragma solidity ^0.8.20;
contract Voucher {
    address signer;
    mapping(bytes32 => bool) used;
    function redeem(address to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 id = keccak256(abi.encodePacked(v, r, s));
        require(!used[id]);
        used[id] = true;
        require(ecrecover(keccak256(abi.encodePacked(to, amount)), v, r, s) == signer);
        payable(to).transfer(amount);
    }
}
"""
    fixed = """pragma solidity ^0.8.20;
contract Voucher {
    address signer;
    mapping(bytes32 => bool) used;
    function redeem(address to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encodePacked(to, amount));
        require(!used[digest]);
        used[digest] = true;
        require(ecrecover(digest, v, r, s) == signer);
        payable(to).transfer(amount);
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            sites, funcs = recover_sites(scope)
            if not sites.calls or s_bounded(funcs, sites.s_names, scope):
                continue
            v_ok = v_restricted(funcs, sites)
            for g in scope.contract.functions:
                if g.body is None or g.is_readonly or id(g) not in sites.material:
                    continue
                yield from self._marks(unit, scope, g, sites, v_ok)

    def _marks(self, unit: SourceUnit, scope: Scope, g: Function, sites: Sites, v_ok: bool) -> Iterator[ScanFinding]:
        material, digest = sites.material[id(g)], sites.digest.get(id(g), set())
        locals_, aliases = scope.local_types(g), scope.storage_aliases(g)
        by_sig, by_message = [], False
        for _, e in exprs(g):
            for name, w in scope.state_writes(e, locals_, aliases):
                target = w.args[0] if w.args else w
                keys = {n for y in target.walk() if y.kind == "index" and len(y.args) > 1 for n in idents(y.args[1])}
                if "nonce" in name.lower() or keys & digest - material:
                    by_message = True
                elif keys & material:
                    by_sig.append((name, w.line))
        if by_sig and not by_message:
            name, line = by_sig[0]
            yield self.finding(
                unit,
                line,
                f"`{name}` marks signatures as used by their bytes, but s is not bounded to the lower half order"
                f"{'' if v_ok else ' (nor v to 27/28)'}: the malleated twin (r, n - s, v ^ 1) passes as unused;"
                " key the mark on the signed digest or a nonce, or use ECDSA.recover",
                contract=scope.contract,
                function=g,
            )


@register
class EcrecoverZero(ScanDetector):
    id = "ecrecover-zero"
    category = "access_control"
    swc_id = "SWC-122"
    severity = "medium"
    confidence = "medium"
    languages = ("solidity", "vyper")
    description = (
        "The address a raw ecrecover returns is compared with a signer that can be zero (an unset state"
        " variable or a caller's argument) and never with address(0): an invalid signature recovers"
        " address(0) and matches."
    )
    example = """pragma solidity ^0.8.20;
contract Permit {
    mapping(address => mapping(address => uint256)) public allowance;
    function permit(address owner, address spender, uint256 value, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encode(owner, spender, value));
        require(ecrecover(digest, v, r, s) == owner, "bad signature");
        allowance[owner][spender] = value;
    }
}
"""
    fixed = """pragma solidity ^0.8.20;
contract Permit {
    mapping(address => mapping(address => uint256)) public allowance;
    function permit(address owner, address spender, uint256 value, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encode(owner, spender, value));
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0) && signer == owner, "bad signature");
        allowance[owner][spender] = value;
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            funcs = [f for fs in scope.functions.values() for f in fs if f.body is not None]
            helpers = {f.name for f in funcs if _returns_recovered(f)}
            zero_checked = {n for f in funcs for _, e in exprs(f) for n in _zero_compared(e)}
            fed = _fed(funcs)
            for f in scope.contract.functions:
                if f.body is None:
                    continue
                for line, other in _comparisons(f, helpers):
                    names = idents(other)
                    if not _can_be_zero(other, scope, f) or names & zero_checked:
                        continue
                    if any(fed.get(n, set()) & zero_checked for n in names):
                        continue
                    if _recovered_names(f, helpers) & zero_checked:
                        continue
                    # a configured signer is zero only by mistake; an entry the caller picks the key of is
                    # zero for every key never set (`hotKey[voter]` of an unregistered voter)
                    stored = root_name(other) in scope.state and root_name(other) in fed and not _keyed(other, f)
                    # ... unless the contract itself leaves it zero: unset until a setter runs, or cleared
                    stored = stored and not zero_by_design(scope, root_name(other))
                    yield self.finding(
                        unit,
                        line,
                        "the ecrecover result is compared with a signer that can be zero and never with"
                        " address(0): an invalid signature recovers address(0) and passes"
                        + (" once the signer is set to zero" if stored else ""),
                        contract=scope.contract,
                        function=f,
                        confidence="low" if stored else None,  # a configured signer is zero only by mistake
                    )


def _recovers(x: Expr, helpers: set[str]) -> bool:
    return is_recover(x) or x.kind == "call" and x.callee.kind == "ident" and x.callee.name in helpers


def _recovered_names(f: Function, helpers: set[str]) -> set[str]:
    seed = {n for s, e in exprs(f) if s.kind == "var" and any(_recovers(x, helpers) for x in e.walk()) for n in s.names}
    seed |= {
        x.args[0].name
        for _, e in exprs(f)
        for x in e.walk()
        if x.kind == "assign" and x.args[0].kind == "ident" and any(_recovers(y, helpers) for y in x.args[1].walk())
    }
    return seed


def _returns_recovered(f: Function) -> bool:
    names = _recovered_names(f, set())
    return any(
        s.kind == "return"
        and any(is_recover(x) or x.kind == "ident" and x.name in names for e in s.exprs for x in e.walk())
        for s in f.statements()
    ) or any(p.name in names for p in f.returns)


def _comparisons(f: Function, helpers: set[str]) -> Iterator[tuple[int, Expr]]:
    """(line, the other side) of every ==/!= between a recovered address and something else."""
    names = _recovered_names(f, helpers)
    for _, e in exprs(f):
        for x in e.walk():
            if x.kind != "binary" or x.name not in ("==", "!="):
                continue
            for a, b in ((x.args[0], x.args[1]), (x.args[1], x.args[0])):
                if _recovers(a, helpers) or a.kind == "ident" and a.name in names:
                    yield x.line, b


def _is_zero(e: Expr) -> bool:
    """`0`, `address(0)`, Vyper's `empty(address)` / `ZERO_ADDRESS`."""
    if e.kind == "literal":
        return e.name in ("0", "0x0", "0x" + "0" * 40)
    if e.kind == "cast":
        return e.name == "address" and len(e.args) == 1 and _is_zero(e.args[0])
    if e.kind == "call" and e.callee.kind == "ident":
        name, args = e.callee.name, e.arguments
        return name == "empty" or name == "address" and len(args) == 1 and _is_zero(args[0])
    return e.kind == "ident" and e.name == "ZERO_ADDRESS"


def _zero_compared(e: Expr) -> set[str]:
    """Names compared with address(0) in `e` (==, !=, >)."""
    out: set[str] = set()
    for x in e.walk():
        if x.kind == "binary" and x.name in ("==", "!=", ">"):
            for a, b in ((x.args[0], x.args[1]), (x.args[1], x.args[0])):
                if _is_zero(b):
                    out |= idents(a)
    return out


def _fed(funcs: list[Function]) -> dict[str, set[str]]:
    """State/local name -> the names assigned into it anywhere (`signer = _signer`)."""
    out: dict[str, set[str]] = {}
    for f in funcs:
        for _, e in exprs(f):
            for x in e.walk():
                if x.kind == "assign" and root_name(x.args[0]):
                    out.setdefault(root_name(x.args[0]), set()).update(idents(x.args[1]))
    return out


def _keyed(e: Expr, f: Function) -> bool:
    """A mapping lookup whose key is a caller's argument (`signers[who]`)."""
    params = {p.name for p in f.params}
    return e.kind == "index" and len(e.args) > 1 and bool(idents(e.args[1]) & params)


def _can_be_zero(e: Expr, scope: Scope, f: Function) -> bool:
    """An unset-able state variable (not constant) or a caller's argument; msg.sender, constants and
    literals cannot be zero."""
    if e.kind == "ident":
        if e.name in scope.state:
            return not scope.state[e.name].constant
        return e.name in {p.name for p in f.params}
    if e.kind == "index":  # a mapping lookup (owners[id]) is zero for an absent key
        return root_name(e) in scope.state
    return False
