"""Confidence decides the default view: every finding has one, `nexus scan` hides low-confidence ones
unless `--min-confidence low`, and the analyses that set it (timestamp orderings and the lines that only
carried a timestamp, arithmetic only an authorised caller reaches, guards of a statement on the line of
its `if`) are checked on contracts written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nexus.cli import app
from nexus.scan import DEFAULT_MIN_CONFIDENCE, confidence_rank, scan_paths, scan_source

runner = CliRunner()


def _by_line(src: str, detector: str) -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, "c.sol") if f.detector == detector}


TIMES = """pragma solidity ^0.4.24;
contract Sale {
    uint end;
    uint last;
    function buy() public payable {
        uint t = now;
        require(t < end);
        if (now == last) { msg.sender.transfer(1); }
        last = now;
    }
}
"""


def test_timestamp_orderings_and_carried_lines_are_low_but_exact_matches_stay_medium() -> None:
    conf = _by_line(TIMES, "timestamp-dependence")
    related = {f.line: f.related for f in scan_source(TIMES, "c.sol") if f.detector == "timestamp-dependence"}
    assert 6 not in conf and related[7] == [6]  # only carried the value to the deadline check: a related line
    assert conf.get(7) == "low"  # `t < end`: an ordering against a deadline
    assert conf.get(8) == "medium"  # `now == last`: the miner can hit or miss the exact second


OWNED_MATH = """pragma solidity ^0.4.24;
contract Token {
    address owner;
    uint supply;
    mapping(address => uint) bal;
    function mint(uint v) public {
        require(msg.sender == owner);
        supply += v;
    }
    function burn(uint v) public {
        supply -= v;
        bal[msg.sender] -= v;
    }
}
"""


def test_arithmetic_only_an_authorised_caller_reaches_is_low_confidence() -> None:
    conf = _by_line(OWNED_MATH, "integer-overflow")
    assert conf.get(8) == "low"
    assert conf.get(11) == "medium"  # burn: `v` unbounded; line 12 is the same root cause (a related line)
    assert [f.related for f in scan_source(OWNED_MATH, "c.sol") if f.line == 11] == [[12]]


ONE_LINE_GUARD = """pragma solidity ^0.4.24;
contract Honey {
    address Owner;
    function withdraw() public payable {
        if (msg.sender == 0x7a617c2B05d2A74Ff9bABC9d81E5225C1e01004b) { Owner = msg.sender; }
        require(msg.sender == Owner);
        Owner.transfer(this.balance);
    }
    function take() public { if (msg.value > 0) { Owner = msg.sender; } }
}
"""


def test_a_guard_on_the_line_of_its_if_protects_the_statement_it_encloses() -> None:
    hits = _by_line(ONE_LINE_GUARD, "unprotected-owner-write")
    assert 5 not in hits
    assert 9 in hits  # the same shape with a condition that is no caller check


def test_min_confidence_filters_scan_paths_and_the_cli_default(tmp_path: Path) -> None:
    path = tmp_path / "sale.sol"
    path.write_text(TIMES)
    every = scan_paths([path]).findings
    shown = scan_paths([path], min_confidence=DEFAULT_MIN_CONFIDENCE).findings
    assert {f.confidence for f in every} >= {"low", "medium"}
    assert shown == [f for f in every if confidence_rank(f.confidence) >= confidence_rank(DEFAULT_MIN_CONFIDENCE)]
    res = runner.invoke(app, ["scan", str(path), "-f", "json"])
    assert res.exit_code == 0, res.output
    default = json.loads(res.stdout)
    assert default and all(f["confidence"] != "low" for f in default)
    res = runner.invoke(app, ["scan", str(path), "-f", "json", "--min-confidence", "low"])
    assert len(json.loads(res.stdout)) == len(every) > len(default)
    res = runner.invoke(app, ["scan", str(path), "-f", "sarif", "--min-confidence", "low"])
    results = json.loads(res.stdout)["runs"][0]["results"]
    assert {r["properties"]["confidence"] for r in results} >= {"low", "medium"}


COUNTERS = """pragma solidity ^0.4.24;
contract Counters {
    uint256 count;
    uint256 level;
    uint256 total;
    function hit(uint256 amount) public {
        _bump();
        level += 1;
        total += amount;
    }
    function set(uint256 l) public { level = l; }
    function _bump() internal { count += 1; }
}
"""


def test_a_counter_only_ever_stepped_cannot_wrap_before_0_8_but_one_a_caller_sets_can() -> None:
    hits = _by_line(COUNTERS, "integer-overflow")
    assert 12 not in hits  # `count` only moves by 1 (an internal helper's step: no caller range needed)
    assert 8 in hits  # `level` can be set to 2**256 - 1 first
    assert 9 in hits
