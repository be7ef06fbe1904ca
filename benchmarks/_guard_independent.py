"""The independent part of bench_guard.py: attack classes on victims written apart from the
sandbox (tests/guard_eval, two implementations per class), dev and held-out seeds reported
separately, a third victim implementation for six classes written after the rules
(tests/guard_eval/third.py, split "held-out implementations"), and false alarms per 10k
transactions of every benign shape (their ordinary use included) with the shipped anomaly model
(fitted by benchmarks/fit_guard_anomaly.py on the sandbox and FIT_KINDS of other worlds; each
benign row says whether its kind was fitted on or held out)."""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from guard_eval.fit import FIT_KINDS  # noqa: E402
from guard_eval.runner import run_attack, run_benign  # noqa: E402
from guard_eval.suite import ATTACKS, BENIGN, DEV_SEEDS, HELD_OUT_SEEDS  # noqa: E402
from guard_eval.third import ATTACKS as THIRD  # noqa: E402
from guard_eval.third import BENIGN as THIRD_BENIGN  # noqa: E402
from guard_eval.third import deploy_third  # noqa: E402
from guard_eval.world import build_world  # noqa: E402

from nexus.guard.detectors.anomaly import load_default_anomaly  # noqa: E402

# Classes issue #14 lists that no independent victim exercises yet (reported, not hidden).
NOT_COVERED: list[str] = []


SPLIT_THIRD = "held-out implementations"


def attacks(seeds: tuple[int, ...], split: str, anomaly: Any, third: bool = True) -> list[dict[str, Any]]:
    """Every attack of the suite on each seed's world (`split`), then, on the same world, the third
    victim implementations (tests/guard_eval/third.py: written after the rules, run unchanged)."""
    out = []
    with tempfile.TemporaryDirectory(prefix="bench-guard-ind-") as tmp:
        for seed in seeds:
            w = build_world(Path(tmp) / f"w{seed}", seed=seed)
            for a in ATTACKS:
                out.append(_both(w, a, seed, split, anomaly))
            if third:
                deploy_third(w)
                for a in THIRD:
                    out.append(_both(w, a, seed, SPLIT_THIRD, anomaly))
            w.chain.close()
    return out


def _both(w: Any, a: Any, seed: int, split: str, anomaly: Any) -> dict[str, Any]:
    free = run_attack(w, a, seed, guarded=False, anomaly=anomaly)
    guarded = run_attack(w, a, seed, guarded=True, anomaly=anomaly)
    return {**free, "split": split, "loss_guarded": guarded["loss"], "pauses": guarded["pauses"]}


def per_class(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in runs:
        by[r["class"]].append(r)
    rows = []
    for cls, rs in by.items():
        lat = [r["latency_blocks"] for r in rs if r["latency_blocks"] is not None]
        free = sum(r["loss"] for r in rs)
        saved_pct = [100 * (r["loss"] - r["loss_guarded"]) / r["loss"] for r in rs if r["loss"] > 0]  # per run:
        # victims lose different assets (USD, ETH), so the class figure is the mean of the runs' shares
        rows.append(
            {
                "class": cls,
                "split": rs[0]["split"],
                "runs": len(rs),
                "implementations": len({r["impl"] for r in rs}),
                "recall_rules": sum(r["detected_rules"] for r in rs) / len(rs),
                "recall_any": sum(r["detected_any"] for r in rs) / len(rs),
                "latency_blocks_max": max(lat) if lat else None,
                "latency_blocks_median": statistics.median(lat) if lat else None,
                "loss_unguarded": round(free, 1),
                "funds_saved_pct": round(statistics.mean(saved_pct), 1) if saved_pct else None,
                "note": "",
            }
        )
    return rows


def benign(n: int, seed: int, model: Any) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-guard-benign-") as tmp:
        w = build_world(Path(tmp) / "w", seed=seed)
        for kind in [*BENIGN, *THIRD_BENIGN]:
            if kind in THIRD_BENIGN:
                deploy_third(w)  # (after the others: their worlds stay as before)
            r = run_benign(w, kind, n, seed, anomaly=model, traffic=THIRD_BENIGN.get(kind))
            txs = max(r["txs"], 1)
            rows.append(
                {
                    "kind": kind,
                    "anomaly_fit": "fitted kind" if kind in FIT_KINDS else "held out",
                    "victims": SPLIT_THIRD if kind in THIRD_BENIGN else "suite",
                    "txs": r["txs"],
                    "rule_alarms_per_10k": round(10_000 * len(r["rule_false_alarms"]) / txs, 1),
                    "alarms_per_10k": round(10_000 * len(r["false_alarms"]) / txs, 1),
                    "pauses": len(r["pauses"]),
                    "alerts": sorted(set(r["false_alarms"])),
                }
            )
        w.chain.close()
    return rows


def run(benign_per_kind: int = 200, benign_seed: int = 900) -> dict[str, Any]:
    shipped = load_default_anomaly()
    runs = attacks(DEV_SEEDS, "dev", shipped) + attacks(HELD_OUT_SEEDS, "held-out", shipped)
    classes = [
        row for split in ("dev", "held-out", SPLIT_THIRD) for row in per_class([r for r in runs if r["split"] == split])
    ]
    keys = list(classes[0])
    classes += [
        {**dict.fromkeys(keys), "class": c, "split": "-", "runs": 0, "note": "no independent victim yet"}
        for c in NOT_COVERED
    ]
    return {
        "classes": classes,
        "benign": benign(benign_per_kind, benign_seed, shipped),
        "shipped_baseline": shipped.baseline if shipped else None,
        "shipped_n": shipped.n_fit_ if shipped else None,
        "attack_runs": runs,
    }
