"""The Slither benchmark's compiler choice and result cache (benchmarks/smartbugs/slither_runner.py), without
Slither: which pinned solc-js a pragma gets, which it retries with, the relaxed copy, and that a cached
failure is retried once while a cached success is reused."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[2]))
from benchmarks.smartbugs import slither_runner as sr  # noqa: E402


@pytest.mark.parametrize(
    ("pragma", "first", "retries"),
    [
        ("^0.4.24", "0.4.26", []),  # SmartBugs' pragmas: no change, no retry
        ("0.4.24", "0.4.24", []),
        ("=0.5.16", "0.5.17", []),  # unpinned exact: the copy relaxes it
        (">=0.5.0 <0.8.0", "0.7.6", ["0.6.12", "0.5.17"]),  # Uniswap v3 libraries: built with 0.7
        (">=0.5.0", "0.5.17", ["0.8.26", "0.7.6", "0.6.12"]),
        ("^0.8.20", "0.8.26", []),
    ],
)
def test_compiler_choice_and_retries(pragma: str, first: str, retries: list[str]) -> None:
    src = f"pragma solidity {pragma};\ncontract C {{}}\n"
    assert sr.solc_version(src) == first
    assert sr.fallbacks(src) == retries


def test_relaxed_copy_rewrites_only_unpinned_exact_pins(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    (root / "lib").mkdir(parents=True)
    (root / "A.sol").write_text("pragma solidity =0.5.16;\ncontract A {}\n")
    (root / "lib" / "B.sol").write_text("pragma solidity 0.8.26;\nlibrary B {}\n")
    (root / "C.sol").write_text("pragma solidity >=0.5.0 <0.8.0;\ncontract C {}\n")
    copy = sr.relaxed_copy(root, tmp_path / "copy")
    assert (copy / "A.sol").read_text().startswith("pragma solidity ^0.5.16;")
    assert (copy / "lib" / "B.sol").read_text() == (root / "lib" / "B.sol").read_text()
    assert (copy / "C.sol").read_text() == (root / "C.sol").read_text()
    assert (root / "A.sol").read_text().startswith("pragma solidity =0.5.16;")  # the package is untouched


def test_cache_reuses_successes_and_retries_old_failures_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "Lib.sol"
    f.write_text("pragma solidity >=0.5.0;\nlibrary L {}\n")
    tried: list[str | None] = []

    def fake_run(path: Path, timeout: float = 300, root: Path | None = None, version: str | None = None):  # type: ignore[no-untyped-def]
        tried.append(version)
        ok = version == "0.7.6"
        return sr.SlitherResult(checks=[("pragma", "Informational")] if ok else [], error="" if ok else "no output")

    monkeypatch.setattr(sr, "run", fake_run)
    cache = tmp_path / "cache"
    first = sr.cached_run(f, root=tmp_path, cache=cache)
    assert not first.error and tried == [None, "0.8.26", "0.7.6"]
    again = sr.cached_run(f, root=tmp_path, cache=cache)
    assert tried == [None, "0.8.26", "0.7.6"] and again.checks == [("pragma", "Informational")]
    # an entry written before retries existed (a failure without the `retried` mark) is run again, once
    (entry,) = cache.glob("*.json")
    entry.write_text(json.dumps({"findings": [], "impacts": [], "checks": [], "error": "no output", "seconds": 1}))
    tried.clear()
    assert not sr.cached_run(f, root=tmp_path, cache=cache).error and tried == [None, "0.8.26", "0.7.6"]
    tried.clear()
    sr.cached_run(f, root=tmp_path, cache=cache)
    assert tried == []
