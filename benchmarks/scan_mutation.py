"""Bug injection into clean real contracts (the npm corpus): each mutant is one source file with one bug of
a known class added to one of its contracts, in one of several forms, with fresh identifiers.

Forms differ in syntax (call/send/transfer, `require` vs `if`, storage layout, argument vs caller), so a rule
that only matches one spelling does not score on all of them. The injected line range is recorded; a class
is found when a finding of its category lies inside that range. Used by bench_scan_mutants.py.

The first six classes use 0.7+ syntax and go into 0.7+ files; the classes of scan_mutation_more.py
(arithmetic before 0.8, randomness, timestamp, DoS, transaction order) are written for the file's compiler
(0.5 on). A pre-0.8 file without a contract (a library file such as Uniswap v3's, `>=0.5.0 <0.8.0`) gets
the bug in a fresh contract appended after its code, so pre-0.8 sources are not only Uniswap v2's three.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scan_mutation_more import MORE

from nexus.scan import parse_source

__all__ = ["CLASSES", "Mutant", "mutate"]


@dataclass(frozen=True)
class Mutant:
    source: str  # the file the mutant came from (splits keep a source and its mutants together)
    text: str
    bug: str  # the injected class
    category: str  # its SmartBugs category
    lines: tuple[int, int]  # first and last line of the injected code


def _reentrancy(n: dict[str, str], form: int) -> str:
    pay = [
        f'(bool {n["ok"]}, ) = payable(msg.sender).call{{value: {n["amt"]}}}("");\n        require({n["ok"]});',
        f'(bool {n["ok"]}, ) = msg.sender.call{{value: {n["amt"]}}}("");\n        if (!{n["ok"]}) revert();',
        f"payable(msg.sender).transfer({n['amt']});",
    ][form % 3]
    return (
        f"    mapping(address => uint256) private {n['bal']};\n"
        f"    function {n['dep']}() external payable {{ {n['bal']}[msg.sender] += msg.value; }}\n"
        f"    function {n['fn']}() external {{\n"
        f"        uint256 {n['amt']} = {n['bal']}[msg.sender];\n"
        f"        {pay}\n"
        f"        {n['bal']}[msg.sender] = 0;\n"
        f"    }}\n"
    )


def _withdraw(n: dict[str, str], form: int) -> str:
    send = [
        f"payable(msg.sender).transfer({n['arg']});",
        f'(bool {n["ok"]}, ) = payable(msg.sender).call{{value: {n["arg"]}}}("");\n        require({n["ok"]});',
        "payable(msg.sender).transfer(address(this).balance);",
    ][form % 3]
    return f"    function {n['fn']}(uint256 {n['arg']}) external {{\n        {send}\n    }}\n"


def _payee(n: dict[str, str], form: int) -> str:
    setter = [f"{n['who']} = payable(msg.sender);", f"{n['who']} = {n['arg']};"][form % 2]
    return (
        f"    address payable private {n['who']};\n"
        f"    function {n['set']}(address payable {n['arg']}) external {{ {setter} }}\n"
        f"    function {n['fn']}() external {{\n"
        f"        {n['who']}.transfer(address(this).balance);\n"
        f"    }}\n"
    )


def _unchecked(n: dict[str, str], form: int) -> str:
    call = [
        f"payable({n['arg']}).send(1);",
        f'{n["arg"]}.call{{value: 1}}("");',
        f"if (!payable({n['arg']}).send(1)) {{ }}",
    ][form % 3]
    return f"    function {n['fn']}(address {n['arg']}) external {{\n        {call}\n    }}\n"


def _underflow(n: dict[str, str], form: int) -> str:
    op = [
        f"{n['bal']}[msg.sender] -= {n['arg']};",
        f"{n['bal']}[msg.sender] = {n['bal']}[msg.sender] - {n['arg']};",
        f"{n['tot']} -= {n['arg']};",
    ][form % 3]
    return (
        f"    mapping(address => uint256) private {n['bal']};\n"
        f"    uint256 private {n['tot']};\n"
        f"    function {n['fn']}(uint256 {n['arg']}) external {{\n"
        f"        unchecked {{\n"
        f"            {op}\n"
        f"        }}\n"
        f"    }}\n"
    )


def _selfdestruct(n: dict[str, str], form: int) -> str:
    target = ["payable(msg.sender)", f"payable({n['arg']})"][form % 2]
    return f"    function {n['fn']}(address {n['arg']}) external {{\n        selfdestruct({target});\n    }}\n"


def _modern(make: Callable[[dict[str, str], int], str]) -> Callable[[dict[str, str], int, bool], str]:
    return lambda n, form, old: make(n, form)


def _from_07(v: tuple[int, int, int]) -> bool:
    return v >= (0, 7, 0)


# bug -> (SmartBugs category, template(names, form, pre-0.8), applies to a file whose lowest version is v)
CLASSES: dict[str, tuple[str, Callable[[dict[str, str], int, bool], str], Callable[[tuple[int, int, int]], bool]]] = {
    "reentrancy": ("reentrancy", _modern(_reentrancy), _from_07),
    "unprotected-withdrawal": ("access_control", _modern(_withdraw), _from_07),
    "payee-race": ("front_running", _modern(_payee), _from_07),
    "unchecked-send": ("unchecked_low_level_calls", _modern(_unchecked), _from_07),
    "unchecked-underflow": ("arithmetic", _modern(_underflow), _from_07),
    "unprotected-selfdestruct": ("access_control", _modern(_selfdestruct), _from_07),
    **MORE,
}
_WORDS = ("vault", "pool", "claim", "settle", "sweep", "drain", "fund", "reward", "stake", "payout", "credit")


def _names(rng: random.Random) -> dict[str, str]:
    def word() -> str:
        return rng.choice(_WORDS) + rng.choice(("X", "Y", "Z", "Q")) + str(rng.randrange(100))

    return {
        k: ("_" if k in ("bal", "tot", "who") else "") + word()
        for k in ("fn", "dep", "set", "bal", "tot", "who", "amt", "arg", "ok")
    }


def mutate(path: Path, rng: random.Random, forms: int = 3) -> list[Mutant]:
    """Mutants of one clean file: every class that applies to its compiler version, in `forms` forms,
    injected before the closing brace of its last non-interface, non-library contract (a pre-0.8 file
    with none, but with a library, gets a fresh contract appended). Pre-0.5 files give none."""
    text = path.read_text(encoding="utf-8")
    try:
        unit = parse_source(text, str(path))
    except Exception:  # noqa: BLE001 - a file the scanner cannot read is not mutated
        return []
    if unit.version is None or unit.version < (0, 5, 0):
        return []
    old = unit.version < (0, 8, 0)
    lines = text.splitlines(keepends=True)
    targets = [c for c in unit.contracts if c.kind == "contract"]
    if targets:
        close = _closing_line(lines, targets[-1].line - 1)
        if close is None:
            return []
        before, after, wrap = "".join(lines[:close]), "".join(lines[close:]), ("", "")
    elif old and any(c.kind == "library" for c in unit.contracts):
        body = text if text.endswith("\n") else text + "\n"
        close = body.count("\n")
        before, after, wrap = body, "", ("", "")
    else:
        return []
    out = []
    for bug, (category, make, applies) in CLASSES.items():
        if not applies(unit.version):
            continue
        for form in range(forms):
            names = _names(rng)
            snippet = make(names, form, old)
            if not targets:  # appended: the contract around it is part of the injected lines
                wrap = (f"\ncontract {names['fn'].capitalize()}Mut {{\n", "}\n")
            injected = wrap[0] + snippet + wrap[1]
            first = close + 1
            out.append(
                Mutant(str(path), before + injected + after, bug, category, (first, first + injected.count("\n") - 1))
            )
    return out


def _closing_line(lines: list[str], start: int) -> int | None:
    """The line of the `}` closing the contract that starts at `start` (None: not alone on its line)."""
    depth = 0
    for i in range(start, len(lines)):
        depth += lines[i].count("{") - lines[i].count("}")
        if depth == 0 and "{" in "".join(lines[start : i + 1]):
            return i if re.match(r"^\s*}\s*$", lines[i]) else None
    return None
