"""Reliability figures: kills survived, acknowledged records lost, wrong roots, tamper cases caught,
fuzz inputs answered with a 500 or a crash.

    python benchmarks/bench_reliability.py [--rounds 50] [--seed 0] [--only ledger-writer ...]

Kill sections SIGKILL a component at random points, over and over, and check the reopened state
against an independent recomputation (tests/ledgerharness.py, tests/decision_kills.py,
tests/killharness.py). A kill is "survived" when, after it, every check passes. The tamper section
applies every case of tests/tamper.py to a real anchored ledger; the fuzz section sends
hypothesis-generated input to every API route (tests/fuzzing.py). Columns: `tried` (kills, cases or
inputs), `failed` (kills not survived, tamper cases missed, inputs answered 5xx or crashing).
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
    return {
        "section": section,
        "workload": what,
        "tried": rep.kills,
        "failed": rep.kills - rep.survived,
        "acked": rep.acked,
        "acked_lost": len(rep.lost),
        "wrong_roots": len(rep.wrong_roots),
        "other_problems": len(rep.problems),
        "seconds": round(seconds, 1),
    }


def _plain(
    section: str,
    what: str,
    tried: int,
    failed: int,
    seconds: float,
    *,
    acked: int = 0,
    acked_lost: int = 0,
    other: int = 0,
) -> Row:
    return {
        "section": section,
        "workload": what,
        "tried": tried,
        "failed": failed,
        "acked": acked,
        "acked_lost": acked_lost,
        "wrong_roots": 0,
        "other_problems": other,
        "seconds": round(seconds, 1),
    }


def ledger_writer(d: Path, rounds: int, seed: int) -> list[Row]:
    """Two writer threads (append_many) and three checkpoint makers in one process, killed."""
    t = time.perf_counter()
    rep = kill_rounds(
        d / "writer", rounds=rounds, seed=seed, mode="checkpoint", writer="many", sync="normal", acks=(200, 600)
    )
    rows = [
        _row(
            "ledger writer",
            "2 append_many threads + 3 checkpointers, sync=normal",
            rounds,
            rep,
            time.perf_counter() - t,
        )
    ]
    t = time.perf_counter()
    rep = kill_rounds(
        d / "single", rounds=rounds, seed=seed + 1, mode="checkpoint", writer="single", sync="full", acks=(20, 200)
    )
    rows.append(
        _row("ledger writer", "append one at a time + 3 checkpointers, sync=full", rounds, rep, time.perf_counter() - t)
    )
    return rows


def anchorer(d: Path, rounds: int, seed: int) -> list[Row]:
    """Group-commit writer with the anchoring batcher on the embedded chain, killed."""
    t = time.perf_counter()
    rep = kill_rounds(
        d / "anchorer", rounds=rounds, seed=seed, mode="chain", writer="group", sync="full", acks=(20, 200)
    )
    return [
        _row(
            "anchorer",
            "group commit + batcher (8 records / 5 ms) on the embedded chain",
            rounds,
            rep,
            time.perf_counter() - t,
        )
    ]


def decorator(d: Path, rounds: int, seed: int) -> list[Row]:
    """A process deciding through `@nexus.audited` in 4 threads (durable default), killed."""
    from decision_kills import run_decorator_kill_rounds

    t = time.perf_counter()
    r = run_decorator_kill_rounds(rounds, seed)
    bad = r["lost"] > 0 or r["content_mismatches"] > 0 or not r["gap_free"] or not r["audit_ok"]
    return [
        _plain(
            "@audited decorator",
            "4 threads, durable=True, killed mid-stream",
            r["kills"],
            r["kills"] if bad else 0,
            time.perf_counter() - t,
            acked=r["acked"],
            acked_lost=r["lost"],
            other=r["content_mismatches"] + (not r["gap_free"]) + (not r["audit_ok"]),
        )
    ]


def node(d: Path, rounds: int, seed: int) -> list[Row]:
    """A real `nexus up` under mixed load (market buys, ledger appends, anchors, receipts, guard,
    oracle), killed; every acknowledged answer is checked against the restarted stores and chain."""
    from killharness import run_node_kill_rounds

    t = time.perf_counter()
    r = run_node_kill_rounds(rounds, seed)
    other = r["dangling_anchors"] + r["guard_stale_blocks"] + r["journal_stale"]
    lost = r["lost"] + r["failed_receipts"]
    return [
        _plain(
            "node (nexus up)",
            "buys + appends + anchors + receipts, guard and oracle running",
            r["kills"],
            r["kills"] if lost or other else 0,
            time.perf_counter() - t,
            acked=sum(r["acked"].values()),
            acked_lost=lost,
            other=other,
        )
    ]


def tamper(d: Path, rounds: int, seed: int) -> list[Row]:
    """Every tamper case (store edits, anchor edits, a lost anchor transaction, forged receipts)."""
    from tamper import run_tamper_cases

    t = time.perf_counter()
    r = run_tamper_cases()
    return [
        _plain(
            "tamper cases",
            "caught by audit or verify (missed: " + (", ".join(r["missed"]) or "none") + ")",
            r["tried"],
            r["tried"] - r["caught"],
            time.perf_counter() - t,
        )
    ]


def fuzz(d: Path, rounds: int, seed: int) -> list[Row]:
    """Hypothesis-generated bodies, paths and queries for every API route (from the OpenAPI document)."""
    from fuzzing import run_api_fuzz

    t = time.perf_counter()
    r = run_api_fuzz(max(20, rounds), seed=seed)
    return [
        _plain(
            "API fuzz",
            f"{len(r['routes'])} routes, {max(20, rounds)} examples each",
            r["inputs"],
            r["server_errors"] + r["crashes"],
            time.perf_counter() - t,
            other=r["crashes"],
        )
    ]


# name -> (what it runs, share of --rounds it gets)
SECTIONS: list[tuple[str, Callable[[Path, int, int], list[Row]], float]] = [
    ("ledger-writer", ledger_writer, 1.0),
    ("anchorer", anchorer, 0.5),
    ("decorator", decorator, 0.3),
    ("node", node, 0.2),
    ("tamper", tamper, 1.0),
    ("fuzz", fuzz, 1.0),
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
