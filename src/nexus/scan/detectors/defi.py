"""DeFi pricing classes: ERC-4626 share inflation (no virtual offset) and prices read from AMM spot reserves."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import ScanFinding
from ..flow import Scope
from ..ir import Expr, Function, SourceUnit, Stmt
from ._pricesrc import (
    close_helpers,
    decides,
    donatable,
    guarded_supply,
    reached_by_write,
    read_names,
    resolve,
    spot_call,
    spot_helpers,
)
from ._spotread import balance_ratio, local_defs, tainted_by
from .base import ScanDetector, register
from .modern import _expand, _word

__all__ = ["ShareInflation", "SpotPrice"]


_MULDIV = ("mulDiv", "mulDivDown", "mulDivUp", "mulDivRoundingUp")


@register
class ShareInflation(ScanDetector):
    id = "share-inflation"
    category = "front_running"
    languages = ("solidity", "vyper")
    swc_id = ""
    severity = "medium"
    confidence = "low"
    description = (
        "Shares are minted as assets * totalSupply / totalAssets with no virtual shares or offset:"
        " the first depositor can donate assets to inflate the share price and round later"
        " deposits down to zero shares (ERC-4626 inflation)."
    )
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
                            num, den = (resolve(scope, f, _expand(p, defs, 2), helpers=False) for p in pair)
                            full = resolve(scope, f, den)
                            if _supply(num) and _assets(full) and not _offset(num + den):
                                sure = donatable(full, unit.language) and reached_by_write(scope, f)
                                yield self.finding(
                                    unit,
                                    x.line,
                                    "shares = amount * totalSupply / totalAssets"
                                    " with no virtual offset: a first depositor's donation can"
                                    " round later deposits to zero shares",
                                    contract=scope.contract,
                                    function=f,
                                    confidence="medium" if sure and not guarded_supply(scope, f) else None,
                                )


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
    return any(_word(y) in ("totalsupply", "totalshares") for p in parts for y in p.walk())


def _assets(parts: list[Expr]) -> bool:
    return any(
        _word(y) in ("totalassets", "balanceof") or y.kind == "member" and y.name == "balance"
        for p in parts
        for y in p.walk()
    )


def _offset(parts: list[Expr]) -> bool:
    """Virtual shares/assets: `+ 1`, `+ 10 ** offset`, or a name saying so."""
    return any(
        y.kind == "binary" and y.name in ("+", "**") or any(w in _word(y) for w in ("offset", "virtual"))
        for p in parts
        for y in p.walk()
    )


_SPOT = {"getReserves", "slot0", "get_dy", "getAmountsOut", "getAmountOut"}


@register
class SpotPrice(ScanDetector):
    id = "spot-price"
    category = "front_running"
    languages = ("solidity", "vyper")
    swc_id = ""
    severity = "medium"
    confidence = "low"
    description = (
        "A state-changing function prices with an AMM's spot reserves (getReserves, slot0, ...):"
        " one flash-loaned swap in the same transaction moves that price; use a TWAP or an oracle."
    )
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
            direct = {n: hs for n, hs in spot_helpers(scope, _SPOT).items() if _priced(*hs)}
            ratios = {n: hs for n, hs in _ratio_helpers(scope).items() if n not in direct}
            direct.update(ratios)
            helpers = close_helpers(scope, direct)
            yield from self._exposed(unit, scope, direct, set(ratios))
            for f in scope.contract.functions:
                if f.body is None or f.is_readonly:
                    continue
                locals_, defs = scope.local_types(f), local_defs(f)
                for s in f.statements():
                    ratio = next((r for e in s.exprs if (r := balance_ratio(e, defs)) is not None), None)
                    if ratio is not None:
                        yield self.finding(
                            unit,
                            ratio.line,
                            "a ratio of two token balances held by one pool is its spot price: a swap"
                            " earlier in the same transaction (a flash loan) sets it",
                            contract=scope.contract,
                            function=f,
                            confidence="medium" if decides(scope, f, read_names(s), [ratio]) else None,
                        )
                    for e in s.exprs:
                        for info in scope.calls(e, locals_):
                            if spot_call(scope, info, _SPOT) and _priced(f, s):
                                sure = decides(scope, f, read_names(s), [info.expr])
                                yield self.finding(
                                    unit,
                                    info.expr.line,
                                    f"`{info.name}` is a spot price: a swap"
                                    " earlier in the same transaction (a flash loan) sets it",
                                    contract=scope.contract,
                                    function=f,
                                    confidence="medium" if sure else None,
                                )
                            elif info.kind == "internal" and info.name in helpers and info.name != f.name:
                                sure = decides(scope, f, set(), [info.expr])
                                yield self.finding(
                                    unit,
                                    info.expr.line,
                                    f"`{info.name}` prices with a spot price (`{helpers[info.name][0].name}` reads"
                                    " reserves/slot0): a swap earlier in the same transaction (a flash loan) sets it",
                                    contract=scope.contract,
                                    function=f,
                                    confidence="medium" if sure else None,
                                )

    def _exposed(
        self, unit: SourceUnit, scope: Scope, direct: dict[str, tuple[Function, Stmt]], ratios: set[str]
    ) -> Iterable[ScanFinding]:
        """A public view that computes a price from a spot read is an oracle other code acts on: reported at
        the read when no state-changing caller carries it (those are reported at the call), or always for a
        pool balance ratio (the division is the price itself); medium when a state change reaches it or the
        contract keeps state callers change (a market pricing its own positions)."""
        market = any(
            g.body is not None
            and g.is_public
            and not g.is_readonly
            and g.kind not in ("constructor", "receive", "fallback")
            for g in scope.contract.functions
        )
        for h, s in direct.values():
            if not h.is_public or not any(g is h for g in scope.contract.functions):
                continue
            reached = reached_by_write(scope, h)
            if reached and h.name not in ratios:
                continue  # its state-changing callers carry it (reported at the call); a ratio is the price itself
            sure = market or reached
            yield self.finding(
                unit,
                s.line,
                f"public `{h.name}` returns a price computed from a spot read (reserves, slot0 or a pool's"
                " balances): a swap earlier in the same transaction (a flash loan) sets it",
                contract=scope.contract,
                function=h,
                confidence="medium" if sure else None,
            )


def _ratio_helpers(scope: Scope) -> dict[str, tuple[Function, Stmt]]:
    """Readonly same-contract functions that compute a pool's balance ratio: name -> (helper, statement)."""
    out: dict[str, tuple[Function, Stmt]] = {}
    for h in (h for fs in scope.functions.values() for h in fs):
        if h.body is None or not h.is_readonly:
            continue
        defs = local_defs(h)
        s = next((s for s in h.statements() if any(balance_ratio(e, defs) is not None for e in s.exprs)), None)
        if s is not None:
            out.setdefault(h.name, (h, s))
    return out


def _priced(f: Function, at: Stmt) -> bool:
    """The values read feed a multiplication or division in the function (a price is computed), directly
    or through the locals they are copied into."""
    if any(balance_ratio(e) is not None for e in at.exprs):
        return True
    names = tainted_by(f, read_names(at))
    for s in f.statements():
        for e in s.exprs:
            for x in e.walk():
                if (
                    x.kind == "binary"
                    and x.name in ("*", "/")
                    and (
                        any(y.kind == "ident" and y.name in names for y in x.walk())
                        or any(
                            y.kind == "call" and y.callee.kind == "member" and y.callee.name in _SPOT for y in x.walk()
                        )
                    )
                ):
                    return True
    return False
