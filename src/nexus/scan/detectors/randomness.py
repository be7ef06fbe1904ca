"""Block variables used as randomness, and timestamp-dependent decisions (both via provenance)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..findings import ScanFinding
from ..flow import Scope, caller_guarded
from ..ir import Expr, Function, SourceUnit, Stmt, render
from ..taint import Provenance
from ._draws import Barred, commit_mixes, hash_accessors, is_blockhash, is_hash
from ._handedon import handed_to_public
from ._quiet import Quiet
from ._timing import decision_confidence, own_window, pays_pot
from .base import ScanDetector, register

__all__ = ["BadRandomness", "TimestampDependence"]

_BLOCKHASH = "a block hash is known to miners and, for old or future blocks, is zero or predictable"
_DERIVED = "a 'random' value is derived from block variables that miners and callers can predict or influence"
_DECISION = "this decision depends on the block timestamp, which the miner can shift by several seconds"
_TIME_DRAW = "the block timestamp is used as a source of randomness"
_NARROW = ("uint8", "uint16", "uint24", "uint32", "uint64", "bool", "int8")


def _is_time(e: Expr) -> bool:
    return (e.kind == "ident" and e.name == "now") or e.is_member("block", "timestamp")


def _is_block_value(e: Expr) -> bool:
    return (
        _is_time(e)
        or is_blockhash(e)
        or (
            e.kind == "member"
            and e.args[0].kind == "ident"
            and e.args[0].name == "block"
            and e.name in ("number", "difficulty", "prevrandao", "coinbase", "gaslimit", "prevhash")
        )
    )


def _calls_accessor(e: Expr, accessors: set[str]) -> bool:
    """`other.lastHash()` where a contract of this file hands a block hash back as it is under that name
    (internal calls are followed by provenance itself)."""
    return e.kind == "call" and e.callee.kind == "member" and e.callee.name in accessors


def _conditions(s: Stmt) -> list[Expr]:
    out = [s.exprs[0]] if s.kind in ("if", "loop") and s.exprs else []
    for e in s.exprs:
        for x in e.walk():
            if x.kind == "call" and x.callee.kind == "ident" and x.callee.name in ("require", "assert") and x.arguments:
                out.append(x.arguments[0])
            elif x.kind == "ternary" or (x.kind == "binary" and x.name in ("<", "<=", ">", ">=", "==", "!=")):
                out.append(x.args[0] if x.kind == "ternary" else x)
    return out


def _width_mask(x: Expr) -> bool:
    """`v % 2**32` and wider: a width reduction (a wrapping timestamp), not a die roll."""
    m = x.args[1]
    if m.kind == "binary" and m.name == "**" and all(a.kind == "literal" for a in m.args):
        return m.args[0].name == "2" and m.args[1].name.isdigit() and int(m.args[1].name) >= 32
    return m.kind == "literal" and m.name.isdigit() and int(m.name) >= 2**32


def _rounded_down(x: Expr, up: Expr | None) -> bool:
    """`t - t % p`: `t` rounded down to a multiple of `p` (the start of the day, the epoch), a time
    bucket every caller in it shares, not a die roll."""
    return (
        up is not None
        and up.kind == "binary"
        and up.name == "-"
        and up.args[1] is x
        and render(up.args[0]) == render(x.args[0])
    )


def _key_only(x: Expr, up: Expr | None) -> bool:
    """`m[x]` or `f(x)` (not a hash of it): `x` names an entry or is handed on, it decides nothing."""
    return up is not None and (
        up.kind == "index" and up.args[1] is x or up.kind == "call" and up.callee is not x and not is_hash(up)
    )


def id_locals(f: Function) -> set[str]:
    """Locals declared from a hash and only ever used as a key or an argument (`bytes32 id = keccak256(..);
    receipts[id] = msg.sender`): an identifier under a name, not a draw."""
    declared = {
        s.names[0] for s in f.statements() if s.kind == "var" and len(s.names) == 1 and s.exprs and is_hash(s.exprs[0])
    }
    for s in f.statements():
        for e in s.exprs:
            parents = {id(a): x for x in e.walk() for a in (*x.args, *x.options.values())}
            for x in e.walk():
                logged = s.kind == "emit" and x is e  # an event's argument
                if x.kind == "ident" and x.name in declared and not logged and not _key_only(x, parents.get(id(x))):
                    declared.discard(x.name)
                if x.kind == "assign" and x.args[0].kind == "ident":
                    declared.discard(x.args[0].name)
    return declared


def _mixing_sinks(
    s: Stmt, ids: frozenset[str] | set[str] = frozenset(), quiet: set[int] | None = None
) -> Iterator[Expr]:
    """Values mixed into a 'random' number: hash inputs (unless the hash is only a key, an argument or a
    value stored at a keyed entry, as identifiers and commitments are, directly or through a local `ids`
    holds), modulo operands (not width masks) and narrowing casts of a hash or a modulo."""
    for e in s.exprs:
        if s.kind == "var" and s.names and s.names[0] in ids and e is s.exprs[0]:
            continue  # `bytes32 id = keccak256(..)`, `id` only a key
        parents: dict[int, Expr] = {id(a): x for x in e.walk() for a in (*x.args, *x.options.values())}
        for x in e.walk():
            up = parents.get(id(x))
            if quiet and id(x) in quiet:
                continue  # inside an identifier, a commit-reveal mix, a rotation or a time slot (_draws)
            if is_hash(x):
                if _key_only(x, up):
                    continue  # `m[keccak256(..)]`, `f(keccak256(..))`: an identifier, not a draw
                if up is not None and up.kind == "assign" and up.args[1] is x and up.args[0].kind == "index":
                    continue  # `orders[id] = keccak256(..)`: a per-entry record or commitment, not a draw
                yield x
            elif x.kind == "binary" and x.name == "%" and not _width_mask(x) and not _rounded_down(x, up):
                yield x
            elif (
                x.kind == "cast"
                and x.name.startswith(_NARROW)
                and any(
                    is_hash(y) or y.kind == "binary" and y.name == "%" and not _width_mask(y)
                    for a in x.args
                    for y in a.walk()
                )
            ):
                yield x


@dataclass
class _Sink:
    line: int
    lines: set[int]  # the sink's line and the lines that carried a source's value there
    message: str
    severity: str | None
    confidence: str | None


class _ProvenanceDetector(ScanDetector):
    """Reports each flow from a source to a sink: one finding per root cause, at the last sink of the flow,
    with the lines that carried the value (and earlier sinks of the same value) as related locations."""

    @staticmethod
    def _sink(
        prov: Provenance,
        f: Function,
        sink: Expr,
        message: str,
        severity: str | None = None,
        confidence: str | None = None,
    ) -> _Sink | None:
        origins = prov.origins(sink, f)
        return _Sink(sink.line, {sink.line, *origins}, message, severity, confidence) if origins else None

    def _merged(self, unit: SourceUnit, scope: Scope, f: Function, sinks: list[_Sink]) -> Iterator[ScanFinding]:
        """Sinks that share a line (a carrier, or one draw feeding the next) are one root cause."""
        groups: list[list[_Sink]] = []
        for sk in sinks:
            joined = [g for g in groups if any(sk.lines & o.lines for o in g)]
            merged = [sk, *(o for g in joined for o in g)]
            groups = [g for g in groups if g not in joined] + [merged]
        rank = {"low": 0, "medium": 1, "high": 2}
        for g in groups:
            top = max(g, key=lambda o: o.line)
            conf = max((o.confidence or self.confidence for o in g), key=rank.__getitem__)
            sev = max(
                (o.severity or self.severity for o in g), key=lambda v: ("info", "low", "medium", "high").index(v)
            )
            found = self.finding(
                unit, top.line, top.message, contract=scope.contract, function=f, severity=sev, confidence=conf
            )
            found.related = sorted(set().union(*(o.lines for o in g)) - {top.line})
            yield found


@register
class BadRandomness(_ProvenanceDetector):
    id = "bad-randomness"
    category = "bad_randomness"
    swc_id = "SWC-120"
    severity = "high"
    confidence = "medium"
    languages = ("solidity", "vyper")
    description = "Block values (hash, number, timestamp, difficulty, coinbase) are predictable by miners and callers."
    example = """pragma solidity ^0.4.24;
