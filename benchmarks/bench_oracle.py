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
from nexus.oracle import Report, deploy_feed, dev_node_key
from nexus.oracle.adversary import BEHAVIOURS
from nexus.oracle.simulate import build_simulation

SIZES = (4, 7, 10, 31)


def gas_rows(chain: EmbeddedChain, cache: Path) -> list[dict[str, Any]]:
    rows = []
    for n in SIZES:
        f = (n - 1) // 3
        keys = [dev_node_key(i, "bench") for i in range(n)]
        row: dict[str, Any] = {"n": n, "f": f}
        # the leader sends every valid observation (m = n when all nodes answer; m = 2f+1 at least)
        for label, quorum, prepay, m in (("f+1, m=2f+1", f + 1, None, 2 * f + 1), ("f+1, m=n", f + 1, None, n),
                                         ("f+1, m=n, fresh slot", f + 1, 0, n), ("2f+1, m=n", 2 * f + 1, None, n)):
            feed = deploy_feed(chain, "bench", [k.address for k in keys], f, quorum=quorum, history=16,
                               prepay=prepay, cache_dir=cache)
            gas = []
            for _ in range(3):
                values = tuple(2000_00000000 + 1000 * (i - m // 2) for i in range(m))
                rep = Report(1, feed.latest_round() + 1, chain.timestamp(), values, f)
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
        rows.append({"n": n, "round_ms_median": round(1000 * statistics.median(times), 1),
                     "round_ms_max": round(1000 * max(times), 1), "accepted": f"{ok}/{rounds}"})
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
    return {"trials": trials, "safe_trials": safe, "safe_fraction": safe / trials,
            "rounds": total_rounds, "rounds_with_report": live, "liveness_fraction": live / total_rounds}


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
        chain.close()
    report("oracle", gas, {"latency": lat, "adversarial": adv})
    print("\nround latency (in-process nodes, embedded chain, 7 sources, 1 faulty)")
    for r in lat:
        print(f"  n={r['n']:>2}: median {r['round_ms_median']} ms, max {r['round_ms_max']} ms,"
              f" {r['accepted']} accepted")
    print(f"\nadversarial trials (<= f Byzantine nodes, <= 2 of 7 faulty sources, 3 rounds each): "
          f"{adv['safe_trials']}/{adv['trials']} safe ({100 * adv['safe_fraction']:.0f} %),"
          f" reports in {adv['rounds_with_report']}/{adv['rounds']} rounds")


if __name__ == "__main__":
    main()
