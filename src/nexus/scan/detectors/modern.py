"""Modern-Solidity classes: read-only re-entrancy (a view exposing state mid-update), ERC-4626 share
inflation (no virtual offset), and signature replay (a digest without a nonce, chain id or deadline; SWC-121)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..findings import ScanFinding
from ..flow import Scope, root_name
from ..ir import Expr, Function, SourceUnit, Stmt
from .base import ScanDetector, register
from .reentrancy import walk_hits

__all__ = ["ReadOnlyReentrancy", "ShareInflation", "SignatureReplay", "SpotPrice"]


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
    description = ("A view reads state that another function updates only after an external call: a contract"
                   " called mid-update (and anyone it calls) reads a stale value, even behind nonReentrant.")
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
            stale: dict[str, tuple[Function, int]] = {}  # state variable -> (function, line of the call)
            for f in scope.contract.functions:
                if f.body is None or f.is_readonly or not f.is_public:
                    continue
                for line, (info, _, _, value) in walk_hits(scope, f, stipend=False).items():
                    if info is None or not value:
                        continue  # only calls that hand over ether or run arbitrary code with a value
                    for var in _written_after(scope, f, line):
                        stale.setdefault(var, (f, line))
            if not stale:
                continue
            for v in scope.contract.functions:
                if v.body is None or not (v.is_public and v.is_readonly):
                    continue
                hit = sorted(_reads(v) & set(stale))
                if hit:
                    f, line = stale[hit[0]]
                    yield self.finding(unit, v.line, f"view `{v.name}` reads `{hit[0]}`, which `{f.name}` updates"
                                       f" only after its external call (line {line}): a caller re-entered there"
                                       " reads a stale value", contract=scope.contract, function=v)


def _written_after(scope: Scope, f: Function, line: int) -> set[str]:
    locals_, aliases = scope.local_types(f), scope.storage_aliases(f)
    return {n for s in f.statements() if s.line > line for e in s.exprs
            for n, _ in scope.state_writes(e, locals_, aliases)}


_RECOVER = {"recover", "tryRecover", "isValidSignatureNow", "isValidERC1271SignatureNow"}
_DOMAIN = ("chainid", "domain_separator", "domainseparator", "hashtypeddata", "_hashtypeddatav4")


@register
class SignatureReplay(ScanDetector):
    id = "signature-replay"
    category = "access_control"
    swc_id = "SWC-121"
    severity = "high"
    confidence = "medium"
    description = ("A signature authorises an action, but the signed digest has no nonce (or used-digest mark)"
                   " to stop a second use, no chain id for other chains, or no deadline.")
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
        for x in (x for s in f.statements() for e in s.exprs for x in e.walk()):
            digest = _digest_arg(x)
            if digest is None:
                continue
            parts = _expand(digest, defs, 3)
            missing = []
            if not _has_nonce(scope, f, parts):
                missing.append("a nonce or used-digest mark")
            if not any(any(w in _word(y) for w in _DOMAIN) for p in parts for y in p.walk()):
                missing.append("the chain id")
            if not _has_deadline(f):
                missing.append("a deadline")
            if missing:
                yield self.finding(unit, x.line, f"the signed digest lacks {', '.join(missing)}: the signature can be"
                                   " replayed", contract=scope.contract, function=f,
                                   severity="high" if missing[0].startswith("a nonce") else
                                   "medium" if "the chain id" in missing else "low")


def _digest_arg(x: Expr) -> Expr | None:
    if x.kind != "call" or not x.arguments:
        return None
    c = x.callee
    if c.kind == "ident" and c.name == "ecrecover":
        return x.arguments[0]
    if c.kind == "member" and c.name in _RECOVER:
        args = x.arguments if c.args[0].kind == "ident" and c.args[0].name[:1].isupper() else [c.args[0], *x.arguments]
        return args[1] if c.name.startswith("isValid") and len(args) > 1 else args[0]
    return None


def _expand(e: Expr, defs: dict[str, Expr], depth: int) -> list[Expr]:
    out = [e]
    if depth:
        for y in e.walk():
            if y.kind == "ident" and y.name in defs and defs[y.name] is not e:
                out += _expand(defs[y.name], defs, depth - 1)
    return out


def _word(y: Expr) -> str:
    return (y.name or "").lower() if y.kind in ("ident", "member") else ""


def _has_nonce(scope: Scope, f: Function, parts: list[Expr]) -> bool:
    """A state value in the digest that this function changes (`nonces[a]++`), a nonce helper, or a
    used-digest mark (`used[digest] = true`)."""
    locals_, aliases = scope.local_types(f), scope.storage_aliases(f)
    written = {n for s in f.statements() for e in s.exprs for n, _ in scope.state_writes(e, locals_, aliases)}
    in_digest = {root_name(y) for p in parts for y in p.walk()} | {y.name for p in parts for y in p.walk()
                                                                   if y.kind == "ident"}
    if in_digest & written or any("nonce" in _word(y) for p in parts for y in p.walk()):
        return True
    digest = parts[0]
    if digest.kind != "ident":
        return False
    return any(w.kind == "assign" and w.args[0].kind == "index" and len(w.args[0].args) > 1
               and render_name(w.args[0].args[1]) == digest.name
               for s in f.statements() for e in s.exprs for w in e.walk())


def render_name(e: Expr) -> str:
    return e.name if e.kind == "ident" else ""


def _has_deadline(f: Function) -> bool:
    return any(y.is_member("block", "timestamp") or y.kind == "ident" and y.name == "now"
               for s in f.statements() for e in s.exprs for y in e.walk())


_MULDIV = ("mulDiv", "mulDivDown", "mulDivUp", "mulDivRoundingUp")


@register
class ShareInflation(ScanDetector):
    id = "share-inflation"
    category = "front_running"
    swc_id = ""
    severity = "medium"
    confidence = "low"
    description = ("Shares are minted as assets * totalSupply / totalAssets with no virtual shares or offset:"
                   " the first depositor can donate assets to inflate the share price and round later"
                   " deposits down to zero shares (ERC-4626 inflation).")
    example = """pragma solidity ^0.8.20;
