"""ReentrancyDetector: a call that hands control to another contract, followed on some path by a state write.

The walk that finds those calls and writes lives in `_rewalk` (`walk_hits`, `is_vyper_send` re-exported here)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import partial

from ..findings import ScanFinding, confidence_rank, severity_rank
from ..flow import Scope, caller_guards
from ..guards import caller_authorities, unresolved_guard
from ..ir import Function, SourceUnit
from ._appointed import initialiser_set
from ._basestate import base_fixed
from ._codefixed import code_fixed
from ._conserve import owner_set
from ._counterparty import counterparty_payment
from ._crossfn import exposed_writes
from ._gatedset import gated_set
from ._inflight import to_caller
from ._lockedonly import locked_only
from ._ownkey import own_record
from ._recheck import held_lock, mutex, rechecked_between
from ._rewalk import CallSummary, ReentryWalk, call_summaries, is_vyper_send, lock_guarded, walk_hits
from ._statistic import only_statistics_after
from ._stipendkey import payout_write
from ._targets import caller_chosen, owner_target
from ._trusted import initializer_only
from .base import ScanDetector, register

__all__ = ["ReentrancyDetector", "is_vyper_send", "owner_only", "walk_hits"]

_ANYONE = re.compile(r"(?i)eoa|human|origin|nocontract|notcontract")


@register
class ReentrancyDetector(ScanDetector):
    id = "reentrancy"
    category = "reentrancy"
    swc_id = "SWC-107"
    severity = "high"
    confidence = "medium"
    languages = ("solidity", "vyper")
    description = "An external call (or an internal call that makes one) is followed by a state write."
    example = """pragma solidity ^0.4.24;
