"""The scanner's engine: comment blanking, parsing, per-file errors, reporters and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from nexus.cli import app
from nexus.scan import (
    CATEGORIES,
    ScanInputError,
    parse_source,
    scan_paths,
    scan_source,
    to_json,
    to_sarif,
    to_text,
)
from nexus.scan._strip import strip_comments

FIXTURES = Path(__file__).parents[1] / "scan"
runner = CliRunner()


def _strip_by_grammar(source: str) -> str:
    """An independent comment remover: blank the grammar's own comment nodes (on the raw text)."""
    from nexus.scan._solidity import _parser

    data = bytearray(source.encode())
    stack = [_parser().parse(bytes(data)).root_node]
    while stack:
        n = stack.pop()
        if n.type == "comment":
            for i in range(n.start_byte, n.end_byte):
                if data[i] not in b"\r\n":
                    data[i] = ord(" ")
        stack.extend(n.children)
    return data.decode()


# -- comment blanking ---------------------------------------------------------------------------
def test_strip_blanks_line_and_block_comments_and_keeps_strings() -> None:
    src = "a = \"//x\"; // gone\n/* gone\n gone */ b = '/*y*/';"
    out = strip_comments(src)
    assert out == "a = \"//x\";        \n       \n         b = '/*y*/';"
    assert "gone" not in out


def test_strip_vyper_hash_comments_but_not_strings() -> None:
    src = 'x: uint256  # gone\ny: String[8] = "#kept"\n'
    out = strip_comments(src, "vyper")
    assert "gone" not in out and '"#kept"' in out and len(out) == len(src)


@given(st.text(alphabet="ab/*\"'\n \\#", max_size=200))
def test_strip_keeps_length_and_line_breaks(src: str) -> None:
    for lang in ("solidity", "vyper"):
        out = strip_comments(src, lang)
        assert len(out) == len(src)
        assert [i for i, c in enumerate(out) if c == "\n"] == [i for i, c in enumerate(src) if c == "\n"]
        assert strip_comments(out, lang) == out


def test_annotation_comments_cannot_change_the_findings() -> None:
    """Scanning a file with its SmartBugs-style annotation comments, without them (blanked by an
    independent method), and with misleading annotations gives the same findings."""
    src = (FIXTURES / "annotated_bank.sol").read_text()
    bare = _strip_by_grammar(src)
    assert "<report>" in src and "<report>" not in bare
    misleading = src.replace("REENTRANCY", "TIME_MANIPULATION").replace("ARITHMETIC", "OTHER")
    results = [[f.to_dict() for f in scan_source(s, "bank.sol")] for s in (src, bare, misleading)]
    assert results[0] == results[1] == results[2]
    assert {f["category"] for f in results[0]} >= {"reentrancy", "arithmetic", "unchecked_low_level_calls"}


def test_detectors_never_see_comments() -> None:
    unit = parse_source((FIXTURES / "annotated_bank.sol").read_text(), "bank.sol")
    assert not any("<report>" in line or "//" in line.split('"')[0] for line in unit.lines)


SMARTBUGS = Path(__file__).resolve().parents[3] / "shared" / "data" / "smartbugs-curated" / "dataset"


@pytest.mark.skipif(not SMARTBUGS.is_dir(), reason="shared SmartBugs data not present")
def test_smartbugs_findings_identical_with_and_without_comments(tmp_path: Path) -> None:
    files = sorted(SMARTBUGS.rglob("*.sol"))[::4]  # a quarter of the data set, every category
    for f in files:
        src = f.read_text(encoding="utf-8", errors="replace")
        with_comments = [(x.line, x.category, x.detector) for x in scan_source(src, f.name)]
        without = [(x.line, x.category, x.detector) for x in scan_source(_strip_by_grammar(src), f.name)]
        assert with_comments == without, f.name


# -- parsing and bad input ----------------------------------------------------------------------
def test_parses_old_and_new_solidity() -> None:
    old = parse_source((FIXTURES / "annotated_bank.sol").read_text(), "a.sol")
    new = parse_source((FIXTURES / "modern.sol").read_text(), "m.sol")
    assert old.version == (0, 4, 24) and not old.checked_arithmetic
    assert new.version == (0, 8, 20) and new.checked_arithmetic
    assert [f.name for f in new.contracts[0].functions] == ["constructor", "deposit", "withdraw", "receive"]


def test_modern_call_options_are_understood() -> None:
    found = scan_source((FIXTURES / "modern.sol").read_text(), "m.sol")
    cats = {f.category for f in found}
    assert "reentrancy" in cats  # call{value:} before the balance is zeroed
    assert "arithmetic" not in cats and "unchecked_low_level_calls" not in cats


