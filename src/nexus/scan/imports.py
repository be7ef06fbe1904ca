"""What a Solidity file's imports declare: library, struct, enum and value-type names, and view functions.

The scanner analyses one file at a time, but a call is only judged by what its receiver is: `SafeCast.toUint48(x)`
runs a library's code, `_set.add(v)` is a `using for` library call on a struct, `token.balanceOf(a)` is a STATICCALL
when the interface declares it `view`. Imports are followed (relative paths, then `node_modules/` or the folder of
any ancestor directory, as solc remappings usually map them) and read with a declaration-level pass only
(detectors/_basestate.py alone parses an imported base contract in full, to read which of its state variables
only its constructors and caller-checked code write).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ._strip import strip_comments

__all__ = ["Declarations", "declarations_of", "resolve_imports"]

_IMPORT = re.compile(r"""\bimport\s+(?:[^;"']*?\bfrom\s+)?["']([^"']+)["']""")
_TYPE = re.compile(r"\b(?:(abstract)\s+)?(contract|library|interface)\s+(\w+)")
_STRUCT = re.compile(r"\b(struct|enum)\s+(\w+)\s*\{")
_UDVT = re.compile(r"\btype\s+(\w+)\s+is\b")
_FUNC = re.compile(r"\bfunction\s+(\w+)\s*\(([^)]*)\)([^{;]*)[{;]")
_GETTER = re.compile(r"\bpublic\s+(?:constant\s+|immutable\s+)?(\w+)\s*[;=]")  # `T public name;`: a view getter
MAX_FILES = 200  # imports followed per scanned file
MAX_BYTES = 500_000


@dataclass
class Declarations:
    """Names a file (and what it imports) declares, by kind."""

    types: dict[str, str] = field(default_factory=dict)  # name -> contract|library|interface|struct|enum|udvt
    view_functions: set[str] = field(default_factory=set)  # declared view/pure everywhere they are declared
    mutating_functions: set[str] = field(default_factory=set)

    def merge(self, other: Declarations) -> None:
        for k, v in other.types.items():
            self.types.setdefault(k, v)
        self.view_functions |= other.view_functions
        self.mutating_functions |= other.mutating_functions

    @property
    def static_calls(self) -> set[str]:
        """Function names every declaration of which is view or pure (a call to them cannot re-enter)."""
        return self.view_functions - self.mutating_functions


def declarations_of(text: str) -> Declarations:
    """A declaration-level reading of comment-free Solidity text."""
    d = Declarations()
    for m in _TYPE.finditer(text):
        d.types.setdefault(m[3], m[2])
    for m in _STRUCT.finditer(text):
        d.types.setdefault(m[2], m[1])
    for m in _UDVT.finditer(text):
        d.types.setdefault(m[1], "udvt")
    d.view_functions |= {m[1] for m in _GETTER.finditer(text)}
    for m in _FUNC.finditer(text):
        words = set(re.findall(r"\w+", m[3].split("returns")[0]))
        (d.view_functions if words & {"view", "pure", "constant"} else d.mutating_functions).add(m[1])
    return d


def _candidates(spec: str, here: Path) -> list[Path]:
    if spec.startswith("."):
        return [here.parent / spec]
    out = []
    for anc in here.parents:
        out += [anc / "node_modules" / spec, anc / spec]
    return out


def resolve_imports(path: str | Path, text: str) -> Declarations:
    """Declarations of every file `text` (the comment-free source of `path`) imports, transitively.
    Unresolvable imports are skipped: the scan never fails for a missing dependency."""
    out = Declarations()
    here = Path(path)
    seen: set[Path] = set()
    queue = [(spec, here) for spec in _IMPORT.findall(text)]
    while queue and len(seen) < MAX_FILES:
        spec, origin = queue.pop()
        target = next((c for c in _candidates(spec, origin) if c.is_file()), None)
        if target is None:
            continue
        target = target.resolve()
        if target in seen:
            continue
        seen.add(target)
        try:
            if target.stat().st_size > MAX_BYTES:
                continue
            body = strip_comments(target.read_text(encoding="utf-8", errors="replace"), "solidity")
        except OSError:
            continue
        out.merge(declarations_of(body))
        queue += [(s, target) for s in _IMPORT.findall(body)]
    return out