contract Bank {
    mapping(address => uint) balances;
    function withdraw() public {
        uint amount = balances[msg.sender];
        require(msg.sender.call.value(amount)());
        balances[msg.sender] = 0;
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Bank {
    mapping(address => uint) balances;
    function withdraw() public {
        uint amount = balances[msg.sender];
        balances[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            summaries = call_summaries(scope)
            gated = frozenset(gated_set(scope))  # set by caller-checked code, also through internal helpers
            locked = locked_only(scope, lock_guarded)  # internal code only lock-holding callers reach
            exposed = exposed_writes(scope, lock_guarded)  # var -> an unlocked function acting on it (_crossfn.py)
            held: dict[str, str] | None = None  # the same, a lock taken by the function's own code counting too
            for f in scope.contract.functions:
                # A constructor's contract has no code yet: nothing can call back into it.
                if f.body is None or f.is_readonly or f.kind == "constructor":
                    continue
                if lock_guarded(f) or (not f.is_public and f.name in locked):
                    # The lock stops a second entry here, not one into an unlocked function that
                    # re-validates and moves the stale value (cross-function re-entrancy).
                    if exposed and f.is_public:
                        yield from self._function(unit, scope, f, summaries, gated, exposed)
                    continue
                if f.is_public and held_lock(scope, f):
                    # A lock the function takes itself, under a modifier name the list above does not know
                    # (`guarded`: a flag tested, set, and cleared around the body): it stops the same
                    # thing, so an unlocked function re-validating the stale value is the same finding;
                    # notes on other late writes follow (the first finding at a line is kept).
                    if held is None:
                        held = exposed_writes(scope, partial(_locked, scope))
                    if held:
                        yield from self._function(unit, scope, f, summaries, gated, held)
                yield from self._function(unit, scope, f, summaries, gated)

    def _function(
        self,
        unit: SourceUnit,
        scope: Scope,
        f: Function,
        summaries: dict[str, CallSummary],
        gated: frozenset[str],
        exposed: dict[str, str] | None = None,
    ) -> Iterator[ScanFinding]:
        trusted = owner_set(scope) - set(scope.local_types(f))  # a parameter may shadow the state
        # callees fixed at deployment also include those a one-shot initialiser set (_appointed.py)
        appointed = initialiser_set(scope) - set(scope.local_types(f))
        # ... and those only code constants or a fixed contract's getters name (_codefixed.py)
        appointed |= (code_fixed(scope) | base_fixed(scope)) - set(scope.local_types(f))  # also _basestate.py
        # also a callee set only through internal helpers that only caller-checked code calls (_gatedset.py)
        trusted |= gated - set(scope.local_types(f))
        w = ReentryWalk(scope, f, summaries, owner=trusted | appointed)
        if exposed is not None:
            w.only = {v for v, g in exposed.items() if g != f.name}
        w.run(scope.effective_body(f))
        # One root cause per stale write: calls before the same write of the same variable are one finding
        # at the first call, the later calls related (moving that write above the first call fixes all).
        causes: dict[tuple[str, int], ScanFinding] = {}
        gate = owner_only(scope, f, trusted)
        paid = any(v and i is not None and to_caller(f, i) for i, _, _, v in w.hits.values())
        members = owner_only(scope, f, trusted, lists=False) if w.chosen or paid else {}
        for call_line, (info, var, write_line, value) in sorted(w.hits.items()):
            # Ether paid to the caller, or a hook running code the caller names: a member of an owner-kept
            # list (`onlyMember`) re-enters as itself, and a member is not the owner.
            member_runs = w.chosen.get(call_line, False) or (value and info is not None and to_caller(f, info))
            line = call_line if f.line <= call_line <= f.end_line else f.line  # a call made by a modifier
            what = (
                (f"low-level `{info.name}`" if info.kind == "lowlevel" else f"call to `{info.name}`")
                if info
                else "an internal call that makes an external call"
            )
            # A callee fixed at deployment that is handed nothing of the caller's (_trusted.py): the code
            # that runs there is the deployer's choice, so the stale write is a low note.
            # ... unless it pays a counterparty anyone can make it pay before its record is settled (_counterparty.py)
            payee = (
                info is not None
                and counterparty_payment(scope, f, info)
                and not gate.get(call_line, False)
                and payout_write(scope, f, info) is not None
            )
            fixed = (
                w.trusted.get(call_line, False)
                and not payee
                or initializer_only(f)
                or own_record(scope, f, info, call_line)
            )
            rechecked = w.rechecked.get(write_line, False) or rechecked_between(scope, f, var, call_line, write_line)
            # No outsider re-enters (a note, not a finding): no Ether moves and the function only runs for an
            # owner-set authority (`onlyOwner`, an imported `auth`), which must pass its check again; not
            # where a hook runs a recipient's code that is not the authority's.
            closed = (
                not value
                and gate.get(call_line, False)
                and not (w.chosen.get(call_line, False) and not members.get(call_line, False))
            )
            cross = (
                f" (the lock here does not cover `{exposed[var]}`, which re-validates and writes `{var}`)"
                if exposed is not None
                else ""
            )
            found = self.finding(
                unit,
                line,
                f"{what} hands control to another contract before state variable `{var}` is"
                f" written (line {write_line}); a re-entrant call sees the stale value{cross}",
                contract=scope.contract,
                function=f,
                severity="low" if fixed or closed else "high" if value else "medium",
                # Ether sent, or code the caller picks (`msg.sender`, an argument): an attacker's contract
                # runs there. A call without value to a stored contract is a note: its code is fixed; so
                # is any call to a contract or address only the owner sets (the owner chose that code).
                confidence="low"
                if fixed
                or closed
                or rechecked
                or mutex(var, f, call_line)
                or (exposed is None and min(w.locks.values(), default=call_line) < call_line)  # own lock held
                or owner_target(info, trusted)
                and not payee
                and not w.chosen.get(call_line, False)  # a hook runs the recipient's code, not the token's
                or gate.get(call_line, False)
                and not (member_runs and not members.get(call_line, False))
                or not value
                and only_statistics_after(scope, f, call_line)  # a stale counter (_statistic)
                else "medium"
                if value or caller_chosen(info, f) or (w.chosen.get(call_line, False) and call_line not in w.looped)
                else "low",
            )
            first = causes.setdefault((var, write_line), found)
            if first is not found:
                first.severity = max(first.severity, found.severity, key=severity_rank)
                first.confidence = max(first.confidence, found.confidence, key=confidence_rank)
                if line != first.line and line not in first.related:
                    first.related.append(line)
        for found in causes.values():
            if found.related:
                found.message += f" (and {len(found.related)} more call(s) before the same write)"
            yield found


def owner_only(scope: Scope, f: Function, owner: set[str], *, lists: bool = True) -> dict[int, bool]:
    """Lines only a caller check lets run (`onlyOwner`, `require(msg.sender == owner)`): re-entering them
    needs that check to pass again, so only the owner can, as itself. A check anyone passes
    (`msg.sender == tx.origin`, an address the caller names) is no guard (guards.py decides), nor is one
    against a state variable anyone may write (a public `init() { owner = msg.sender; }`). Without `lists`,
    membership of an owner-kept list (`require(allowlisted[msg.sender])`) is no guard either: each member
    re-enters as itself, and a member is not the owner."""
    if not f.is_public:
        return {}
    lines = caller_guards(scope, f)
    out: dict[int, bool] = {}
    # An imported `auth`/`onlyOwner` modifier checks the caller against an authority this file cannot name;
    # not one anyone passes (`onlyEOA`, `onlyHuman`), nor, without `lists`, one that may be a member list.
    hidden = (
        lists
        and unresolved_guard(scope, f)
        and not any(_ANYONE.search(m.callee.name if m.kind == "call" else m.name) for m in f.modifiers)
    )
    for s, authority in caller_authorities(scope, f):
        if not lists:
            authority = {a for a in authority if not (a in scope.state and scope.state[a].type.startswith("mapping"))}
        ok = lines.get(s.line, False) and (bool(authority) and authority <= owner or not authority and hidden)
        out[s.line] = out.get(s.line, True) and ok
    return out


def _locked(scope: Scope, g: Function) -> bool:
    """`g` runs under a named lock or one it takes and gives back itself (`_recheck.held_lock`)."""
    return lock_guarded(g) or held_lock(scope, g)
