"""The Slither benchmark's compiler choice and result cache (benchmarks/smartbugs/slither_runner.py), without
Slither: which pinned solc-js a pragma gets, which it retries with, the relaxed copy, and that a cached
failure is retried once while a cached success is reused."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
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


def test_a_failed_08_compile_retries_once_with_via_ir_and_caches_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "Deep.sol"
    f.write_text("pragma solidity ^0.8.20;\ncontract Deep {}\n")
    old = tmp_path / "Old.sol"
    old.write_text("pragma solidity ^0.4.24;\ncontract Old {}\n")
    tried: list[tuple[str, bool]] = []

    def fake_run(  # type: ignore[no-untyped-def]
        path: Path, timeout: float = 300, root: Path | None = None, version: str | None = None, via_ir: bool = False
    ):
        tried.append((path.name, via_ir))
        return sr.SlitherResult(
            checks=[("pragma", "Informational")] if via_ir else [], error="" if via_ir else "no output"
        )

    monkeypatch.setattr(sr, "run", fake_run)
    cache = tmp_path / "cache"
    assert not sr.cached_run(f, root=tmp_path, cache=cache).error
    assert tried == [("Deep.sol", False), ("Deep.sol", True)]
    sr.cached_run(f, root=tmp_path, cache=cache)
    assert len(tried) == 2  # the via-IR success is cached
    # a pre-0.8.13 compiler has no IR pipeline: its failure is kept, not retried with --via-ir
    assert sr.cached_run(old, root=tmp_path, cache=cache).error == "no output"
    assert tried[2:] == [("Old.sol", False)]
    # a cached 0.8 failure written before the via-IR retry existed is run again, once
    (entry,) = [e for e in cache.glob("*.json") if "no output" not in e.read_text()]
    entry.write_text(
        json.dumps({"findings": [], "impacts": [], "checks": [], "error": "no output", "seconds": 1, "retried": True})
    )
    del tried[:]
    assert not sr.cached_run(f, root=tmp_path, cache=cache).error and tried == [("Deep.sol", False), ("Deep.sol", True)]


_DEEP = """pragma solidity ^0.8.20;
contract Deep {
    function f(uint a1, uint a2, uint a3, uint a4, uint a5, uint a6, uint a7, uint a8, uint a9, uint a10,
        uint a11, uint a12, uint a13, uint a14, uint a15, uint a16, uint a17) external pure returns (uint) {
        uint b = a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9;
        uint c = a10 + a11 + a12 + a13 + a14 + a15 + a16 + a17;
        return b * c + a1 * a17;
    }
}
"""


@pytest.mark.skipif(
    not (Path(__file__).parents[2] / "node_modules" / "solc-0.8.26").is_dir() or not shutil.which("node"),
    reason="pinned solc-js not installed",
)
def test_shim_compiles_stack_too_deep_code_only_with_via_ir(tmp_path: Path) -> None:
    (tmp_path / "Deep.sol").write_text(_DEEP)
    shim = str(sr.SHIM / "solc")
    env = {**os.environ, "SOLC_VERSION": "0.8.26"}

    def compile_(*flags: str) -> subprocess.CompletedProcess[str]:
        cmd = ["node", shim, "--combined-json", "abi", *flags, "Deep.sol"]
        return subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)

    legacy = compile_()
    assert legacy.returncode != 0 and "Stack too deep" in legacy.stderr
    ir = compile_("--via-ir")
    assert ir.returncode == 0, ir.stderr
    assert "Deep.sol:Deep" in json.loads(ir.stdout)["contracts"]
