"""Access control: tx.origin checks, unprotected selfdestruct / delegatecall / owner writes, misnamed
constructors, and balance refunds that are never debited (arbitrary storage writes: storage.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..findings import ScanFinding
from ..flow import Scope, caller_guarded, walk_guarded
from ..ir import Expr, Function, SourceUnit
from ._allowed import allowlisted_target, named_guard, self_target
from ._asmcalls import assembly_delegate_targets
from ._authwrites import unguarded_auth_writes
from ._configvars import config_findings, ctor_like
from ._delegates import delegate_calls
from ._hooks import deferred_check, imported_initializer, locked_initializer
from ._oneshot import constructor_latched, one_shot, set_once
from ._origin import denied_origins, origin_auth
from ._proxied import deployer_target, forwarded_view
from ._sender import caller_locals
from ._takeover import unlocked_destructs, write_context
from .base import ScanDetector, register

__all__ = ["TxOrigin", "UnprotectedDelegatecall", "UnprotectedOwnerWrite", "UnprotectedSelfdestruct"]


def _public(f: Function) -> bool:
    return f.is_public and f.kind in ("function", "fallback", "receive") and f.body is not None


def _delegated_only(unit: SourceUnit, scope: Scope, f: Function) -> bool:
    """A library's state-changing function from Solidity 0.4.20: the compiler's call protection reverts
    any call that is not a DELEGATECALL, so it only ever runs as the code of a contract that links it,
    behind that contract's own checks (a direct call cannot delegatecall or self-destruct anything)."""
    return scope.contract.kind == "library" and not f.is_readonly and (unit.version or (0, 0, 0)) >= (0, 4, 20)


@register
class TxOrigin(ScanDetector):
    id = "tx-origin"
    category = "access_control"
    swc_id = "SWC-115"
    severity = "high"
    confidence = "high"
    languages = ("solidity", "vyper")
    description = "Authorisation by tx.origin lets any contract the owner calls act as the owner."
    example = """pragma solidity ^0.4.24;
contract Wallet {
    address owner;
    constructor() public { owner = msg.sender; }
    function pay(address to) public {
        require(tx.origin == owner);
        to.transfer(address(this).balance);
    }
}
"""
    fixed = example.replace("tx.origin == owner", "msg.sender == owner")

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in [*scope.contract.functions, *scope.contract.modifiers.values()]:
                seen: set[int] = set()
                for s, _ in walk_guarded(f.body or []):
                    conds = [c for c in s.exprs[:1] if s.kind in ("if", "loop")] + [
                        a
                        for e in s.exprs
                        for x in e.walk()
                        if x.kind == "call" and x.callee.kind == "ident" and x.callee.name in ("require", "assert")
                        for a in x.arguments[:1]
                    ]
                    if not any(x.is_member("tx", "origin") for c in conds for x in c.walk()):
                        continue
                    callers = caller_locals(f, scope, s)  # what holds the caller where `s` reads it
                    for c in conds:
                        if origin_auth(c, denied_origins(s, c, scope), scope, callers) and c.line not in seen:
                            seen.add(c.line)
                            yield self.finding(
                                unit,
                                c.line,
                                "authorisation uses tx.origin; a contract the owner interacts with can pass this check",
                                contract=scope.contract,
                                function=f,
                            )


@register
class UnprotectedSelfdestruct(ScanDetector):
    id = "unprotected-selfdestruct"
    category = "access_control"
    swc_id = "SWC-106"
    severity = "high"
    confidence = "high"
    languages = ("solidity", "vyper")
    description = "Anyone can call a function that destroys the contract."
    example = """pragma solidity ^0.4.24;
contract Killable {
    address owner;
    function kill() public {
        selfdestruct(msg.sender);
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Killable {
    address owner;
    function kill() public {
        require(msg.sender == owner);
        selfdestruct(owner);
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                if not _public(f) or _delegated_only(unit, scope, f):
                    continue
                guards = caller_guarded(scope, f)
                for s in f.statements():
                    for e in s.exprs:
                        for x in e.walk():
                            if (
                                x.kind == "call"
                                and x.callee.kind == "ident"
                                and x.callee.name in ("selfdestruct", "suicide")
                                and not guards.get(id(s), False)
                            ):
                                msg = f"`{f.name}` can be called by anyone and destroys the contract"
                                found = self.finding(unit, x.line, msg, contract=scope.contract, function=f)
                                found.related = [f.line] if f.line != x.line else []
                                yield found


@register
class UnprotectedDelegatecall(ScanDetector):
    id = "unprotected-delegatecall"
    category = "access_control"
    swc_id = "SWC-112"
    severity = "high"
    confidence = "medium"
    languages = ("solidity", "vyper")
    description = "A public function delegatecalls without checking the caller; the callee runs with this storage."
    example = """pragma solidity ^0.4.24;