contract Lottery {
    function play() public payable {
        uint seed = block.number;
        if (uint(keccak256(seed)) % 2 == 0) msg.sender.transfer(msg.value * 2);
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Lottery {
    bytes32 commitment;
    function play(bytes32 secret) public payable {
        require(keccak256(secret) == commitment);
        if (uint(secret) % 2 == 0) msg.sender.transfer(msg.value);
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        accessors = hash_accessors(unit)
        for scope in self.scopes(unit):
            commits = commit_mixes(scope)
            prov = Barred(scope, lambda e: _is_block_value(e) or _calls_accessor(e, accessors), commits)
            draws = Quiet(scope, prov, commits)
            for f in scope.contract.functions:
                sinks: list[_Sink] = []
                ids = id_locals(f)
                quiet, reads = draws.of(f)
                quiet = quiet | handed_to_public(scope, f)  # a default for a caller's own choice
                for s in f.statements():
                    for e in s.exprs:
                        sinks += [
                            _Sink(x.line, {x.line}, _BLOCKHASH, None, None)
                            for x in e.walk()
                            if is_blockhash(x) and id(x) not in quiet and id(x) not in reads
                        ]
                    for sink in _mixing_sinks(s, ids, quiet):
                        sk = self._sink(prov, f, sink, _DERIVED)
                        if sk is not None:
                            sinks.append(sk)
                yield from self._merged(unit, scope, f, sinks)


@register
class TimestampDependence(_ProvenanceDetector):
    id = "timestamp-dependence"
    category = "time_manipulation"
    swc_id = "SWC-116"
    severity = "low"
    confidence = "medium"
    languages = ("solidity", "vyper")
    description = "A decision or a random value depends on the block timestamp, which the miner chooses."
    example = """pragma solidity ^0.4.24;
contract Sale {
    function finished() public view returns (bool) {
        return block.timestamp >= 1546300800;
    }
}
"""
    fixed = """pragma solidity ^0.4.24;
contract Sale {
    uint endBlock = 7000000;
    function finished() public view returns (bool) {
        return block.number >= endBlock;
    }
}
"""

    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        for scope in self.scopes(unit):
            commits = commit_mixes(scope)
            prov = Barred(scope, _is_time, commits, deep_state=False)
            draws = Quiet(scope, prov, commits)
            for sv in scope.contract.state.values():
                if sv.value is not None and not sv.constant and any(_is_time(x) for x in sv.value.walk()):
                    yield self.finding(
                        unit,
                        sv.line,
                        f"state variable `{sv.name}` is initialised from the block"
                        " timestamp, which the miner of the deployment block chooses",
                        contract=scope.contract,
                        severity="info",
                        confidence="low",
                    )
            for f in scope.contract.functions:
                sinks: list[_Sink] = []
                guarded, ids = caller_guarded(scope, f), id_locals(f)
                quiet = draws.of(f)[0]
                for s in f.statements():
                    for c in _conditions(s):
                        conf = decision_confidence(c, scope)
                        # Who takes the pot: an ordering that decides whether anyone-callable code pays
                        # out the contract's balance, the sent value or a stored prize (not the caller's
                        # own keyed record) lets the miner settle the race at the boundary.
                        region = s.body if s.kind == "if" and s.exprs and c is s.exprs[0] else f.body or []
                        pot = not guarded.get(id(s), False) and not own_window(c, s) and pays_pot(region, scope)
                        if conf == "low" and pot:
                            conf = None
                        sk = self._sink(prov, f, c, _DECISION, confidence=conf)
                        if sk is not None:
                            sinks.append(sk)
                    for sink in _mixing_sinks(s, ids, quiet):
                        sk = self._sink(prov, f, sink, _TIME_DRAW, severity="medium")
                        if sk is not None:
                            sinks.append(sk)
                yield from self._merged(unit, scope, f, sinks)
