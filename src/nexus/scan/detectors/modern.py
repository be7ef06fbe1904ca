"""Modern-Solidity classes: read-only re-entrancy (a view exposing state mid-update) and signature replay
(a digest without a nonce, chain id or deadline; SWC-121). DeFi pricing classes live in defi.py."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..findings import ScanFinding
from ..flow import Scope, root_name
from ..ir import Expr, Function, SourceUnit
from ._digests import binds_chain, domain_parts, idle_nonce, signed_expiry, unseen_hasher
from ._digests import word as _word
from ._inflight import fixed_callee, ratio_operands, set_before, to_caller
from ._latewrite import written_after
from ._midread import exposed_pool_reads
from ._recover import digest_arg, key_is_argument, key_set_at_deploy, recover_helpers
from ._replay import deferred_to, marked_elsewhere, marked_once, nonce_inside, signer_is_caller
from ._zerokey import frozen_state
from .base import ScanDetector, register
from .reentrancy import walk_hits

__all__ = ["ReadOnlyReentrancy", "SignatureReplay"]


def _reads(f: Function) -> set[str]:
    return {x.name for s in f.statements() for e in s.exprs for x in e.walk() if x.kind == "ident"}


@register
class ReadOnlyReentrancy(ScanDetector):
    id = "read-only-reentrancy"
    category = "reentrancy"
    swc_id = "SWC-107"
    severity = "medium"
    confidence = "low"
    languages = ("solidity", "vyper")
    description = (
        "A view reads state that another function updates only after an external call: a contract"
        " called mid-update (and anyone it calls) reads a stale value, even behind nonReentrant."
    )
    example = """pragma solidity ^0.8.20;
contract Pool {
    mapping(address => uint256) public shares;
    uint256 public totalShares;
    uint256 public reserve;
    function price() external view returns (uint256) { return reserve * 1e18 / totalShares; }
    function withdraw(uint256 n) external {
        (bool ok, ) = msg.sender.call{value: n * reserve / totalShares}("");
        require(ok);
        shares[msg.sender] -= n;
        totalShares -= n;
    }
}
"""
    fixed = """pragma solidity ^0.8.20;
