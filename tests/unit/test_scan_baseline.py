"""`nexus scan --baseline FILE` (only new findings, matched across line shifts) and `--exclude-dependencies`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nexus.cli import app
from nexus.exceptions import ScanBaselineError
from nexus.scan import scan_paths
from nexus.scan.baseline import fingerprints, load_baseline, new_findings

runner = CliRunner()
BANK = """pragma solidity ^0.4.24;
contract Bank {
    mapping(address => uint) balances;
    function withdraw(uint amount) public {
        require(balances[msg.sender] >= amount);
        require(msg.sender.call.value(amount)());
        balances[msg.sender] -= amount;
    }
}
"""
NEW_BUG = """    function kill() public { selfdestruct(msg.sender); }
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "Bank.sol").write_text(BANK)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(cwd)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_baseline_hides_old_findings_even_after_lines_shift_and_shows_new_ones(project: Path, fmt: str) -> None:
    res = runner.invoke(app, ["scan", "src", "-f", fmt, "-o", "old.json"])
    assert res.exit_code == 0, res.output
    # five blank lines and a new function above the old code: every old finding moves
    shifted = BANK.replace("contract Bank {\n", "contract Bank {\n\n\n\n\n\n" + NEW_BUG)
    (project / "src" / "Bank.sol").write_text(shifted)
    res = runner.invoke(app, ["scan", "src", "-f", "json", "--baseline", "old.json"])
    assert res.exit_code == 0, res.output
    got = json.loads(res.stdout)
    assert got and {f["detector"] for f in got} == {"unprotected-selfdestruct"}
    everything = json.loads(runner.invoke(app, ["scan", "src", "-f", "json"]).stdout)
    assert len(everything) > len(got)  # the re-entrancy is still there, only hidden by the baseline


def test_a_second_identical_finding_is_new() -> None:
    from nexus.scan.findings import ScanFinding

    one = ScanFinding("a.sol", 3, "other", "", "low", "low", "m", "x.send(1);", "d", "C", "f")
    two = ScanFinding("a.sol", 9, "other", "", "low", "low", "m", "x.send(1);", "d", "C", "f")
    assert len(set(fingerprints([one, two]))) == 2
    assert new_findings([one, two], set(fingerprints([one]))) == [two]


def test_unreadable_baseline_is_one_line_and_exit_131(project: Path) -> None:
    (project / "bad.json").write_text('{"not": "a report"}')
    for name in ("bad.json", "missing.json"):
        res = runner.invoke(app, ["scan", "src", "--baseline", name])
        assert res.exit_code == ScanBaselineError.exit_code == 131
        assert len(res.output.strip().splitlines()) == 1 and "baseline" in res.output
    with pytest.raises(ScanBaselineError):
        load_baseline(project / "bad.json")


def test_exclude_dependencies_skips_package_folders_but_still_reads_their_declarations(tmp_path: Path) -> None:
    (tmp_path / "lib" / "dep").mkdir(parents=True)
    (tmp_path / "lib" / "dep" / "Oracle.sol").write_text(
        "pragma solidity ^0.8.0;\ninterface Oracle { function price() external view returns (uint); }\n"
        "contract Bad { function kill() public { selfdestruct(payable(msg.sender)); } }\n"
    )
    (tmp_path / "Use.sol").write_text(
        'pragma solidity ^0.8.0;\nimport "./lib/dep/Oracle.sol";\ncontract Use {\n    Oracle o; uint p;\n'
        "    function poke() external { uint x = o.price(); p = x; }\n}\n"
    )
    every = scan_paths([tmp_path])
    mine = scan_paths([tmp_path], exclude_dependencies=True)
    assert any("Oracle.sol" in f for f in every.files) and all("Oracle.sol" not in f for f in mine.files)
    assert mine.findings == []  # o.price() is a view call: no re-entrancy
    named = scan_paths([tmp_path / "lib" / "dep" / "Oracle.sol"], exclude_dependencies=True)
    assert named.files == []
