"""Can ANY learner meet issue 16's "within 0.01 of the truth on every seed"? (40 fresh seeds)

`python benchmarks/bench_aggregation_feasibility.py [--train N]` (about 4 min on 2 cores) runs the default
market (`nexus market simulate --events 150 --seed S`, inferring forecasters, dispersed world) on
seeds 201-240, which no mechanism was tuned or reported on, and next to it, on the same history
and the same events:

- the full-information learner of `bench_aggregation_bound.py`: logistic regression on ALL the
  features, observed without noise, fitted on the 300 past events and refitted after every
  resolved event (maximum likelihood). No trader has this;
- the same learner told the world's prior: the true W's entries are drawn N(0, 1.2^2), so with two
  outcomes the log-odds weights are N(0, 2.88) and the posterior mode is the ridge 1 / 2.88. It is
  the best a learner can do from these 300 + k events short of knowing W.

For each: the realised gap (last round's Brier minus the truth's on the 150 events: the issue's
metric) and the expected gap E[sum_c (p_c - truth_c)^2] (`metrics.excess`, the same gap with the
luck of which outcome happened averaged out). If even the learners that see everything miss 0.01
on some seeds, "every seed" is a matter of which 150 outcomes a seed draws, not of the mechanism.
Nothing is tuned here. `--train 1000` (results `markets_aggregation_feasibility_train1000.json`)
reruns all of it with a longer history, to show how much of the miss is the sample size (the
default stays 300: changing it would move the test towards the goal).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402
from bench_aggregation_bound import AGENTS, EVENTS, full_information  # noqa: E402

from nexus.markets.agents import SimConfig, run_simulation  # noqa: E402

SEEDS = tuple(range(201, 241))
PRIOR_RIDGE = 1 / (2 * 1.2**2)  # World draws each W entry N(0, 1.2^2): log-odds weights N(0, 2.88)
GOAL = 0.01
LEARNERS = ("market", "full-information", "full-information + prior")


def row(seed: int, train: int = 300) -> dict[str, Any]:
    cfg = SimConfig(events=EVENTS, seed=seed, train=train)
    rep = run_simulation(cfg)
    s = {k: v["brier"] for k, v in rep.scores.items()}
    best = min(AGENTS, key=lambda a: s[a])
    gap_best = s[best] - s["truth"]  # the best forecaster's own gap: a learner beats it when its gap is smaller
    mle, bayes = full_information(cfg), full_information(cfg, ridge=PRIOR_RIDGE)
    return {
        "seed": seed,
        "market - truth": round(s["market"] - s["truth"], 4),
        "market expected gap": round(rep.extra["expected_excess"]["market"], 4),
        "market - best": round(s["market"] - s[best], 4),
        "full-information - truth": round(mle["realised"], 4),
        "full-information expected gap": round(mle["expected"], 4),
        "full-information + prior - truth": round(bayes["realised"], 4),
        "full-information + prior expected gap": round(bayes["expected"], 4),
        "full-information - best": round(mle["realised"] - gap_best, 4),
        "max loss / funding": round(rep.extra["max_loss_over_funding"], 3),
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"seeds": list(SEEDS), "events": EVENTS, "goal": GOAL}
    for who in LEARNERS:
        gaps = [r[f"{who} - truth"] for r in rows]
        rate = sum(g <= GOAL for g in gaps) / len(gaps)
        out[f"{who}: within {GOAL} of truth"] = f"{sum(g <= GOAL for g in gaps)} of {len(gaps)}"
        out[f"{who}: seeds missed"] = [r["seed"] for r, g in zip(rows, gaps) if g > GOAL]
        expected = [r[f"{who} expected gap"] for r in rows]
        out[f"{who}: expected gap within {GOAL}"] = f"{sum(g <= GOAL for g in expected)} of {len(rows)}"
        out[f"{who}: mean expected gap"] = round(sum(expected) / len(rows), 4)
        # if seeds pass independently at this rate, the chance that 8 given seeds all pass
        out[f"{who}: chance of 8 of 8 at this rate"] = round(rate**8, 3)
    for who in ("market", "full-information"):
        out[f"{who} <= best forecaster"] = f"{sum(r[f'{who} - best'] <= 0 for r in rows)} of {len(rows)}"
    out["max maker loss / funding"] = max(r["max loss / funding"] for r in rows)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=int, default=300, help="past events (the simulation's default: 300)")
    args = ap.parse_args()
    started = time.time()
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        rows = list(pool.map(row, SEEDS, [args.train] * len(SEEDS)))
    summary = {"past events": args.train, **summarise(rows)}
    summary["seconds"] = round(time.time() - started, 1)
    suffix = "" if args.train == 300 else f"_train{args.train}"
    report(f"markets_aggregation_feasibility{suffix}", rows, summary)
    for k, v in summary.items():
        if k != "seeds":
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()
