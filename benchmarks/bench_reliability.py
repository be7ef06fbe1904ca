"""Reliability figures under kill -9: kills survived, acknowledged records lost, wrong roots.

    python benchmarks/bench_reliability.py [--rounds 50] [--seed 0] [--only ledger-writer ...]

Each section kills a component with SIGKILL at random points, over and over, and checks the
reopened state against an independent recomputation (tests/ledgerharness.py). A kill is
"survived" when, after it, every check passes. More sections are added to SECTIONS.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from _report import report
from ledgerharness import KillReport, kill_rounds

Row = dict[str, Any]


def _row(section: str, what: str, rounds: int, rep: KillReport, seconds: float) -> Row:
    return {"section": section, "workload": what, "kills": rep.kills, "survived": rep.survived,
            "acked": rep.acked, "acked_lost": len(rep.lost), "wrong_roots": len(rep.wrong_roots),
            "other_problems": len(rep.problems), "records": rep.records, "anchors": rep.anchors,
            "seconds": round(seconds, 1)}


def ledger_writer(d: Path, rounds: int, seed: int) -> list[Row]:
    """Two writer threads (append_many) and three checkpoint makers in one process, killed."""
    t = time.perf_counter()
    rep = kill_rounds(d / "writer", rounds=rounds, seed=seed, mode="checkpoint", writer="many",
                      sync="normal", acks=(200, 600))
    rows = [_row("ledger writer", "2 append_many threads + 3 checkpointers, sync=normal",
                 rounds, rep, time.perf_counter() - t)]
    t = time.perf_counter()
    rep = kill_rounds(d / "single", rounds=rounds, seed=seed + 1, mode="checkpoint", writer="single",
                      sync="full", acks=(20, 200))
    rows.append(_row("ledger writer", "append one at a time + 3 checkpointers, sync=full",
                     rounds, rep, time.perf_counter() - t))
    return rows


def anchorer(d: Path, rounds: int, seed: int) -> list[Row]:
    """Group-commit writer with the anchoring batcher on the embedded chain, killed."""
    t = time.perf_counter()
    rep = kill_rounds(d / "anchorer", rounds=rounds, seed=seed, mode="chain", writer="group",
                      sync="full", acks=(20, 200))
    return [_row("anchorer", "group commit + batcher (8 records / 5 ms) on the embedded chain",
                 rounds, rep, time.perf_counter() - t)]


# name -> (what it runs, share of --rounds it gets); later sections append here
SECTIONS: list[tuple[str, Callable[[Path, int, int], list[Row]], float]] = [
    ("ledger-writer", ledger_writer, 1.0),
    ("anchorer", anchorer, 0.5),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=50, help="kills per section (some get a share)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", nargs="*", choices=[n for n, _, _ in SECTIONS], help="run only these")
    a = ap.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, fn, share in SECTIONS:
            if a.only and name not in a.only:
                continue
            rows += fn(Path(tmp) / name, max(1, round(a.rounds * share)), a.seed)
    report("reliability", rows, {"rounds": a.rounds, "seed": a.seed})


if __name__ == "__main__":
    main()
