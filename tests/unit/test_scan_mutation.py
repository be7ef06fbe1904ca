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


def test_every_class_in_three_forms_parses_and_is_found_on_its_injected_lines(tmp_path: Path) -> None:
    src = tmp_path / "Counter.sol"
    src.write_text(CLEAN)
    assert scan_source(CLEAN, str(src)) == []
    mutants = mutate(src, random.Random(1))
    assert len(mutants) == 3 * len(CLASSES) and {m.bug for m in mutants} == set(CLASSES)
    for m in mutants:
        unit = parse_source(m.text, str(src))
        assert [c.name for c in unit.contracts] == ["IThing", "Counter"]
        lo, hi = m.lines
        injected = m.text.splitlines()[lo - 1 : hi]
        assert injected[0].startswith("    ") and "}" in injected[-1]
        assert m.text.replace("".join(x + "\n" for x in injected), "") == CLEAN
        assert any(f.category == m.category and lo <= f.line <= hi for f in scan_source(m.text, str(src))), m.bug


def test_pre_07_files_and_files_without_a_contract_are_not_mutated(tmp_path: Path) -> None:
    old = tmp_path / "Old.sol"
    old.write_text(CLEAN.replace("^0.8.20", "0.5.16"))
    lib = tmp_path / "Lib.sol"
    lib.write_text("pragma solidity ^0.8.20;\nlibrary L { function f() internal pure returns (uint) { return 1; } }\n")
    assert mutate(old, random.Random(1)) == [] and mutate(lib, random.Random(1)) == []
