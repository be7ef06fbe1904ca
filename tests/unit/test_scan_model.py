"""The learned model's evaluation (benchmarks/scan_model.py): every case is scored exactly once, by a
model whose training folds never held its source contract, and on data where one detector's findings
are the injected bugs and another's are noise, the model's cut keeps the bugs and drops the noise."""

from __future__ import annotations

import sys
from pathlib import Path

from nexus.scan import ScanFinding

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
import scan_model  # noqa: E402
from scan_model import Case, evaluate  # noqa: E402


def _f(src: str, det: str, line: int) -> ScanFinding:
    return ScanFinding(
        file=src,
        line=line,
        category="reentrancy" if det == "good" else "other",
        swc_id="",
        severity="medium",
        confidence="medium",
        message="m",
        evidence="x = 1;",
        detector=det,
    )


def _cases() -> list[Case]:
    out = []
    for s in range(10):
        src = f"s{s}.sol"
        out.append(Case(src, "", "", (0, 0), [_f(src, "noisy", 3)]))
        for m in range(4):
            out.append(Case(src, "reent", "reentrancy", (10, 12), [_f(src, "good", 11), _f(src, "noisy", 3 + m)]))
    return out


def test_split_by_source_scores_each_case_once_and_the_cut_drops_the_noise(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cases = _cases()
    trained_on: list[set[str]] = []
    real_fit = scan_model.fit_all

    def spy(train, epochs=150):  # type: ignore[no-untyped-def]
        trained_on.append({c.source for c in train})
        return real_fit(train, epochs)

    monkeypatch.setattr(scan_model, "fit_all", spy)
    ev = evaluate(cases, folds=5, epochs=100)
    rules, model = ev["rules"], ev["rules + model"]
    assert sum(rules["mutants"].values()) == 40 and rules["clean_files"] == 10  # every case once
    assert len(trained_on) == 5 and all(len(t) == 8 for t in trained_on)  # 2 sources held out per fold
    held_out = [{c.source for c in cases} - t for t in trained_on]
    assert set().union(*held_out) == {c.source for c in cases} and sum(len(h) for h in held_out) == 10
    assert rules["mutant_recall"] == 1.0 and model["mutant_recall"] == 1.0
    assert rules["mutant_off"] == 40 and model["mutant_off"] == 0
    assert model["f1"] > rules["f1"]