contract Proxy {
    address owner;
    function forward(address callee, bytes data) public {
        require(callee.delegatecall(data));
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Proxy {
    address owner;
    function forward(address callee, bytes data) public {
        require(msg.sender == owner);
        require(callee.delegatecall(data));
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                if not _public(f) or _delegated_only(unit, scope, f):
                    continue
                guards = caller_guarded(scope, f)
                params = {p.name for p in f.params}
                for s in f.statements():
                    if guards.get(id(s), False):
                        continue
                    for line, name in assembly_delegate_targets(unit, s):
                        if name in params and not named_guard(f) and not allowlisted_target(scope, f, s, name):
                            yield self.finding(
                                unit,
                                line,
                                f"anyone can make this contract delegatecall (in assembly) the address `{name}`"
                                " they pass, running code they choose with this contract's storage",
                                contract=scope.contract,
                                function=f,
                                confidence="high",
                            )
                    for e in s.exprs:
                        for x, target in delegate_calls(e):
                            if not self_target(target) and not allowlisted_target(scope, f, s, _ident(target)):
                                user = any(
                                    y.kind == "ident" and y.name in params or y.is_member("msg", "data")
                                    for a in x.args
                                    for y in a.walk()
                                )
                                once = set_once(f, scope, s.line)  # an initialiser's window (see _oneshot)
                                proxy = deployer_target(target, f, scope, unit)  # see _proxied
                                read = forwarded_view(x, target, f, scope, unit)  # this selector's view
                                yield self.finding(
                                    unit,
                                    x.line,
                                    "anyone can make this contract delegatecall"
                                    + (" code and data they choose" if user and not proxy and not read else "")
                                    + (" into another contract's code" if not user or proxy else "")
                                    + (" (once, while it is still unset)" if once else "")
                                    + (
                                        " (a proxy: only the constructor or a caller-checked setter picks the target)"
                                        if proxy
                                        else f" with arguments they choose, only into `{read}`, a view (its selector)"
                                        if read
                                        else ""
                                    ),
                                    contract=scope.contract,
                                    function=f,
                                    confidence="low" if once or proxy or read else "high" if user else "medium",
                                    severity="low" if proxy or read else "high" if user else "medium",
                                )


def _ident(e: Expr) -> str:
    return e.name if e.kind == "ident" else ""


@register
class UnprotectedOwnerWrite(ScanDetector):
    id = "unprotected-owner-write"
    category = "access_control"
    swc_id = "SWC-105"
    severity = "high"
    confidence = "medium"
    languages = ("solidity", "vyper")
    description = (
        "A function anyone can call writes a variable that decides who is authorised (often a"
        " misnamed constructor or a forgotten initialiser)."
    )
    example = """pragma solidity ^0.4.24;
contract Owned {
    address owner;
    function Ownd() public { owner = msg.sender; }
    function withdraw() public {
        require(msg.sender == owner);
        msg.sender.transfer(address(this).balance);
    }
}
"""
    fixed = example.replace("function Ownd() public", "constructor() public")

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            ctx = write_context(scope)  # None when nothing authorises callers
            for f in scope.contract.functions:
                if not _public(f):
                    continue
                got = list(self._function(unit, scope, f, *ctx)) if ctx else []
                yield from got or config_findings(self, unit, scope, f)

    def _function(  # noqa: PLR0913
        self,
        unit: SourceUnit,
        scope: Scope,
        f: Function,
        auth: set[str],
        writers: dict[str, str],
        reset: set[str],
        adopted: set[int],
    ) -> Iterator[ScanFinding]:
        hits, paid, synced, claimed = unguarded_auth_writes(scope, f, auth, writers, reset)
        hits = [h for h in hits if h[0] not in adopted]
        if not hits:
            return
        why = (
            f"`{f.name}` looks like a constructor but is an ordinary public function; anyone can call it and"
            if ctor_like(scope, f)
            else f"anyone can call `{f.name}`, which"
        )
        msg = f"{why} overwrites `{hits[0][1]}`, a variable used to authorise callers"
        # One root cause (anyone reaches the function): one finding at the first write, the function's
        # header and its other writes as related locations.
        first, *rest = sorted({h[0] for h in hits})
        found = self.finding(unit, first, msg, contract=scope.contract, function=f)
        if paid == len(hits):
            found.confidence = "low"  # the caller buys itself a seat (see _oneshot)
        elif synced == len(hits):
            found.confidence = found.severity = "low"  # a copy of what a stored registry reports (_synced)
            found.message += " (with what a stored registry reports; the caller does not choose the value)"
        elif claimed == len(hits):
            found.confidence = found.severity = "low"  # first come first served (see _oneshot.unowned_claim)
            found.message += " (only while that entry has no owner yet: a claim, not a takeover)"
        elif one_shot(f, scope, {h[0] for h in hits}, {h[1] for h in hits}) or imported_initializer(f, scope):
            found.confidence = "low"  # only until the deployer's own first call (see _oneshot)
            found.message += " (once, while it is still unset)"
            if locked_initializer(f, scope) or constructor_latched(f, scope, {h[0] for h in hits}):
                found.severity = "low"  # the constructor spends the one shot itself (see _hooks)
                found.message += "; the constructor initialises this contract itself"
        elif hook := deferred_check(scope, f, {h[0] for h in hits}):
            found.confidence = found.severity = "low"  # the check is the deriving contract's (see _hooks)
            found.message += f" (unless the override of `{hook}` this file does not show checks the caller)"
        found.related = sorted({f.line, *rest} - {first})
        if found.confidence != "low" and (unlocked := unlocked_destructs(scope, {h[1] for h in hits})):
            # what the takeover opens: a selfdestruct behind a check on the overwritten owner (_takeover)
            found.message += f"; the caller check on `{unlocked[0][2]}`'s selfdestruct then passes"
            found.related = sorted({*found.related, *(n for u in unlocked for n in u[:2])} - {first})
        yield found
