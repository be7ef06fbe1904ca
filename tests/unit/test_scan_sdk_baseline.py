"""The SDK's `scan_paths(..., baseline=...)` keeps only findings absent from an earlier report, as
`nexus scan --baseline FILE` and POST /scan's `baseline` do (same fingerprints), and SARIF carries every
finding's own confidence."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nexus.api.routers.scan import scan as post_scan
from nexus.api.schemas import ScanRequest
from nexus.cli import app
from nexus.exceptions import ScanBaselineError
from nexus.scan import scan_paths, to_json, to_sarif

runner = CliRunner()
BANK = """pragma solidity ^0.4.24;
contract Bank {
    mapping(address => uint) balances;
    uint fee;
    function setFee(uint f) public { fee = f; }
    function withdraw(uint amount) public {
        require(balances[msg.sender] >= amount);
        require(msg.sender.call.value(amount)());
        balances[msg.sender] -= amount;
        balances[msg.sender] -= fee;
    }
}
"""
NEW_BUG = "    function kill() public { selfdestruct(msg.sender); }\n"
SHIFTED = BANK.replace("contract Bank {\n", "contract Bank {\n\n\n\n" + NEW_BUG)


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "Bank.sol").write_text(BANK)
    monkeypatch.chdir(tmp_path)  # the report's paths are relative to where the scan ran
    return tmp_path


def _ids(findings: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return sorted((f["detector"] if isinstance(f, dict) else f.detector, _evidence(f)) for f in findings)


def _evidence(f: object) -> str:
    return f["evidence"] if isinstance(f, dict) else f.evidence  # type: ignore[index,attr-defined]


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_a_report_file_as_baseline_keeps_only_new_findings_as_the_cli_does(project: Path, fmt: str) -> None:
    old = scan_paths(["src"], min_confidence="low").findings
    assert old
    report = to_json(old) if fmt == "json" else to_sarif(old, [], base=project)
    (project / "old.json").write_text(report)
    (project / "src" / "Bank.sol").write_text(SHIFTED)  # every old finding moves down four lines
    new = scan_paths(["src"], min_confidence="low", baseline="old.json").findings
    assert {f.detector for f in new} == {"unprotected-selfdestruct"}
    assert len(scan_paths(["src"], min_confidence="low").findings) == len(old) + len(new)
    cli = runner.invoke(app, ["scan", "src", "-f", "json", "--min-confidence", "low", "--baseline", "old.json"])
    assert cli.exit_code == 0, cli.output
    assert _ids(json.loads(cli.stdout)) == _ids(new)
    assert scan_paths(["src"], min_confidence="low", baseline=Path("old.json")).findings == new


def test_fingerprints_from_post_scan_are_a_baseline_too(project: Path) -> None:
    os.chdir(project / "src")  # POST /scan names a file without folders: scan it from its own folder
    got = post_scan(ScanRequest(source=BANK, filename="Bank.sol", min_confidence="low"))
    prints = [f["fingerprint"] for f in got["findings"]]
    assert prints and not got["errors"]
    Path("Bank.sol").write_text(SHIFTED)
    new = scan_paths(["Bank.sol"], min_confidence="low", baseline=prints).findings
    assert {f.detector for f in new} == {"unprotected-selfdestruct"}
    again = post_scan(ScanRequest(source=SHIFTED, filename="Bank.sol", min_confidence="low", baseline=prints))
    assert _ids(again["findings"]) == _ids(new)


def test_an_empty_baseline_hides_nothing_and_a_bad_file_raises(project: Path) -> None:
    every = scan_paths(["src"], min_confidence="low").findings
    assert scan_paths(["src"], min_confidence="low", baseline=[]).findings == every
    (project / "bad.json").write_text('{"not": "a report"}')
    with pytest.raises(ScanBaselineError):
        scan_paths(["src"], baseline="bad.json")
    with pytest.raises(ScanBaselineError):
        scan_paths(["src"], baseline="missing.json")


def test_sarif_carries_each_findings_own_confidence_not_its_rules_default(project: Path) -> None:
    pay_all = "    function payAll(address[] to) public { for (uint i = 0; i < to.length; i++) to[i].transfer(1); }\n"
    (project / "src" / "Bank.sol").write_text(BANK.replace("contract Bank {\n", "contract Bank {\n" + pay_all))
    found = scan_paths(["src"], min_confidence="low").findings
    doc = json.loads(to_sarif(found, [], base=project))
    results = doc["runs"][0]["results"]
    assert len(results) == len(found)
    for f, r in zip(found, results, strict=True):
        assert (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) == (f.detector, f.line)
        assert r["properties"]["confidence"] == f.confidence
    rules = {r["id"]: r["properties"]["precision"] for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    # at least one finding whose confidence differs from its detector's default: the per-result value wins
    assert any(r["properties"]["confidence"] != rules[r["ruleId"]] for r in results)