contract Pool {
    mapping(address => uint256) public shares;
    uint256 public totalShares;
    uint256 public reserve;
    function price() external view returns (uint256) { return reserve * 1e18 / totalShares; }
    function withdraw(uint256 n) external {
        uint256 amount = n * reserve / totalShares;
        shares[msg.sender] -= n;
        totalShares -= n;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok);
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for r in exposed_pool_reads(scope):  # the reading side: a pool price taken mid-update (_midread.py)
                yield self.finding(
                    unit,
                    r.line,
                    f"`{r.function.name}` reads `{r.pool}.{r.price}()`, a price the pool exposes mid-update"
                    f" (it pays out before settling its balances), without first taking `{r.pool}`'s lock"
                    " (a state-changing call on it): a contract called by the pool reads an inflated value",
                    contract=scope.contract,
                    function=r.function,
                    confidence="medium" if r.acted_on else "low",
                )
            stale: dict[str, tuple[Function, int, bool]] = {}  # state var -> (function, call line, to caller)
            for f in scope.contract.functions:
                if f.body is None or f.is_readonly or not f.is_public:
                    continue
                for line, (info, _, _, value) in walk_hits(scope, f, stipend=False).items():
                    if info is None or not value or fixed_callee(scope, f, info):
                        continue  # only calls that hand over ether or run arbitrary code with a value
                    for var in written_after(scope, f, line):
                        if not set_before(scope, f, var, line):  # _inflight.py: the value is the function's own
                            stale.setdefault(var, (f, line, to_caller(f, info)))
            if not stale:
                continue
            for v in scope.contract.functions:
                if v.body is None or not (v.is_public and v.is_readonly):
                    continue
                hit = sorted(_reads(v) & set(stale))
                if hit:
                    f, line, caller = stale[hit[0]]
                    # A price a caller-chosen contract can read mid-update (and others price from): medium.
                    priced = caller and bool(set(hit) & ratio_operands(v))
                    yield self.finding(
                        unit,
                        v.line,
                        f"view `{v.name}` reads `{hit[0]}`, which `{f.name}` updates"
                        f" only after its external call (line {line}): a caller re-entered there"
                        " reads a stale value",
                        contract=scope.contract,
                        function=v,
                        confidence="medium" if priced else "low",
                    )


@register
class SignatureReplay(ScanDetector):
    id = "signature-replay"
    category = "access_control"
    swc_id = "SWC-121"
    languages = ("solidity", "vyper")
    severity = "high"
    confidence = "medium"
    description = (
        "A signature authorises an action, but the signed digest has no nonce (or used-digest mark)"
        " to stop a second use, no chain id for other chains, or no deadline."
    )
    example = """pragma solidity ^0.8.20;
contract Voucher {
    address signer;
    function redeem(address to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encodePacked(to, amount));
        require(ecrecover(digest, v, r, s) == signer);
        payable(to).transfer(amount);
    }
}
"""
    fixed = """pragma solidity ^0.8.20;
contract Voucher {
    address signer;
    mapping(address => uint256) public nonces;
    function redeem(address to, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        require(block.timestamp <= deadline);
        bytes32 digest = keccak256(abi.encodePacked(block.chainid, address(this), to, amount, nonces[to]++,
                                                    deadline));
        require(ecrecover(digest, v, r, s) == signer);
        payable(to).transfer(amount);
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                if f.body is None or f.is_readonly or not f.is_public:
                    continue
                yield from self._function(unit, scope, f)

    def _function(self, unit: SourceUnit, scope: Scope, f: Function) -> Iterator[ScanFinding]:
        defs = {n: s.exprs[0] for s in f.statements() if s.kind == "var" and s.exprs for n in s.names}
        own = {p.name for p in f.params} | {n for s in f.statements() if s.kind == "var" for n in s.names}
        helpers = recover_helpers(unit, scope)
        for x in (x for s in f.statements() for e in s.exprs for x in e.walk()):
            digest = digest_arg(x, helpers)
            if digest is None or signer_is_caller(f, scope, x):
                continue  # a signer that must be the caller: its replay is the signer acting (see _replay)
            parts = _expand(digest, defs, 3)
            signed = {y.name for p in parts for y in p.walk() if y.kind == "ident"} & own
            missing = []
            if not (_has_nonce(scope, f, parts) or marked_elsewhere(scope, f, signed) or nonce_inside(scope, f, parts)):
                missing.append("a nonce or used-digest mark")
            wide, hashers = domain_parts(scope, parts)  # the chain id a hashing helper binds (_digests)
            if not binds_chain(unit, f, wide, hashers):
                missing.append("the chain id")
            if not _has_deadline(f):
                missing.append("a deadline")
            # The signer named an expiry (a parameter hashed into the digest) that nothing compares with
            # the clock: the signature outlives the time its signer gave it, a replay the signer ruled out.
            ignored = "a deadline" in missing and signed_expiry(f, parts)
            # Vyper: only the ignored expiry (the helper digests Vyper code builds, `self._digest(..)`, are
            # not followed yet, so a nonce or chain id they bind would read as missing)
            if missing and (unit.language != "vyper" or ignored and missing == ["a deadline"]):
                nonce = missing[0].startswith("a nonce")
                # Used once here, but the key is a deployment parameter and the digest names neither the
                # chain nor this contract nor an expiry: good on every deployment, for ever (_recover.py).
                bare = not nonce and "the chain id" in missing and not _names_self(wide)
                twice = bare and "a deadline" in missing and key_set_at_deploy(scope, f, x)
                # Nor does it name this contract: a holder's signature (`signer == owner`) is good on every
                # copy of this code, on this chain too, where the nonce the holder has there still matches.
                twice = twice or bare and key_is_argument(f, x, signed) and not unseen_hasher(scope, parts)
                hook = deferred_to(scope, f, signed) if nonce else ""  # the override may check (see _replay)
                yield self.finding(
                    unit,
                    x.line,
                    f"the signed digest lacks {', '.join(missing)}: the signature can be replayed"
                    + (" (the expiry it signs is never compared with the block time)" if ignored else "")
                    + (f" (unless the override of `{hook}` this file does not show rejects a reuse)" if hook else ""),
                    contract=scope.contract,
                    function=f,
                    severity="low"
                    if hook
                    else "high"
                    if nonce
                    else "medium"
                    if "the chain id" in missing or ignored
                    else "low",
                    # Used once, on this chain: a replay needs the same contract at the same address on
                    # another chain (or a signer who never expected the signature to last), a note.
                    confidence="medium" if (nonce or ignored) and not hook or twice else "low",
                )


def _expand(e: Expr, defs: dict[str, Expr], depth: int) -> list[Expr]:
    out = [e]
    if depth:
        for y in e.walk():
            if y.kind == "ident" and y.name in defs and defs[y.name] is not e:
                out += _expand(defs[y.name], defs, depth - 1)
    return out


def _names_self(parts: list[Expr]) -> bool:
    return any(
        y.kind in ("cast", "call") and any(z.kind == "ident" and z.name == "this" for z in y.walk())
        for p in parts
        for y in p.walk()
    )


def _has_nonce(scope: Scope, f: Function, parts: list[Expr]) -> bool:
    """A state value in the digest that this function changes (`nonces[a]++`), a nonce helper, or a
    used-digest mark (`used[digest] = true`)."""
    locals_, aliases = scope.local_types(f), scope.storage_aliases(f)
    written = {n for s in f.statements() for e in s.exprs for n, _ in scope.state_writes(e, locals_, aliases)}
    in_digest = {root_name(y) for p in parts for y in p.walk()} | {
        y.name for p in parts for y in p.walk() if y.kind == "ident"
    }
    ys = [y for p in parts for y in p.walk()]
    if in_digest & written or any(
        "nonce" in _word(y) and not idle_nonce(f, parts, y) and not frozen_state(scope, y) for y in ys
    ):
        return True
    if marked_once(scope, f, in_digest, aliases):
        return True
    digest = parts[0]
    if digest.kind != "ident":
        return False
    return any(
        w.kind == "assign"
        and w.args[0].kind == "index"
        and len(w.args[0].args) > 1
        and render_name(w.args[0].args[1]) == digest.name
        for s in f.statements()
        for e in s.exprs
        for w in e.walk()
    )


def render_name(e: Expr) -> str:
    return e.name if e.kind == "ident" else ""


def _has_deadline(f: Function) -> bool:
    return any(
        y.is_member("block", "timestamp") or y.is_member("block", "number") or y.kind == "ident" and y.name == "now"
        for s in f.statements()
        for e in s.exprs
        for y in e.walk()
    )
