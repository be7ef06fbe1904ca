"""Oracle figures: gas per report against n, round latency on the embedded chain, adversarial safety.

Run: python benchmarks/bench_oracle.py [--trials 60]  (writes results/oracle.json)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _report import report

from nexus.chain.embedded import EmbeddedChain
from nexus.oracle import OracleReport, deploy_feed, dev_node_key
from nexus.oracle.adversary import BEHAVIOURS
from nexus.oracle.scoring import SourceMonitor
from nexus.oracle.simulate import build_simulation
from nexus.oracle.simulated import Fault, MarketWorld, SimulatedSource

SIZES = (4, 7, 10, 31)


def gas_rows(chain: EmbeddedChain, cache: Path) -> list[dict[str, Any]]:
    rows = []
    for n in SIZES:
        f = (n - 1) // 3
        keys = [dev_node_key(i, "bench") for i in range(n)]
        row: dict[str, Any] = {"n": n, "f": f}
        # the leader sends every valid observation (m = n when all nodes answer; m = 2f+1 at least)
        for label, quorum, prepay, m in (
            ("f+1, m=2f+1", f + 1, None, 2 * f + 1),
            ("f+1, m=n", f + 1, None, n),
            ("f+1, m=n, fresh slot", f + 1, 0, n),
            ("2f+1, m=n", 2 * f + 1, None, n),
        ):
            feed = deploy_feed(
                chain, "bench", [k.address for k in keys], f, quorum=quorum, history=16, prepay=prepay, cache_dir=cache
            )
            gas = []
            for _ in range(3):
                values = tuple(2000_00000000 + 1000 * (i - m // 2) for i in range(m))
                rep = OracleReport(1, feed.latest_round() + 1, chain.timestamp(), values, f)
                d = rep.digest(feed.domain)
                gas.append(feed.transmit(rep, [(i, keys[i].sign(d)) for i in range(quorum)]).gas_used)
                chain.mine(1, seconds=1)
            row[f"gas q={label}"] = int(statistics.median(gas))
        row["goal"] = 60_000 if n == 4 else (100_000 if n == 31 else "")
        rows.append(row)
    return rows


def latency_rows(chain: EmbeddedChain, cache: Path, rounds: int = 5) -> list[dict[str, Any]]:
    rows = []
    for n in SIZES:
        sim = build_simulation(chain, n, 0, 1, seed=1, cache_dir=cache)
        times, ok = [], 0
        for _ in range(rounds):
            chain.mine(1, seconds=30)
            t = time.perf_counter()
            out = sim.network.run_round(force=True)
            times.append(time.perf_counter() - t)
            ok += out.accepted is not None
        rows.append(
            {
                "n": n,
                "round_ms_median": round(1000 * statistics.median(times), 1),
                "round_ms_max": round(1000 * max(times), 1),
                "accepted": f"{ok}/{rounds}",
            }
        )
    return rows


def adversarial(chain: EmbeddedChain, cache: Path, trials: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    safe = live = total_rounds = 0
    for _t in range(trials):
        n = rng.choice((4, 7, 10))
        f = (n - 1) // 3
        k = rng.randint(0, f)
        behaviours = rng.sample(BEHAVIOURS, rng.randint(1, 3))
        m = rng.randint(0, 2)  # stated source tolerance: floor((7-1)/3) = 2 of 7
        sim = build_simulation(chain, n, k, m, seed=rng.randrange(10**6), behaviours=behaviours, cache_dir=cache)
        rows = sim.run(3)
        total_rounds += len(rows)
        safe += all(r["safe"] for r in rows)
        live += sum(r["accepted"] for r in rows)
    return {
        "trials": trials,
        "safe_trials": safe,
        "safe_fraction": safe / trials,
        "rounds": total_rounds,
        "rounds_with_report": live,
        "liveness_fraction": live / total_rounds,
    }


def beyond_f(chain: EmbeddedChain, cache: Path, seeds: int = 3) -> list[dict[str, Any]]:
    """More than f faulty nodes (f+1 .. 2f, of one behaviour): how often a report still got in, and
    how often it left the honest range, with quorum f+1 (default) and 2f+1."""
    rows = []
    for behaviour in BEHAVIOURS:
        for label, q in (("f+1", None), ("2f+1", 3)):
            n, f = 4, 1
            rounds = accepted = unsafe = 0
            for seed in range(seeds):
                sim = build_simulation(chain, n, f + 1, 0, seed=seed, behaviours=[behaviour], quorum=q, cache_dir=cache)
                for r in sim.run(3):
                    rounds += 1
                    accepted += r["accepted"]
                    unsafe += not r["safe"]
            rows.append(
                {
                    "behaviour": behaviour,
                    "n": n,
                    "faulty": f + 1,
                    "quorum": label,
                    "rounds": rounds,
                    "reports_accepted": accepted,
                    "unsafe_reports": unsafe,
                }
            )
    return rows


DETECT = {  # fault kind -> magnitude for MarketWorld(base=2000)
    "stuck": 0.0,
    "stale": 0.0,
    "offline": 0.0,
    "spike": 0.5,
    "drift 20%/h": 400.0,
    "drift 1%/h": 20.0,
    "pinned at 3x": 6000.0,
    "pinned at +3%": 2060.0,
    "pinned at +1%": 2020.0,
    "pinned at +0.3%": 2006.0,
}


def source_detection(seeds: int = 10, step: float = 60.0) -> list[dict[str, Any]]:
    """Per fault kind: the share of reads after the fault starts on which one node's SourceMonitor
    dropped the faulty source (recall), the share of honest-source reads it dropped (false flags),
    and the node's worst relative error. One learned hour, then two faulty hours; 7 sources."""
    rows = []
    for label, mag in DETECT.items():
        kind = "manipulated" if label.startswith("pinned") else label.split()[0]  # pinned: reports a fixed value
        hits = faulty_reads = false = honest_reads = 0
        worst = 0.0
        for seed in range(seeds):
            world = MarketWorld(base=2000.0, seed=seed)
            start = 3600.0
            srcs = [
                SimulatedSource(
                    f"s{i}",
                    world.price,
                    noise=0.001,
                    seed=seed,
                    fault=Fault(kind, start=start, magnitude=mag) if i == 0 else None,
                )
                for i in range(7)
            ]
            mon = SourceMonitor()
            t = 0.0
            while t < 3 * 3600:
                readings = {}
                for src in srcs:
                    try:
                        readings[src.id] = src.read(t)
                    except Exception:  # an offline source answers nothing
                        readings[src.id] = None
                a = mon.assess(readings, t)
                if t >= start:
                    faulty_reads += 1
                    hits += "s0" not in a.used
                    honest_reads += 6
                    false += sum(f"s{i}" not in a.used for i in range(1, 7))
                    if a.value is not None:
                        worst = max(worst, abs(a.value - world.price(t)) / world.price(t))
                t += step
        rows.append(
            {
                "fault": label,
                "recall": round(hits / faulty_reads, 4),
                "false_flag_rate": round(false / honest_reads, 5),
                "worst_rel_error": round(worst, 5),
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--trials", type=int, default=60)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        chain = EmbeddedChain(Path(tmp) / "chain", flush_interval=3600)
        cache = Path(tmp) / "cache"
        gas = gas_rows(chain, cache)
        print("gas per report (median of 3; q = signatures required)")
        lat = latency_rows(chain, cache)
        adv = adversarial(chain, cache, args.trials)
        over = beyond_f(chain, cache)
        chain.close()
    detect = source_detection()
    report("oracle", gas, {"latency": lat, "adversarial": adv, "beyond_f": over, "source_detection": detect})
    print("\nround latency (in-process nodes, embedded chain, 7 sources, 1 faulty)")
    for r in lat:
        print(
            f"  n={r['n']:>2}: median {r['round_ms_median']} ms, max {r['round_ms_max']} ms, {r['accepted']} accepted"
        )
    print(
        f"\nadversarial trials (<= f Byzantine nodes, <= 2 of 7 faulty sources, 3 rounds each): "
        f"{adv['safe_trials']}/{adv['trials']} safe ({100 * adv['safe_fraction']:.0f} %),"
        f" reports in {adv['rounds_with_report']}/{adv['rounds']} rounds"
    )
    print("\nmore than f faulty nodes (n=4, 2 faulty, 3 seeds x 3 rounds): reports accepted / unsafe")
    for r in over:
        print(
            f"  {r['behaviour']:>8} quorum {r['quorum']:>4}: {r['reports_accepted']}/{r['rounds']} accepted,"
            f" {r['unsafe_reports']} out of the honest range"
        )
    print("\nsource fault detection (one node's SourceMonitor, 7 sources, 1 faulty, 10 seeds)")
    for r in detect:
        print(
            f"  {r['fault']:>16}: recall {r['recall']:.3f}, false flags {r['false_flag_rate']:.4f},"
            f" worst error {100 * r['worst_rel_error']:.2f} %"
        )


if __name__ == "__main__":
    main()
