"""The re-entrancy walk behind `reentrancy` and `reentrancy-stipend`: a path-sensitive pass over one function
that records, for every call handing control to another contract (or only a 2300-gas send), the first state
write that may follow it; per-function call summaries carry that through internal calls."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..flow import CallInfo, Scope
from ..ir import Expr, Function, Stmt
from ._appointed import initialiser_set
from ._conserve import owner_set
from ._context import context_slots
from ._gatedset import gated_set
from ._halts import halts_here
from ._hookcall import caller_named, handed_param, hook_recipient, receiver_hook, self_enrolled
from ._issued import issued_key
from ._iterated import fresh_args
from ._recheck import checked_writes, locks
from ._trusted import is_library_call, trusted_call
from ._zerogate import zero_gated

__all__ = ["CallSummary", "ReentryWalk", "call_summaries", "is_vyper_send", "lock_guarded", "walk_hits"]

_GUARDS = ("nonreentrant", "noreentran", "reentrancyguard", "mutex", "lock")


@dataclass
class CallSummary:
    """What one function does, as seen from a call of it: makes a control-transferring call, writes state."""

    calls: bool = False
    writes: set[str] = field(default_factory=set)
    sends_value: bool = False
    trusted: bool = True  # every call it makes (transitively) goes to a contract fixed at deployment
    unchecked: set[str] = field(default_factory=set)  # writes not re-validated first (_recheck.py)
    cei: bool = False  # walked alone, it writes no state after a call it makes (_iterated.py)
    handed: set[int] = field(default_factory=set)  # parameters whose code it runs (_hookcall.py)


class ReentryWalk:
    """Path-sensitive 'a control-transferring call may have happened' analysis over one function."""

    def __init__(
        self, scope: Scope, f: Function, summaries: dict[str, CallSummary], *, stipend: bool = False, owner: set[str]
    ) -> None:
        self.scope, self.f, self.summaries, self.owner = scope, f, summaries, owner
        self.stipend = stipend  # only `send`/`transfer` (2300 gas) count as the call
        self.locals = scope.local_types(f)
        self.aliases = scope.storage_aliases(f)
        self.hits: dict[int, tuple[CallInfo | None, str, int, bool]] = {}
        self.trusted: dict[int, bool] = {}  # call line -> every call there goes to a deployment-fixed contract
        self.rechecked: dict[int, bool] = {}  # internal call line -> its writes all follow a check reading them
        self.locks = locks(scope, f) if not stipend else {}  # _recheck.locks: var -> line it is taken
        self.slots = context_slots(scope, f)  # _context.py: var -> where it is set, and restored
        self.chosen: dict[int, bool] = {}  # call line -> runs code the caller names through a hook (_hookcall.py)
        self.looped: set[int] = set()  # call lines whose hit is only an internal call's own next iteration
        self.only: set[str] | None = None  # report only these variables (a locked function, _crossfn.py)

    def run(self, body: list[Stmt]) -> None:
        self.block(body, {})

    def block(self, body: list[Stmt], pending: dict[int, tuple[CallInfo | None, bool]]) -> dict | None:
        cur: dict | None = dict(pending)
        for s in body:
            if cur is None:
                return None
            cur = self.stmt(s, cur)
        return cur

    def stmt(self, s: Stmt, pending: dict) -> dict | None:
        if s.kind == "if":
            pending = self.exprs(s.exprs, pending)
            a = self.block(s.body, pending)
            b = self.block(s.orelse, pending)
            if a is None and b is None:
                return None
            return {**(a or {}), **(b or {})}
        if s.kind == "loop":
            pending = self.block(s.init, pending) or {}
            pending = self.exprs(s.exprs, pending)
            once = self.block(s.body, pending) or {}
            twice = self.block(s.body, {**pending, **once}) or {}
            return {**pending, **once, **twice}
        if s.kind == "block":
            pending = self.exprs(s.exprs, pending)
            return self.block(s.body, pending)
        pending = self.exprs(s.exprs, pending)
        if s.kind in ("return", "throw", "revert") or halts_here(self.scope, s):
            return None
        return pending

    def exprs(self, exprs: list[Expr], pending: dict) -> dict:
        out = dict(pending)
        for e in exprs:
            new: dict = {}
            for info in self.scope.calls(e, self.locals):
                if is_library_call(self.scope, info, self.locals):
                    continue  # `using L for T` on storage, a value or an address: runs here
                if self.stipend:
                    if info.kind in ("send", "transfer") or is_vyper_send(self.scope, info):
                        new[info.expr.line] = (info, True)
                elif info.transfers_control:
                    new[info.expr.line] = (info, info.sends_value or info.kind == "lowlevel")
                    r = hook_recipient(info)
                    if r is not None and (caller_named(r, self.f, self.scope) or self_enrolled(r, self.scope)):
                        self.chosen[info.expr.line] = True
                    ok = trusted_call(self.scope, self.f, info, self.owner, self.locals)
                    self.trusted[info.expr.line] = self.trusted.get(info.expr.line, True) and ok
                elif info.kind == "internal" and info.target is None:
                    summ = self.summaries.get(info.name)
                    line, stale = info.expr.line, out
                    if summ is not None and summ.cei and line in out and fresh_args(self.scope, self.f, info.expr):
                        stale = {k: v for k, v in out.items() if k != line}  # its own last iteration's call
                    if summ is not None and summ.writes and stale:
                        self.rechecked[line] = not summ.unchecked
                        self._report(stale, min(summ.unchecked or summ.writes), line)
                    if summ is not None and summ.calls:
                        new[info.expr.line] = (None, summ.sends_value)
                        args = info.expr.arguments
                        if any(i < len(args) and caller_named(args[i], self.f, self.scope) for i in summ.handed):
                            self.chosen[info.expr.line] = True
                        self.trusted[info.expr.line] = self.trusted.get(info.expr.line, True) and summ.trusted
            for name, node in self.scope.state_writes(e, self.locals, self.aliases):
                self._report(out, name, node.line, node)
            out.update(new)
        return out

    def _report(self, pending: dict, var: str, line: int, node: Expr | None = None) -> None:
        if self.only is not None and var not in self.only:
            return
        for call_line, (info, value) in pending.items():
            if self.locks.get(var, call_line) < call_line:  # a lock taken before the call is released
                continue
            slot = self.slots.get(var)
            if slot is not None and slot.set_line < call_line and line in slot.restores:
                continue  # a context slot set for the call, its entry value put back (_context.py)
            if node is not None and issued_key(self.scope, self.f, node, call_line, self._makes_call):
                continue  # a record under a key a call returned (_issued.py): it cannot precede the call
            if zero_gated(self.scope, self.f, call_line, line):
                continue  # the call and the write run only while a field zeroed before the call was set (_zerogate.py)
            looped = call_line == line  # a write on the call's own line, after its previous iteration
            if call_line not in self.hits:
                self.hits[call_line] = (info, var, line, value)
                if looped:
                    self.looped.add(call_line)
            elif call_line in self.looped and not looped and self.chosen.get(call_line, False):
                self.hits[call_line] = (info, var, line, value)  # name the write the hook really precedes
                self.looped.discard(call_line)

    def _makes_call(self, info: CallInfo) -> bool:
        if info.transfers_control:
            return not is_library_call(self.scope, info, self.locals)
        summ = self.summaries.get(info.name) if info.kind == "internal" and info.target is None else None
        return summ is not None and summ.calls


def is_vyper_send(scope: Scope, info: CallInfo) -> bool:
    """Vyper's `send(to, amount)` builtin (a 2300-gas stipend unless `gas=` says otherwise)."""
    return scope.unit.language == "vyper" and info.kind == "other" and info.name == "send"


