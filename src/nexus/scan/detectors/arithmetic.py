"""Integer overflow / underflow before Solidity 0.8, and balance checks written the wrong way round."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import partial

from ..findings import ScanFinding
from ..flow import Scope, caller_guards, root_name
from ..ir import Function, SourceUnit
from ..taint import Provenance
from ._arith import (
    CMP,
    OPS,
    admits_checked,
    assigned_to,
    benign_operands,
    caller_input,
    conditions,
    conjuncts,
    conserved,
    contains,
    covers,
    debits,
    logged_only,
    nonzero_check,
    norm,
    operation,
    pushed_length,
    reported_only,
    ternary_conditions,
    unchecked_ids,
)
from ._bounds import (
    aggregate_debit,
    ether_bounded,
    only_stepped,
    sent_amounts,
    tiny_step,
    wei_locals,
)
from ._capped import oriented_guards, owner_capped
from ._causes import caller_amounts, one_cause
from ._choice import free_choice
from ._conserve import owner_set, trusted_operation
from ._counter import step_width
from ._decimals import decimals_power
from ._dominance import walk_dominated
from ._harmless import harmless_wrap, monotonic_time
from ._looped import looped_after
from ._lower import above_one, ceil_div, record_min, restores
from ._midpoint import midpoint
from ._narrow import cast_findings
from ._ranges import bounded_operation
from ._recdebit import compared, record_debit
from ._selfcheck import inlined_checks, wrap_test
from ._shares import share_bounded
from ._spent import spent_gas
from ._statistic import statistic_write
from ._staysmall import scheduled_set, stays_small
from ._stepsum import under_checked_sum
from ._stored import stored_bounded, stored_kinds
from ._sums import length_sum, loop_bounds, under_loop_bound
from ._supply import moved_between_records, moved_ether_records
from ._undone import undone_credit
from ._weival import wei_valued_locals
from .base import ScanDetector, register

__all__ = ["IntegerOverflow", "InvertedBalanceCheck"]


@register
class IntegerOverflow(ScanDetector):
    id = "integer-overflow"
    category = "arithmetic"
    swc_id = "SWC-101"
    severity = "high"
    confidence = "medium"
    description = "Unchecked + - * on integers (before Solidity 0.8, or inside `unchecked { }`) can wrap around."
    example = """pragma solidity ^0.4.24;
