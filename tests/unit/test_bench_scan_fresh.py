"""The blind recall sets of benchmarks/scan_fresh/ (issue #15; set 1 `_cases/`, set 2 `_cases2/`), as
build_fresh.py writes each: its manifest matches the
files (every vulnerable file and fixed twin exists, bug lines lie inside the file and in the named function,
detector ids are real), two builds write the same set, no contract comment names its bug, and the benchmark's hit
rule (right detector within +-3 lines or in the function) behaves as documented."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks" / "scan_fresh"))
import bench_scan_fresh as bench  # noqa: E402
import build_fresh  # noqa: E402

from nexus.scan.detectors import DETECTORS  # noqa: E402


# (set 6 is left out: two of its labels predate these rules, a bug line above its function in
# b6_family_wallet_origin.sol and two classes with one victim each; see benchmarks/smartbugs/README.md)
@pytest.fixture(scope="module", params=[1, 2, 3, 4, 5, 7], ids=["set1", "set2", "set3", "set4", "set5", "set7"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp(f"fresh{request.param}")
    return root, build_fresh.build(root, request.param)


def test_manifest_entries_point_at_real_files_lines_functions_and_detectors(built: tuple[Path, dict]) -> None:
    SET, MANIFEST = built
    assert bench.load_manifest(SET) == MANIFEST
    ids = {d.id for d in DETECTORS}
    assert len(MANIFEST) >= 45
    for name, e in MANIFEST.items():
        lines = (SET / name).read_text().splitlines()
        assert (SET / e["fixed"]).is_file(), e["fixed"]
        lo, hi = e["lines"]
        assert 1 <= lo <= hi <= len(lines), name
        assert e["detectors"] and set(e["detectors"]) <= ids, (name, e["detectors"])
        fn = re.compile(rf"(function|def|modifier)\s+{re.escape(e['function'])}\s*\(")
        starts = [i for i, line in enumerate(lines, 1) if fn.search(line)]
        assert starts and min(starts) <= hi, (name, e["function"])
        assert (SET / e["fixed"]).read_text() != (SET / name).read_text()


def test_every_class_has_two_victims_and_every_file_is_in_the_manifest(built: tuple[Path, dict]) -> None:
    SET, MANIFEST = built
    classes: dict[str, int] = {}
    for e in MANIFEST.values():
        family = e["class"].split(" (")[0]  # `re-entrancy (ERC-777 hook)` counts with `re-entrancy (call)`
        classes[family] = classes.get(family, 0) + 1
    assert min(classes.values()) >= 2, classes
    on_disk = {p.name for p in SET.iterdir() if p.suffix in (".sol", ".vy")}
    assert on_disk == set(MANIFEST) | {e["fixed"] for e in MANIFEST.values()}


def test_two_builds_write_the_same_set(built: tuple[Path, dict], tmp_path: Path) -> None:
    SET, MANIFEST = built
    which = next((k for k in range(2, 8) if all(n.startswith(f"b{k}_") for n in MANIFEST)), 1)  # set k>1: bk_ names
    assert build_fresh.build(tmp_path, which) == MANIFEST
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in SET.iterdir())
    for p in tmp_path.iterdir():
        assert p.read_text() == (SET / p.name).read_text(), p.name


def test_no_comment_names_the_bug(built: tuple[Path, dict]) -> None:
    SET, _ = built
    words = re.compile(
        r"reentr|overflow|underflow|vulnerab|\bbug\b|exploit|attack|unsafe|front.?run|replay|malleab|insecure"
    )
    for p in SET.iterdir():
        if p.suffix in (".sol", ".vy"):
            comments = re.findall(r"//[^\n]*|/\*.*?\*/|#(?! @version)[^\n]*", p.read_text(), re.S)
            assert not [c for c in comments if words.search(c.lower())], p.name


def test_hit_rule_needs_a_right_detector_near_the_lines_or_in_the_function() -> None:
    entry = {"detectors": ["reentrancy"], "lines": [20, 22], "function": "withdraw"}

    def f(detector: str, line: int, function: str = "other") -> SimpleNamespace:
        return SimpleNamespace(detector=detector, line=line, function=function)

    assert bench.hits([f("reentrancy", 25)], entry)
    assert bench.hits([f("reentrancy", 17)], entry)
    assert not bench.hits([f("reentrancy", 26)], entry)
    assert not bench.hits([f("reentrancy", 16)], entry)
    assert bench.hits([f("reentrancy", 90, "withdraw")], entry)
    assert not bench.hits([f("unchecked-call", 21, "withdraw")], entry)
