"""Short-address-prone transfers, uninitialised storage pointers, and refunds that are never debited."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import ScanFinding
from ..flow import root_name
from ..ir import SourceUnit
from ._undebited import undebited_payouts
from .base import ScanDetector, register

__all__ = ["RefundNotDebited", "ShortAddress", "UninitialisedStorage"]


@register
class ShortAddress(ScanDetector):
    id = "short-address"
    category = "short_addresses"
    swc_id = ""
    severity = "low"
    confidence = "low"
    description = (
        "A token transfer takes (address, amount) without checking msg.data's length; before solc 0.5"
        " a truncated address shifts the amount left by whole bytes."
    )
    example = """pragma solidity ^0.4.11;
contract Coin {
    mapping(address => uint) balances;
    function sendCoin(address to, uint amount) public {
        balances[msg.sender] -= amount;
        balances[to] += amount;
    }
}
"""
    fixed = """pragma solidity ^0.4.11;
contract Coin {
    mapping(address => uint) balances;
    function sendCoin(address to, uint amount) public {
        require(msg.data.length >= 68);
        balances[msg.sender] -= amount;
        balances[to] += amount;
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        if unit.version is not None and unit.version >= (0, 5, 0):
            return
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                if not f.is_public or f.body is None or len(f.params) < 2:
                    continue
                types = [p.type for p in f.params]
                if not (types[0].startswith("address") and types[-1].startswith(("uint", "int"))):
                    continue
                body = scope.effective_body(f)
                exprs = [x for s in body for st in s.walk() for e in st.exprs for x in e.walk()]
                if any(x.kind == "member" and x.name == "length" and x.args[0].is_member("msg", "data") for x in exprs):
                    continue
                to = f.params[0].name
                credits = [
                    x
                    for x in exprs
                    if x.kind == "assign"
                    and x.args[0].kind == "index"
                    and root_name(x.args[0]) in scope.state
                    and any(y.kind == "ident" and y.name == to for y in x.args[0].args[1].walk())
                ]
                if credits:
                    yield self.finding(
                        unit,
                        f.line,
                        f"`{f.name}` credits an address argument without checking"
                        " msg.data.length (short address attack)",
                        contract=scope.contract,
                        function=f,
                    )


@register
class UninitialisedStorage(ScanDetector):
    id = "uninitialised-storage"
    category = "other"
    swc_id = "SWC-109"
    severity = "high"
    confidence = "high"
    description = (
        "A local struct or array declared without a location or value is a storage pointer to slot 0"
        " (before solc 0.5); writing through it overwrites the first state variables."
    )
    example = """pragma solidity ^0.4.24;
contract Registrar {
    bool unlocked = false;
    struct Record { bytes32 name; address owner; }
    function register(bytes32 name) public {
        Record r;
        r.name = name;
        r.owner = msg.sender;
    }
}
"""
    fixed = example.replace("Record r;", "Record memory r;")

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        if unit.version is not None and unit.version >= (0, 5, 0):
            return
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                for s in f.statements():
                    if s.kind != "var" or s.exprs or s.location or len(s.names) != 1:
                        continue
                    ty = s.types[0] if s.types else ""
                    if not (ty in scope.structs or ty.endswith("]") or ty.startswith("mapping")):
                        continue
                    name = s.names[0]
                    msg = f"`{name}` is an uninitialised storage pointer; writes through it overwrite slot 0 onwards"
                    yield self.finding(unit, s.line, msg, contract=scope.contract, function=f)
                    for st in f.statements():
                        for e in st.exprs:
                            for x in e.walk():
                                if x.kind == "assign" and root_name(x.args[0]) == name:
                                    yield self.finding(
                                        unit, x.line, msg, contract=scope.contract, function=f, confidence="medium"
                                    )


@register
class RefundNotDebited(ScanDetector):
    id = "refund-not-debited"
    category = "access_control"
    swc_id = "SWC-105"
    severity = "high"
    confidence = "medium"
    languages = ("solidity", "vyper")
    description = "A caller is paid their recorded balance, but the balance is never reduced, so they can repeat it."
    example = """pragma solidity ^0.4.24;
contract Wallet {
    mapping(address => uint) balances;
    function refund() public {
        msg.sender.transfer(balances[msg.sender]);
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Wallet {
    mapping(address => uint) balances;
    function refund() public {
        uint amount = balances[msg.sender];
        balances[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                if not f.is_public or f.body is None:
                    continue
                locals_, aliases, seen = scope.local_types(f), scope.storage_aliases(f), set()
                written = {
                    n for s in f.statements() for e in s.exprs for n, _ in scope.state_writes(e, locals_, aliases)
                }
                for s in f.statements():
                    for e in s.exprs:
                        for info in scope.calls(e, locals_):
                            if info.kind not in ("transfer", "send") and "value" not in info.expr.options:
                                continue
                            amount = info.expr.options.get("value") or (
                                info.expr.arguments[0] if info.expr.arguments else None
                            )
                            if (
                                amount is not None
                                and amount.kind == "index"
                                and len(amount.args) > 1
                                and amount.args[1].is_member("msg", "sender")
                                and root_name(amount) in scope.state
                                and root_name(amount) not in written
                            ):
                                seen.add(info.expr.line)
                                yield self.finding(
                                    unit,
                                    info.expr.line,
                                    f"pays out `{root_name(amount)}[msg.sender]`"
                                    " without reducing it; the caller can withdraw it again",
                                    contract=scope.contract,
                                    function=f,
                                )
                for line, record in undebited_payouts(scope, f):  # through a local, pointer or helper
                    if line not in seen:
                        seen.add(line)
                        msg = f"pays out an entry of `{record}` and writes no state; the same payout can be repeated"
                        yield self.finding(unit, line, msg, contract=scope.contract, function=f)
