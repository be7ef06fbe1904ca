"""The learned model of issue #15 (item 4), evaluated only with splits by source contract.

Training data: every finding the rules make on the mutants of `scan_mutation.py` (positive when it has
the injected class's category and lies on the injected lines) plus every finding on the clean source
files themselves (all negative). The model is `nexus.scan.ranker.FindingRanker` (logistic regression
over the finding's detector, severity, confidence, category, its file context and the evidence's
tokens): it re-scores and cuts findings, it never adds any. Folds split by source file, so a contract
and its mutants are never on both sides; each fold's keep threshold is chosen on its training folds
(the lowest score that keeps 95% of their positives). Used by bench_scan_mutants.py --model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from nexus.scan import DEFAULT_MIN_CONFIDENCE, ScanFinding, confidence_rank
from nexus.scan.ranker import FindingRanker

__all__ = ["Case", "evaluate", "fit_all", "threshold_for"]


@dataclass
class Case:
    """One scanned text: a mutant (bug set) or a clean source (bug empty), with its findings."""

    source: str
    bug: str
    category: str
    lines: tuple[int, int]
    findings: list[ScanFinding] = field(default_factory=list)

    def positive(self, f: ScanFinding) -> bool:
        return bool(self.bug) and f.category == self.category and self.lines[0] <= f.line <= self.lines[1]

    def own(self) -> list[ScanFinding]:
        """The findings under a file name of this case alone: the ranker's per-file context features
        must count this text's findings, not those of every mutant of the same source."""
        return [replace(f, file=f"{f.file}#{id(self)}") for f in self.findings]


def _rows(cases: Sequence[Case]) -> tuple[list[ScanFinding], list[int]]:
    xs = [f for c in cases for f in c.own()]
    ys = [int(c.positive(f)) for c in cases for f in c.findings]
    return xs, ys


def threshold_for(ranker: FindingRanker, cases: Sequence[Case], keep_recall: float = 0.95) -> float:
    xs, ys = _rows(cases)
    pos = sorted(p for p, y in zip(ranker.predict_proba(xs), ys, strict=True) if y)
    return pos[int((1 - keep_recall) * len(pos))] if pos else 0.5


def fit_all(cases: Sequence[Case], epochs: int = 150) -> tuple[FindingRanker, float]:
    xs, ys = _rows(cases)
    ranker = FindingRanker(epochs=epochs).fit(xs, ys)
    return ranker, threshold_for(ranker, cases)


def _tally(cases: Sequence[Case], keep: Callable[[Case, ScanFinding], bool], out: dict) -> None:
    for c in cases:
        kept = [f for f in c.findings if keep(c, f)]
        pos = sum(1 for f in kept if c.positive(f))
        out["tp"] += pos
        out["fp"] += len(kept) - pos
        out["all_pos"] += sum(1 for f in c.findings if c.positive(f))
        if c.bug:
            out["mutants"][c.bug] += 1
            out["found"][c.bug] += int(pos > 0)
            out["mutant_off"] += len(kept) - pos
        else:
            out["clean_files"] += 1
            out["clean_findings"] += len(kept)


def _empty() -> dict:
    return {
        "tp": 0,
        "fp": 0,
        "all_pos": 0,
        "mutants": Counter(),
        "found": Counter(),
        "mutant_off": 0,
        "clean_files": 0,
        "clean_findings": 0,
    }


def evaluate(cases: Sequence[Case], folds: int = 5, epochs: int = 150) -> dict[str, dict]:
    """Rules alone, the default view (confidence) and rules + model, on held-out sources only."""
    sources = sorted({c.source for c in cases})
    fold_of = {s: i % folds for i, s in enumerate(sources)}
    res = {"rules": _empty(), "default view": _empty(), "rules + model": _empty()}
    floor = confidence_rank(DEFAULT_MIN_CONFIDENCE)
    for k in range(folds):
        train = [c for c in cases if fold_of[c.source] != k]
        test = [c for c in cases if fold_of[c.source] == k]
        if not test or not train:
            continue
        ranker, cut = fit_all(train, epochs)
        scores = {id(f): p for c in test for f, p in zip(c.findings, ranker.predict_proba(c.own()), strict=True)}
        _tally(test, lambda c, f: True, res["rules"])
        _tally(test, lambda c, f: confidence_rank(f.confidence) >= floor, res["default view"])
        _tally(test, lambda c, f, s=scores, t=cut: s[id(f)] >= t, res["rules + model"])
    for r in res.values():
        p = r["tp"] / max(1, r["tp"] + r["fp"])
        rec = r["tp"] / max(1, r["all_pos"])
        r["precision"], r["finding_recall"] = p, rec
        r["f1"] = 2 * p * rec / max(1e-9, p + rec)
        r["mutant_recall"] = sum(r["found"].values()) / max(1, sum(r["mutants"].values()))
    return res