contract Token {
    mapping(address => uint) balances;
    function transfer(address to, uint value) public {
        balances[msg.sender] -= value;
        balances[to] += value;
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Token {
    mapping(address => uint) balances;
    function transfer(address to, uint value) public {
        require(balances[msg.sender] >= value);
        require(balances[to] + value >= balances[to]);
        balances[msg.sender] -= value;
        balances[to] += value;
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        yield from cast_findings(self, unit)  # a narrowing cast wraps in every version (_narrow.py)
        # From 0.8 (and in Vyper) + - * revert on overflow, except inside `unchecked { }` blocks.
        if unit.checked_arithmetic and (
            unit.language == "vyper"
            or not any(s.location == "unchecked" for c in unit.contracts for f in c.functions for s in f.statements())
        ):
            return
        admits = not unit.checked_arithmetic and admits_checked(unit)  # `>=0.7.0 <0.9.0`: a pre-0.8 build wraps
        for scope in self.scopes(unit):
            inputs = {p.name for fs in scope.functions.values() for g in fs if g.is_public for p in g.params}
            prov = Provenance(scope, partial(caller_input, inputs=inputs))
            for f in scope.contract.functions:
                if f.body is not None:
                    yield from self._function(unit, scope, f, prov, admits)

    def _function(  # noqa: PLR0913
        self, unit: SourceUnit, scope: Scope, f: Function, prov: Provenance, admits: bool
    ) -> Iterator[ScanFinding]:
        helper = scope.contract.kind == "library" or f.visibility in ("internal", "private")
        locals_ = scope.local_types(f)
        local = set(locals_)
        later = [(s.line, c) for s in f.statements() for c in conditions(s)]
        seen: set[int] = set()
        found: dict[frozenset[str], list[ScanFinding]] = defaultdict(list)
        wei, sent = wei_locals(f), sent_amounts(f)
        only = unchecked_ids(f) if unit.checked_arithmetic else None
        owner_only = caller_guards(scope, f) if f.is_public else {}
        owner, kinds = owner_set(scope) | scheduled_set(scope), stored_kinds(scope)  # _scheduled.py
        wei_vals = wei_valued_locals(f, scope, kinds)
        contracts = {c.name for c in unit.contracts}
        oriented = {id(s): g for s, g in oriented_guards(f.body or [])}
        loops = loop_bounds(f)
        for s, guards in walk_dominated(f, scope):
            if only is not None and id(s) not in only:
                continue
            exprs = s.exprs[:1] if s.kind == "loop" else s.exprs  # not the loop's update (`i++`)
            result = s.names[0] if s.kind == "var" and s.names else ""
            for e in exprs:
                branch = ternary_conditions(e)
                for x in e.walk():
                    if (op := operation(x)) is None:
                        continue
                    sym, a, b = op
                    if x.line in seen or benign_operands(a, b, scope, locals_) or ether_bounded(x, sym, a, b, scope):
                        continue
                    if decimals_power(sym, a, b, f, scope) or share_bounded(x, sym, guards, scope):
                        continue  # `10 ** token.decimals()`; `1000 - devPercent - treasuryPercent` under a total cap
                    if sym == "-" and (pushed_length(a, b) or restores(x, a, b, f)):
                        continue  # `list.push(x) - 1` (the new length, at least 1); `a - (a - c)` is `c`
                    if wrap_test(x, sym, e):
                        continue  # `return a + b >= a;`: the wrap is what the comparison detects
                    if harmless_wrap(x, sym, e, scope, locals_) or monotonic_time(sym, a, b, scope):
                        continue  # an array index (reverts), `a - b != 0`, block time minus a stored one, `uint(v*-1)`
                    enclosing = loops.get(id(s), ())
                    if spent_gas(sym, a, b, s, f, locals_) or under_loop_bound(sym, a, b, enclosing):
                        continue  # `g - gasleft()` after `g = gasleft()`; `n - 1` in the body of `for (; i < n; )`
                    if under_checked_sum(x, sym, a, b, f, enclosing, locals_, unit.checked_arithmetic):
                        continue  # `base + i` in the body of `for (; i < n; )` after a checked `base.add(n)`
                    if sym == "-" and (above_one(a, b, s, f, scope, locals_) or record_min(x, a, b, f, scope)):
                        continue  # `x - 1` after `require(x > y)`; `rec -= v` with v = min(rec, asked)
                    if midpoint(sym, a, b, f, scope, locals_) or ceil_div(sym, a, b, s, f, scope, locals_):
                        continue  # `hi - (hi - lo) / 2` is at least lo (`mid - 1` under `hi > lo`); `(x - 1) / d + 1`
                    if stays_small(x, sym, a, b, s, f, scope, locals_, guards):
                        continue  # an argument array's length plus a constant, ... (_staysmall.py)
                    if only is not None and length_sum(x, f, locals_):
                        continue  # `unchecked { total += res.uids.length; }`: a sum of array lengths
                    if looped_after(x, sym, a, b, s, f, scope):
                        continue  # `new bytes(n * 32)` then `for (i = 0; i < n; i++)`: no gas for the wrap
                    if bounded_operation(x, sym, a, b, f, scope, locals_, wei, sent, guards):
                        continue  # wei times a constant, a narrow type, a capped operand, `a - a / 100`
                    if stored_bounded(sym, a, b, scope, kinds, local, credit=x.kind == "assign", wei_locals_=wei_vals):
                        continue  # stored wei times a constant, a stored block number plus one
                    if moved_ether_records(x, sym, a, b, f, scope):
                        continue  # WETH's transfer: every record's value is ether received, moved by checked debits
                    if tiny_step(sym, a, b, scope, locals_) and (only is not None or only_stepped(a, scope)):
                        continue  # a uint256 counter's `+= 1`: 2**256 transactions are out of reach
                    steps = step_width(x, sym, a, b, f, scope, locals_) if only is not None else None
                    if steps is not None and steps >= 64:
                        continue  # `unchecked { n = s.n + 1; }` of a uint64 counter: 2**64 writes
                    if (
                        only is not None
                        and conserved(f, only, norm(b))
                        and (not record_debit(sym, a, f, scope) or compared(f, norm(b)))
                    ):
                        continue  # an amount already bounded by checked arithmetic, or a counter's `+= 1`
                    if not helper and not (prov.origins(a, f) or prov.origins(b, f)):
                        continue  # no caller input (argument, msg.value/data, or state set from one) reaches it
                    res = result or (root_name(x.args[0]) if x.kind == "assign" else assigned_to(e, x))
                    na, nb = norm(a), norm(b)
                    if any(
                        covers(g, na, nb, "") or sym == "-" and nonzero_check(g, na, nb)
                        for g in (*guards, *branch.get(id(x), ()), *inlined_checks(guards, scope))
                    ):
                        continue  # an earlier check, or the `c ? .. : ..` this operation sits in
                    if any(contains(c, norm(x)) and covers(c, na, nb, "") for c in conditions(s)):
                        continue  # the overflow check itself: `require(a + b >= a)`
                    if sym != "-" and any(line >= s.line and covers(c, na, nb, res) for line, c in later if c is not e):
                        continue
                    seen.add(x.line)
                    cause = caller_amounts(x, f, prov, locals_)
                    # `unchecked` is the author's explicit claim that it cannot wrap: only a caller's input
                    # reaching the operands of a public function makes that claim worth more than a note.
                    # An authorised caller's input (owner-only) is a trusted one: the same note.
                    opted_out = only is not None and (
                        helper
                        or owner_only.get(s.line, False)
                        or steps is not None
                        and steps >= 32  # 2**32 storage writes: months of every block
                        or not (prov.origins(a, f) or prov.origins(b, f))
                    )
                    stored = x.kind == "assign" and root_name(x.args[0]) in scope.state
                    logged = logged_only(x, e, s, f, scope, contracts)  # a wrap misreports a log only
                    sev = "low" if opted_out or logged else "high" if stored else "low" if helper else "medium"
                    # A library or internal helper's operands are its callers' to bound: without their
                    # ranges the finding is a low-severity, low-confidence note, as Slither leaves it unsaid.
                    found[cause or frozenset({f"line {x.line}"})].append(
                        self.finding(
                            unit,
                            x.line,
                            f"`{norm(x)[:80]}` can {OPS[sym]} "
                            + (
                                "(inside `unchecked { }`)"
                                if only is not None
                                else "(no check before Solidity 0.8; the pragma also admits 0.8, where it reverts)"
                                if admits
                                else "(no check before Solidity 0.8)"
                            ),
                            contract=scope.contract,
                            function=f,
                            severity=sev,
                            # Only an authorised caller reaches it (owner-only setters): a trusted input.
                            # An aggregate debited by an amount checked against one holder's record: a
                            # note (it needs broken accounting elsewhere to wrap).
                            confidence="low"
                            if opted_out
                            or owner_only.get(s.line, False)
                            or f.kind == "constructor"  # the deployer's own arguments: a trusted input
                            or sym == "-"
                            and aggregate_debit(a, nb, guards, scope)
                            or sym == "-"
                            and undone_credit(x, f, s, scope)  # undoes its record's credit
                            or trusted_operation(x, sym, a, b, f, guards, scope, owner, wei)
                            or owner_capped(x, sym, a, b, f, oriented.get(id(s), ()), scope, owner, wei)
                            or reported_only(s, f, scope, contracts)  # a value only events carry
                            or moved_between_records(x, sym, a, b, f, s, scope)  # a token's transfer
                            or statistic_write(s, x, scope)  # only views and events read it
                            or free_choice(x, e, s, f, scope)  # the caller could pass the wrapped value itself
                            else "medium"
                            if stored or not (f.is_readonly or helper)
                            else "low",
                        )
                    )
        yield from (one_cause(group) for group in found.values())


@register
class InvertedBalanceCheck(ScanDetector):
    id = "inverted-balance-check"
    category = "access_control"
    swc_id = "SWC-105"
    severity = "high"
    confidence = "medium"
    description = "A require compares amount and balance the wrong way round before the balance is debited."
    example = """pragma solidity ^0.4.24;
contract Wallet {
    mapping(address => uint) balances;
    function withdraw(uint amount) public {
        require(amount >= balances[msg.sender]);
        balances[msg.sender] -= amount;
        msg.sender.transfer(amount);
    }
}
"""
    fixed = example.replace("amount >= balances[msg.sender]", "balances[msg.sender] >= amount")

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            for f in scope.contract.functions:
                subs = debits(f.body or [], scope)
                if not subs:
                    continue
                for s in f.statements():
                    if s.kind not in ("expr", "if"):
                        continue
                    # an `if` whose branch debits runs the debit exactly when its condition holds
                    checked = debits(s.body, scope) if s.kind == "if" else subs
                    for c in conjuncts(s.exprs[0]) if s.kind == "if" and s.exprs else conditions(s):
                        if c.kind == "binary" and c.name in CMP:
                            big, small = (c.args[0], c.args[1]) if c.name in (">", ">=") else (c.args[1], c.args[0])
                            if any(norm(small) == norm(t) and norm(big) == norm(v) for t, v in checked):
                                yield self.finding(
                                    unit,
                                    c.line,
                                    f"`{norm(c)}` lets through amounts larger than"
                                    " the balance it then debits (the comparison is inverted)",
                                    contract=scope.contract,
                                    function=f,
                                )
