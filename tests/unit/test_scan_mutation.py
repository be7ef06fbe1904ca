"""The bug-injection tool (benchmarks/scan_mutation.py): mutants parse, the injected lines are where the
record says, every class and form is present, and the clean original has none of the injected findings."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from nexus.scan import parse_source, scan_source

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from scan_mutation import CLASSES, mutate  # noqa: E402

CLEAN = """pragma solidity ^0.8.20;
interface IThing { function ping() external; }
contract Counter {
    uint256 public n;
    function bump() external { n += 1; }
}
"""


FIRST_SIX = (
    "reentrancy",
    "unprotected-withdrawal",
    "payee-race",
    "unchecked-send",
    "unchecked-underflow",
    "unprotected-selfdestruct",
)


def _check_shape(m, src: Path, clean: str, contracts: list[str]) -> None:  # type: ignore[no-untyped-def]
    unit = parse_source(m.text, str(src))
    assert [c.name for c in unit.contracts] == contracts
    lo, hi = m.lines
    injected = m.text.splitlines()[lo - 1 : hi]
    assert "}" in injected[-1]
    assert m.text.replace("".join(x + "\n" for x in injected), "") == clean


def test_every_class_in_three_forms_parses_and_is_found_on_its_injected_lines(tmp_path: Path) -> None:
    src = tmp_path / "Counter.sol"
    src.write_text(CLEAN)
    assert scan_source(CLEAN, str(src)) == []
    mutants = mutate(src, random.Random(1))
    modern = [b for b in CLASSES if b != "arithmetic-pre08"]  # 0.8 wraps nothing outside `unchecked`
    assert len(mutants) == 3 * len(modern) and {m.bug for m in mutants} == set(modern)
    for m in mutants:
        _check_shape(m, src, CLEAN, ["IThing", "Counter"])
        assert m.text.splitlines()[m.lines[0] - 1].startswith("    ")
        if m.bug in FIRST_SIX:  # the classes the rules were written against; the rest are measured in the bench
            lo, hi = m.lines
            assert any(f.category == m.category and lo <= f.line <= hi for f in scan_source(m.text, str(src))), m.bug


def test_pre_08_files_get_the_old_syntax_classes_and_a_library_file_an_appended_contract(tmp_path: Path) -> None:
    old = tmp_path / "Old.sol"
    text = CLEAN.replace("^0.8.20", "0.5.16")
    old.write_text(text)
    mutants = mutate(old, random.Random(1))
    assert {m.bug for m in mutants} == {"arithmetic-pre08", "bad-randomness", "timestamp", "dos-loop", "tod"}
    for m in mutants:
        _check_shape(m, old, text, ["IThing", "Counter"])
        assert "payable(" not in m.text and "{value:" not in m.text  # 0.5 syntax
    arith = [m for m in mutants if m.bug == "arithmetic-pre08"]
    assert all(
        any(f.category == "arithmetic" and m.lines[0] <= f.line <= m.lines[1] for f in scan_source(m.text, str(old)))
        for m in arith
    )
    lib_text = (
        "pragma solidity >=0.5.0 <0.8.0;\nlibrary L { function f() internal pure returns (uint) { return 1; } }\n"
    )
    lib = tmp_path / "Lib.sol"
    lib.write_text(lib_text)
    appended = mutate(lib, random.Random(2))
    assert len(appended) == 15
    for m in appended:
        (mut,) = [c for c in parse_source(m.text, str(lib)).contracts if c.kind == "contract"]
        assert m.text.startswith(lib_text) and m.lines[0] == 3 and m.lines[1] == len(m.text.splitlines())
        assert mut.line == 4


def test_pre_05_files_and_08_files_without_a_contract_are_not_mutated(tmp_path: Path) -> None:
    older = tmp_path / "Older.sol"
    older.write_text(CLEAN.replace("^0.8.20", "0.4.24"))
    lib = tmp_path / "Lib.sol"
    lib.write_text("pragma solidity ^0.8.20;\nlibrary L { function f() internal pure returns (uint) { return 1; } }\n")
    assert mutate(older, random.Random(1)) == [] and mutate(lib, random.Random(1)) == []
