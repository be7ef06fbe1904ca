"""The SmartBugs ICSE-69 hand review (benchmarks/smartbugs/review.py): a finding gets its label only by
(file, detector, line) with the label's evidence prefix still opening the finding's evidence; anything
else is "unreviewed", and the false-alarm figure counts unreviewed findings as false. Synthetic labels and
findings only (no SmartBugs data needed), plus the committed review file's own consistency."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).parents[2]))
from benchmarks.smartbugs import review  # noqa: E402
from benchmarks.smartbugs.data import Vuln  # noqa: E402

A = "dataset/x/a.sol"
B = "dataset/x/b.sol"


def _lab(file: str, detector: str, line: int, evidence: str, verdict: str) -> review.Label:
    return review.Label(file, detector, "cat", line, evidence[: review.PREFIX], verdict, "why")


LABELS = [
    _lab(A, "integer-overflow", 10, "balances[_to] += _value;", "false"),
    _lab(A, "unchecked-call", 20, "owner.send(fee);", "true"),
    # two findings of one detector on one line: the evidence prefix breaks the tie
    _lab(B, "reentrancy", 5, "msg.sender.call.value(a)();", "true"),
    _lab(B, "reentrancy", 5, "token.transfer(to, b);", "false"),
]


def test_label_needs_file_detector_line_and_evidence() -> None:
    r = review.Review(LABELS)
    assert r.verdict(A, "integer-overflow", 10, "balances[_to] += _value;") == "false"
    assert r.verdict(A, "unchecked-call", 20, "owner.send(fee);") == "true"
    # whitespace differences in the evidence do not matter
    assert r.verdict(A, "integer-overflow", 10, "  balances[_to]   +=\t_value;") == "false"
    assert r.verdict(A, "unchecked-call", 20, "owner.send(fee);   // more") == "true"
    # any key part different, or another statement at the same line: nobody reviewed it
    assert r.verdict(B, "integer-overflow", 10, "balances[_to] += _value;") == "unreviewed"
    assert r.verdict(A, "reentrancy", 10, "balances[_to] += _value;") == "unreviewed"
    assert r.verdict(A, "integer-overflow", 11, "balances[_to] += _value;") == "unreviewed"
    assert r.verdict(A, "integer-overflow", 10, "totalSupply += _value;") == "unreviewed"


def test_evidence_prefix_breaks_ties_on_one_key() -> None:
    r = review.Review(LABELS)
    assert r.verdict(B, "reentrancy", 5, "msg.sender.call.value(a)();") == "true"
    assert r.verdict(B, "reentrancy", 5, "token.transfer(to, b);") == "false"
    assert r.verdict(B, "reentrancy", 5, "other.call();") == "unreviewed"


def test_long_evidence_matches_its_60_character_prefix() -> None:
    long = "require(Channels[_lcID].token.transferFrom(msg.sender, this, _balances[1]), 'failure');"
    r = review.Review([_lab(A, "reentrancy", 7, long, "false")])
    assert r.verdict(A, "reentrancy", 7, long) == "false"
    assert r.verdict(A, "reentrancy", 7, long[:50]) == "unreviewed"  # shorter than the stored prefix


def test_tally_and_false_alarms_count_unreviewed_as_false() -> None:
    r = review.Review(LABELS)
    findings = [
        (A, "integer-overflow", 10, "balances[_to] += _value;"),  # false
        (A, "unchecked-call", 20, "owner.send(fee);"),  # true
        (B, "reentrancy", 5, "msg.sender.call.value(a)();"),  # true
        (B, "reentrancy", 5, "token.transfer(to, b);"),  # false
        (B, "bad-randomness", 9, "uint r = now % 2;"),  # unreviewed
        (A, "integer-overflow", 99, "x += y;"),  # unreviewed
    ]
    counts = r.tally(findings)
    assert counts == {"true": 2, "false": 2, "unreviewed": 2}
    assert review.false_alarms_per_contract(counts, 2) == pytest.approx(2.0)  # (2 false + 2 unreviewed) / 2
    assert review.false_alarms_per_contract({"true": 5, "false": 0, "unreviewed": 0}, 5) == 0.0
    assert review.false_alarms_per_contract({"true": 0, "false": 0, "unreviewed": 3}, 3) == pytest.approx(1.0)


def test_load_review_round_trip_and_rejects_bad_verdicts(tmp_path: Path) -> None:
    rows = [{**lab.__dict__} for lab in LABELS]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(rows))
    assert review.load_review(path) == LABELS
    path.write_text(json.dumps([{**rows[0], "verdict": "maybe"}]))
    with pytest.raises(ValueError, match="verdict"):
        review.load_review(path)


def test_committed_review_is_well_formed() -> None:
    labels = review.load_review()
    assert labels, "benchmarks/smartbugs/icse_review.json is empty"
    keys = [(lab.file, lab.detector, lab.line, review._norm(lab.evidence_prefix)) for lab in labels]
    assert len(keys) == len(set(keys)), "two labels for one finding"
    for lab in labels:
        assert lab.file.startswith("dataset/") and lab.file.endswith(".sol")
        assert lab.verdict in ("true", "false") and lab.reason.strip()
        assert 0 < len(lab.evidence_prefix) <= review.PREFIX and lab.line > 0


def test_bench_counts_an_unreviewed_off_annotation_finding_as_false() -> None:
    """The bench's evaluate(): an ICSE off-annotation finding matching a committed label gets its verdict;
    an unmatched one is unreviewed and counted in the false alarms; annotated-line findings are not counted."""
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    import bench_scan_smartbugs as bench

    lab = review.load_review()[0]
    other = "dataset/x/icse_other.sol"
    vulns = [Vuln(lab.file, "other", (lab.line + 1000,)), Vuln(other, "reentrancy", (3,))]
    raw = [
        SimpleNamespace(detector=lab.detector, line=lab.line, evidence=lab.evidence_prefix, category=lab.category),
        SimpleNamespace(detector="reentrancy", line=3, evidence="x.call();", category="reentrancy"),  # annotated
        SimpleNamespace(detector="reentrancy", line=40, evidence="y.call();", category="reentrancy"),  # nobody
    ]
    cands = [(lab.file, lab.category, (lab.line,)), (other, "reentrancy", (3,)), (other, "reentrancy", (40,))]
    tool = {
        "findings": [(p, ln, c) for p, c, lines in cands for ln in lines],
        "candidates": cands,
        "times": [0.1],
        "errors": [],
        "severities": ["high", "high", "high"],
        "raw": raw,
    }
    ev = bench.evaluate(tool, vulns, {lab.file, other})
    want = {"true": 0, "false": 0, "unreviewed": 1}
    want[lab.verdict] += 1
    assert ev["icse_off_review"] == want
    assert ev["icse_false_alarms_per_contract"] == pytest.approx((want["false"] + 1) / 2)
    slither_like = {k: v for k, v in tool.items() if k not in ("raw", "severities")}
    assert bench.evaluate(slither_like, vulns, {lab.file, other})["icse_off_review"] is None