interface IERC20 { function balanceOf(address) external view returns (uint256); }
contract Vault {
    IERC20 asset;
    uint256 public totalSupply;
    function totalAssets() public view returns (uint256) { return asset.balanceOf(address(this)); }
    function convertToShares(uint256 assets) public view returns (uint256) {
        uint256 supply = totalSupply;
        return supply == 0 ? assets : assets * supply / totalAssets();
    }
}
"""
    fixed = example.replace("assets * supply / totalAssets()", "assets * (supply + 1e3) / (totalAssets() + 1)")

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                if f.body is None:
                    continue
                defs = {n: s.exprs[0] for s in f.statements() if s.kind == "var" and s.exprs for n in s.names}
                for s in f.statements():
                    for e in s.exprs:
                        for x in e.walk():
                            pair = _ratio(x)
                            if pair is None:
                                continue
                            num, den = (_expand(p, defs, 2) for p in pair)
                            if _supply(num) and _assets(den) and not _offset(num + den):
                                yield self.finding(unit, x.line, "shares = amount * totalSupply / totalAssets"
                                                   " with no virtual offset: a first depositor's donation can"
                                                   " round later deposits to zero shares",
                                                   contract=scope.contract, function=f)


def _ratio(x: Expr) -> tuple[Expr, Expr] | None:
    """(numerator factor, denominator) of `a * n / d` or a mulDiv call."""
    if x.kind == "binary" and x.name == "/" and x.args[0].kind == "binary" and x.args[0].name == "*":
        return x.args[0].args[1], x.args[1]
    if x.kind == "call" and x.callee.kind == "member" and x.callee.name in _MULDIV:
        args = x.arguments
        if x.callee.args[0].kind == "ident" and x.callee.args[0].name[:1].isupper():
            args = args[1:]  # Math.mulDiv(a, n, d)
        return (args[0], args[1]) if len(args) >= 2 else None
    return None


def _supply(parts: list[Expr]) -> bool:
    return any(_word(y) == "totalsupply" for p in parts for y in p.walk())


def _assets(parts: list[Expr]) -> bool:
    return any(_word(y) in ("totalassets", "balanceof") or y.kind == "member" and y.name == "balance"
               for p in parts for y in p.walk())


def _offset(parts: list[Expr]) -> bool:
    """Virtual shares/assets: `+ 1`, `+ 10 ** offset`, or a name saying so."""
    return any(y.kind == "binary" and y.name in ("+", "**") or any(w in _word(y) for w in ("offset", "virtual"))
               for p in parts for y in p.walk())


_SPOT = {"getReserves", "slot0", "get_dy", "getAmountsOut", "getAmountOut"}


@register
class SpotPrice(ScanDetector):
    id = "spot-price"
    category = "front_running"
    swc_id = ""
    severity = "medium"
    confidence = "low"
    description = ("A state-changing function prices with an AMM's spot reserves (getReserves, slot0, ...):"
                   " one flash-loaned swap in the same transaction moves that price; use a TWAP or an oracle.")
    example = """pragma solidity ^0.8.20;
interface IPair { function getReserves() external view returns (uint112, uint112, uint32); }
contract Lender {
    IPair pair;
    mapping(address => uint256) debt;
    function borrow(uint256 collateral) external {
        (uint112 r0, uint112 r1, ) = pair.getReserves();
        debt[msg.sender] += collateral * r1 / r0;
    }
}
"""
    fixed = """pragma solidity ^0.8.20;
interface IOracle { function consult(uint32 secondsAgo) external view returns (uint256); }
contract Lender {
    IOracle oracle;
    mapping(address => uint256) debt;
    function borrow(uint256 collateral) external {
        uint256 price = oracle.consult(1800);
        debt[msg.sender] += collateral * price / 1e18;
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                if f.body is None or f.is_readonly:
                    continue
                locals_ = scope.local_types(f)
                for s in f.statements():
                    for e in s.exprs:
                        for info in scope.calls(e, locals_):
                            if info.name in _SPOT and info.kind in ("external", "static") and _priced(f, s):
                                yield self.finding(unit, info.expr.line, f"`{info.name}` is a spot price: a swap"
                                                   " earlier in the same transaction (a flash loan) sets it",
                                                   contract=scope.contract, function=f)


def _priced(f: Function, at: Stmt) -> bool:
    """The values read feed a multiplication or division in the function (a price is computed)."""
    names = set(at.names)
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if x.kind == "binary" and x.name in ("*", "/") and (
                        any(y.kind == "ident" and y.name in names for y in x.walk()) or
                        any(y.kind == "call" and y.callee.kind == "member" and y.callee.name in _SPOT
                            for y in x.walk())):
                    return True
    return False
