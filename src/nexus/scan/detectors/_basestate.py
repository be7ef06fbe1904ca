"""Stored callees an imported base contract fixes (`reentrancy`, detectors/reentrancy.py and _trusted.py).

The scanner reads one file at a time, so a contract that inherits `address public token;` from a base in
another file (`contract Sale is Module`, `Module` imported) sees `token` as an unknown name, and a call
into it as a call to anything. Here the imported base is parsed too: a state variable it declares that
only its constructors and caller-checked code write (`_conserve.owner_set`, read in the base's own file),
and that nothing in the scanned file writes outside a constructor either, names the contract the deployer
(or the owner) chose, like one declared here. A variable the base lets anyone set, or that the scanned
file writes in a public path, stays unknown. What such a callee is handed is still judged as for any
fixed callee (_trusted.py).
"""

from __future__ import annotations

import weakref
from pathlib import Path

from .._solidity import parse_solidity
from .._strip import strip_comments
from ..flow import Scope
from ..imports import _IMPORT, _candidates
from ..ir import ContractIR, SourceUnit
from ._codefixed import open_writes
from ._conserve import owner_set

__all__ = ["base_fixed"]

_MAX_FILES = 40  # imported files read per scanned file
_MAX_BYTES = 300_000
_PARSED: dict[Path, SourceUnit | None] = {}
_BASES: dict[tuple[str, str], frozenset[str]] = {}  # (file, base contract) -> its fixed state variables
_CACHE: weakref.WeakKeyDictionary[SourceUnit, dict[str, frozenset[str]]] = weakref.WeakKeyDictionary()


def _parsed(path: Path) -> SourceUnit | None:
    if path not in _PARSED:
        unit = None
        try:
            if path.stat().st_size <= _MAX_BYTES:
                text = path.read_text(encoding="utf-8", errors="replace")
                unit = parse_solidity(str(path), strip_comments(text, "solidity"))
        except Exception:  # noqa: BLE001 - an unreadable or unparsable import is simply not followed
            unit = None
        if len(_PARSED) > 2000:
            _PARSED.clear()
        _PARSED[path] = unit
    return _PARSED[path]


def _imported_units(unit: SourceUnit) -> list[SourceUnit]:
    """The files `unit` imports, transitively (breadth first, bounded), parsed."""
    out: list[SourceUnit] = []
    seen: set[Path] = set()
    queue = [(spec, Path(unit.path)) for spec in _IMPORT.findall("\n".join(unit.lines))]
    while queue and len(seen) < _MAX_FILES:
        spec, origin = queue.pop(0)
        target = next((c for c in _candidates(spec, origin) if c.is_file()), None)
        if target is None or target.resolve() in seen:
            continue
        target = target.resolve()
        seen.add(target)
        got = _parsed(target)
        if got is not None:
            out.append(got)
            queue += [(s, target) for s in _IMPORT.findall("\n".join(got.lines))]
    return out


def _missing_bases(scope: Scope) -> set[str]:
    """Base contracts named in the scanned contract's ancestry that its own file does not declare."""
    missing: set[str] = set()
    todo, seen = [scope.contract], set()
    while todo:
        c = todo.pop()
        if c.name in seen:
            continue
        seen.add(c.name)
        for b in c.bases:
            local = scope.unit.contract_of(b)
            if local is None:
                missing.add(b)
            else:
                todo.append(local)
    return missing


def _fixed_in(base: ContractIR, unit: SourceUnit, units: list[SourceUnit], depth: int = 0) -> set[str]:
    """State variables of `base` and its ancestors that only constructors and caller-checked code write."""
    key = (unit.path, base.name)
    if key not in _BASES:
        if len(_BASES) > 2000:
            _BASES.clear()
        _BASES[key] = frozenset(_fixed_here(base, unit, units, depth))
    return set(_BASES[key])


def _fixed_here(base: ContractIR, unit: SourceUnit, units: list[SourceUnit], depth: int) -> set[str]:
    scope = Scope.of(unit, base)
    out = owner_set(scope)
    if depth < 4:
        inherited: set[str] = set()
        for name in _missing_bases(scope):
            for other in units:
                c = other.contract_of(name)
                if c is not None and c.kind != "interface":
                    inherited |= _fixed_in(c, other, units, depth + 1) - set(scope.state)
                    break
        out |= inherited - _written_openly(scope, inherited)
    return out


def _written_openly(scope: Scope, names: set[str]) -> set[str]:
    """Of `names` (declared in a base elsewhere), those `scope`'s own code writes outside constructors
    and caller checks."""
    return {n for n, _ in open_writes(scope) if n in names}


def base_fixed(scope: Scope) -> frozenset[str]:
    """Names of state variables inherited from imported bases that the deployment or the owner fixes."""
    per_unit = _CACHE.setdefault(scope.unit, {})
    got = per_unit.get(scope.contract.name)
    if got is not None:
        return got
    missing = _missing_bases(scope) if scope.unit.language == "solidity" else set()
    fixed: set[str] = set()
    if missing:
        units = _imported_units(scope.unit)
        for name in missing:
            for other in units:
                c = other.contract_of(name)
                if c is not None and c.kind != "interface":
                    fixed |= _fixed_in(c, other, units)
                    break
        fixed -= set(scope.state)
        fixed -= _written_openly(scope, fixed)
    got = frozenset(fixed)
    per_unit[scope.contract.name] = got
    return got
