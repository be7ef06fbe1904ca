"""The hand review of the ICSE-69 off-annotation findings: load the labels, match findings to them, count.

SmartBugs' annotations are incomplete, so a finding on no annotated line is not necessarily a false alarm.
`icse_review.json` holds an auditor's verdict ("true" / "false", with a one-line reason) for each finding
of the scanner's default view that falls on no annotated line of an ICSE-69 contract. A finding is matched
to its label by (file, detector, line), and the label's `evidence_prefix` must still open the finding's
evidence (whitespace-normalised): a different statement reported at the same line is a new finding.
Findings no label matches are "unreviewed", and the false-alarm figure counts them as false.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REVIEW = Path(__file__).resolve().parent / "icse_review.json"
PREFIX = 60  # characters of evidence stored with each label
VERDICTS = ("true", "false")


@dataclass(frozen=True)
class Label:
    file: str  # data-set path, e.g. dataset/reentrancy/spank_chain_payment.sol
    detector: str
    category: str
    line: int  # the finding's first line
    evidence_prefix: str
    verdict: str  # "true" | "false"
    reason: str


def _norm(text: str) -> str:
    return " ".join(text.split())


def load_review(path: Path = REVIEW) -> list[Label]:
    """Every label of the review file (a JSON list of objects with Label's fields)."""
    labels = [Label(**{**row, "line": int(row["line"])}) for row in json.loads(Path(path).read_text())]
    bad = [lab for lab in labels if lab.verdict not in VERDICTS]
    if bad:
        raise ValueError(f"verdict must be one of {VERDICTS}: {bad[0]}")
    return labels


class Review:
    """Finds the label of a finding, or None when nobody reviewed it."""

    def __init__(self, labels: Iterable[Label]) -> None:
        self._by_key: dict[tuple[str, str, int], list[Label]] = defaultdict(list)
        for lab in labels:
            self._by_key[(lab.file, lab.detector, lab.line)].append(lab)

    def label(self, file: str, detector: str, line: int, evidence: str) -> Label | None:
        ev = _norm(evidence)
        for lab in self._by_key.get((file, detector, line), []):
            if ev.startswith(_norm(lab.evidence_prefix)):
                return lab
        return None

    def verdict(self, file: str, detector: str, line: int, evidence: str) -> str:
        """The verdict: "true", "false" or "unreviewed"."""
        lab = self.label(file, detector, line, evidence)
        return lab.verdict if lab else "unreviewed"

    def tally(self, findings: Iterable[tuple[str, str, int, str]]) -> dict[str, int]:
        """Counts of "true" / "false" / "unreviewed" over (file, detector, line, evidence) findings."""
        counts = {"true": 0, "false": 0, "unreviewed": 0}
        for file, detector, line, evidence in findings:
            counts[self.verdict(file, detector, line, evidence)] += 1
        return counts


def false_alarms_per_contract(counts: dict[str, int], contracts: int) -> float:
    """Reviewed-false plus unreviewed findings (a finding nobody reviewed is presumed noise), per contract."""
    return (counts["false"] + counts["unreviewed"]) / max(1, contracts)