def walk_hits(scope: Scope, f: Function, *, stipend: bool) -> dict[int, tuple[CallInfo | None, str, int, bool]]:
    """call line -> (call, first state variable written after it, that write's line, sends value)."""
    w = ReentryWalk(scope, f, call_summaries(scope) if not stipend else {}, stipend=stipend, owner=set())
    w.run(scope.effective_body(f))
    return w.hits


def lock_guarded(f: Function) -> bool:
    """`f` carries a re-entrancy lock modifier (or Vyper decorator), recognised by its name."""
    names = [m.callee.name if m.kind == "call" else m.name for m in f.modifiers] + f.decorators
    return any(g in n.lower() for n in names for g in _GUARDS)


def call_summaries(scope: Scope) -> dict[str, CallSummary]:
    """Every function's CallSummary, by name, carried through internal calls."""
    out: dict[str, CallSummary] = {}
    funcs = [f for fs in scope.functions.values() for f in fs if f.body is not None]
    # callees the walk itself trusts (reentrancy.py): also one set only through gated helpers (_gatedset.py)
    owner = owner_set(scope) | initialiser_set(scope) | gated_set(scope)
    done: dict[str, bool] = {}
    for f in funcs:
        s = out.setdefault(f.name, CallSummary())
        locals_, aliases = scope.local_types(f), scope.storage_aliases(f)
        for st in f.statements():
            for e in st.exprs:
                for info in scope.calls(e, locals_):
                    if info.transfers_control and not is_library_call(scope, info, locals_):
                        s.calls = True
                        for e2 in (receiver_hook(info), hook_recipient(info)):
                            i = handed_param(e2, f, scope) if e2 is not None else None
                            if i is not None:
                                s.handed.add(i)
                        s.sends_value |= info.sends_value
                        s.trusted &= trusted_call(scope, f, info, owner - set(locals_), locals_)
                s.writes |= {n for n, _ in scope.state_writes(e, locals_, aliases)}
        s.unchecked |= s.writes - checked_writes(scope, f)
    for _ in range(3):  # transitive through internal calls
        for f in funcs:
            s = out[f.name]
            for st in f.statements():
                for e in st.exprs:
                    for info in scope.calls(e, scope.local_types(f)):
                        if info.kind == "internal" and info.name in out and info.name != f.name:
                            handed = out[info.name].handed if info.target is None else set()  # not `x.f(..)`
                            callee = out[info.name]
                            s.calls |= callee.calls
                            s.sends_value |= callee.sends_value
                            s.trusted &= callee.trusted or not callee.calls
                            s.unchecked |= callee.unchecked
                            s.writes |= callee.writes
                            for i, a in enumerate(info.expr.arguments):
                                j = handed_param(a, f, scope) if i in handed else None
                                if j is not None:
                                    s.handed.add(j)
    for f in funcs:  # after the transitive pass: `cei` stays False while these walks run
        (w := ReentryWalk(scope, f, out, owner=set())).run(f.body or [])
        done[f.name] = done.get(f.name, True) and not w.hits
    for name, ok in done.items():
        out[name].cei = ok
    return out