def test_bad_files_are_per_file_errors_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "latin1.sol").write_bytes(b'pragma solidity ^0.4.24;\ncontract A { string s = "caf\xe9"; }\n')
    (tmp_path / "huge.sol").write_text("pragma solidity ^0.4.24;\n" + " " * 3_000_000)
    (tmp_path / "readme.txt").write_text("not a contract")
    for name in ("syntax_error.sol", "future_pragma.sol", "annotated_bank.sol"):
        (tmp_path / name).write_text((FIXTURES / name).read_text())
    r = scan_paths([tmp_path, tmp_path / "readme.txt", tmp_path / "missing.sol"])
    errors = {Path(e.file).name: e.error for e in r.errors}
    assert "not valid UTF-8" in errors["latin1.sol"]
    assert "too large" in errors["huge.sol"]
    assert errors["syntax_error.sol"] == "syntax error at line 5"
    assert "unsupported pragma" in errors["future_pragma.sol"]
    assert "no such file" in errors["missing.sol"] and "not a Solidity" in errors["readme.txt"]
    assert {Path(f.file).name for f in r.findings} == {"annotated_bank.sol"}


def test_vyper_syntax_error_is_an_input_error() -> None:
    with pytest.raises(ScanInputError, match="syntax error"):
        scan_source("@external\ndef f(:\n    pass\n", "bad.vy")


def test_min_severity_filters() -> None:
    all_ = scan_paths([FIXTURES / "annotated_bank.sol"]).findings
    high = scan_paths([FIXTURES / "annotated_bank.sol"], min_severity="high").findings
    assert high and len(high) < len(all_) and all(f.severity == "high" for f in high)


# -- reporters ----------------------------------------------------------------------------------
def test_json_report_has_the_documented_fields() -> None:
    r = scan_paths([FIXTURES / "reentrant_vault.vy"])
    rows = json.loads(to_json(r.findings))
    assert rows and all(
        {"file", "line", "category", "swc_id", "severity", "confidence", "message", "evidence"} <= set(row)
        for row in rows
    )
    assert all(row["category"] in CATEGORIES for row in rows)


def test_sarif_report_is_sarif_2_1_0() -> None:
    r = scan_paths([FIXTURES / "reentrant_vault.vy", FIXTURES / "syntax_error.sol"])
    log = json.loads(to_sarif(r.findings, r.errors, base=FIXTURES))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    for res in run["results"]:
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "reentrant_vault.vy" and loc["region"]["startLine"] >= 1
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"].startswith("syntax error")


def test_text_report_lists_findings_and_errors() -> None:
    r = scan_paths([FIXTURES / "reentrant_vault.vy", FIXTURES / "future_pragma.sol"])
    text = to_text(r.findings, r.errors, files=len(r.files))
    assert "reentrancy" in text and "unsupported pragma" in text and "1 file error(s)" in text


# -- CLI ----------------------------------------------------------------------------------------
def test_cli_json_and_exit_codes() -> None:
    res = runner.invoke(app, ["scan", str(FIXTURES / "reentrant_vault.vy"), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert {row["category"] for row in json.loads(res.stdout)} >= {"reentrancy", "access_control"}
    res = runner.invoke(app, ["scan", str(FIXTURES / "reentrant_vault.vy"), "--fail-on", "high"])
    assert res.exit_code == 1
    res = runner.invoke(app, ["scan", str(FIXTURES / "clean_vault.vy"), "--fail-on", "high"])
    assert res.exit_code == 0, res.output


def test_cli_sarif_to_file_and_bad_usage(tmp_path: Path) -> None:
    out = tmp_path / "scan.sarif"
    res = runner.invoke(app, ["scan", str(FIXTURES), "-f", "sarif", "-o", str(out)])
    assert res.exit_code == 0 and json.loads(out.read_text())["version"] == "2.1.0"
    assert "warning:" in res.stderr  # the fixtures' bad files are reported, the rest is scanned
    res = runner.invoke(app, ["scan", str(tmp_path / "nope.sol")])
    assert res.exit_code == 2 and res.stderr.startswith("error: nothing to scan")
    res = runner.invoke(app, ["scan", str(FIXTURES), "--format", "xml"])
    assert res.exit_code == 2


def test_demo_chapter_fix_scans_clean() -> None:
    from nexus.contracts.compiler import SOURCE_ROOT
    from nexus.demo.scan import fixed_vault

    source = (SOURCE_ROOT / "sandbox" / "SandboxVault.vy").read_text()
    assert any(f.category == "reentrancy" for f in scan_source(source, "SandboxVault.vy"))
    assert not any(f.category == "reentrancy" for f in scan_source(fixed_vault(source), "fixed.vy"))
