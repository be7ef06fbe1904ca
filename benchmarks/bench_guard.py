"""Guard detection benchmark: per scenario recall/precision, false alarms per 10,000 benign txs,
detection latency (blocks, ms), funds saved by the breaker; over many seeded runs.

Each run: a fresh embedded chain and sandbox, `--benign` benign transactions watched by the full
monitor (rules + the shipped anomaly model, fitted on seed 1000 which no run here uses), then every
scenario twice from the same snapshot: unguarded (detection, loot) and guarded (loot). Nothing is
tuned on these runs. Usage: python benchmarks/bench_guard.py [--runs 10] [--benign 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from _report import report

from nexus.chain.embedded import EmbeddedChain
from nexus.guard import build_monitor
from nexus.guard.detectors.anomaly import load_default_anomaly
from nexus.sandbox import SCENARIOS, TrafficSimulator, deploy_sandbox, run_scenario


def one_run(seed: int, benign: int, cache: Path) -> dict[str, Any]:
    anomaly = load_default_anomaly()
    with tempfile.TemporaryDirectory(prefix="bench-guard-") as tmp:
        chain = EmbeddedChain(Path(tmp) / "chain", flush_interval=1e9)
        sb = deploy_sandbox(chain, cache_dir=cache)
        sim = TrafficSimulator(sb, seed=seed, accounts=40)
        sim.setup()
        mon = build_monitor(chain, targets=sb.watch_targets(), anomaly=anomaly, start=chain.block_number() + 1)
        false_alarms: list[str] = []
        for _ in range(benign):
            sim.step()
            false_alarms += [f.alert_id for f in mon.poll()]
        benign_ms = list(mon.latencies_ms)
        out: dict[str, Any] = {
            "seed": seed,
            "benign_txs": benign,
            "false_alarms": false_alarms,
            "benign_block_ms": benign_ms,
            "scenarios": {},
        }
        for name, cls in SCENARIOS.items():
            snap = chain.snapshot()
            watch = build_monitor(
                chain, targets=sb.watch_targets(), anomaly=anomaly, breaker=False, start=chain.block_number() + 1
            )
            alerts: list[tuple[int, float, str]] = []

            def observe(watch: Any = watch, alerts: list[tuple[int, float, str]] = alerts) -> None:
                t0 = time.perf_counter()
                for f in watch.poll():
                    alerts.append((f.block_number, (time.perf_counter() - t0) * 1000, f.alert_id))

            free = run_scenario(sb, name, seed=seed, cache_dir=cache, between=observe)
            chain.revert(snap)
            snap = chain.snapshot()
            guard = build_monitor(chain, targets=sb.watch_targets(), anomaly=anomaly, start=chain.block_number() + 1)
            guarded = run_scenario(sb, name, seed=seed, cache_dir=cache, between=guard.poll)
            chain.revert(snap)
            exploit_first = free.steps[0]["block"] if free.steps else 0
            hits = [a for a in alerts if a[0] >= exploit_first]
            out["scenarios"][name] = {
                "detected": bool(hits),
                "alerts": [a[2] for a in hits],
                "latency_blocks": (hits[0][0] - exploit_first) if hits else None,
                "latency_ms": hits[0][1] if hits else None,
                "extracted_free": free.extracted,
                "extracted_guarded": guarded.extracted,
                "asset": cls.asset,
                "steps": len(free.steps),
                "blocked_steps": guarded.blocked_steps,
                "stoppable": cls.stoppable,
            }
        chain.close()
        return out


def independent_suite(per_kind: int) -> None:
    """Attack classes on independent victims (dev / held-out seeds) and benign shapes: see _guard_independent."""
    from _guard_independent import run

    t0 = time.time()
    res = run(per_kind)
    report("guard_independent", res["classes"], {k: v for k, v in res.items() if k != "classes"})
    for row in res["benign"]:
        print(row)
    print(f"independent suite: {time.time() - t0:.0f}s; model baseline: {res['shipped_baseline']}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--benign", type=int, default=1000)
    ap.add_argument("--first-seed", type=int, default=0)
    ap.add_argument("--suite", choices=["sandbox", "independent", "both"], default="both")
    ap.add_argument("--benign-per-kind", type=int, default=200, help="independent suite: txs per benign shape")
    args = ap.parse_args()
    if args.suite in ("independent", "both"):
        independent_suite(args.benign_per_kind)
    if args.suite == "independent":
        return
    cache = Path(tempfile.gettempdir()) / "nexus-bench-contracts"
    runs = []
    for seed in range(args.first_seed, args.first_seed + args.runs):
        t0 = time.time()
        runs.append(one_run(seed, args.benign, cache))
        print(f"seed {seed}: {time.time() - t0:.0f}s, false alarms {len(runs[-1]['false_alarms'])}", file=sys.stderr)
    total_benign = sum(r["benign_txs"] for r in runs)
    fa = [a for r in runs for a in r["false_alarms"]]
    fa_by_id: dict[str, int] = defaultdict(int)
    for a in fa:
        fa_by_id[a] += 1
    rows = []
    for name in SCENARIOS:
        per = [r["scenarios"][name] for r in runs]
        tp = sum(1 for p in per if p["detected"])
        ids = {a for p in per for a in p["alerts"]}
        false_same = sum(n for i, n in fa_by_id.items() if i in ids)
        lat_b = [p["latency_blocks"] for p in per if p["latency_blocks"] is not None]
        lat_ms = [p["latency_ms"] for p in per if p["latency_ms"] is not None]
        free = statistics.mean(p["extracted_free"] for p in per)
        guarded = statistics.mean(p["extracted_guarded"] for p in per)
        rows.append(
            {
                "scenario": name,
                "runs": len(per),
                "recall": tp / len(per),
                "precision": tp / max(tp + false_same, 1),
                "latency_blocks_max": max(lat_b) if lat_b else None,
                "latency_ms_median": round(statistics.median(lat_ms), 2) if lat_ms else None,
                "loot_unguarded": round(free, 2),
                "loot_guarded": round(guarded, 2),
                "saved_pct": round(100 * (free - guarded) / free, 1) if free > 0 and per[0]["stoppable"] else None,
                "asset": per[0]["asset"],
            }
        )
    block_ms = sorted(x for r in runs for x in r["benign_block_ms"])
    p99 = block_ms[int(0.99 * (len(block_ms) - 1))] if block_ms else 0.0
    extra = {
        "runs": args.runs,
        "benign_txs_total": total_benign,
        "false_alarms_total": len(fa),
        "false_alarms_per_10k": 10_000 * len(fa) / max(total_benign, 1),
        "false_alarms_by_id": dict(fa_by_id),
        "block_to_alert_ms_p50": block_ms[len(block_ms) // 2] if block_ms else 0.0,
        "block_to_alert_ms_p99": p99,
        "seeds": [r["seed"] for r in runs],
        "detail": [{k: v for k, v in r.items() if k != "benign_block_ms"} for r in runs],
    }
    report("guard_detection", rows, extra)
    print(
        f"false alarms: {len(fa)} in {total_benign} benign txs ({extra['false_alarms_per_10k']:.2f} per 10k); "
        f"block processing p50 {extra['block_to_alert_ms_p50']:.2f} ms, p99 {p99:.2f} ms"
    )


if __name__ == "__main__":
    main()
