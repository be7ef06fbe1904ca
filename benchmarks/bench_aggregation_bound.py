"""How close any learner with the market's data can get to the truth (issue 16, held-out seeds).

`python benchmarks/bench_aggregation_bound.py` (about 4 min on 2 cores) asks whether issue 16's
"within 0.01 of the Bayes-optimal forecast on every seed" is reachable at all in the simulation.
The "truth" is softmax(W x) with the world's true W; every trader only ever learns W from the same
300 past events (and the live ones as they resolve). So the benchmark scores, on the held-out seeds
of `bench_markets.py aggregation` and the same events, next to the default market
(`SimConfig()`, inferring forecasters):

- a full-information learner: multinomial logistic regression on ALL the features, observed
  without noise, fitted on the same 300 past events and refitted after every resolved event (no
  trader has this: it sees what the three forecasters see together, exactly). It is an upper
  bound on what pooling the forecasters' evidence can reach with this much data (it is scored
  against the best single forecaster too: in the shared world, where every forecaster already
  sees everything, even it beats the best forecaster only by luck);
- for each, the realised gap (last round's Brier minus the truth's on the 150 events, the issue's
  metric) and the expected gap E[sum_c (p_c - truth_c)^2] (`metrics.excess`: the same gap with
  the noise of which outcome happened averaged out exactly);
- the default market again with a longer history (`train` 1,000 and 3,000 past events), to show
  whether the remaining gap is the sample size, not the mechanism.

Nothing here is tuned: the mechanism was fixed on the tuning seeds 101-110 before these seeds ran.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

from nexus.markets.agents import SimConfig, run_simulation  # noqa: E402
from nexus.markets.agents.inference import _logits, fit_logit  # noqa: E402
from nexus.markets.agents.metrics import brier, excess  # noqa: E402
from nexus.markets.agents.models import softmax  # noqa: E402
from nexus.markets.agents.world import World  # noqa: E402

SEEDS = (1, 2, 11, 12, 21, 22, 31, 32)
AGENTS = ("logistic", "bayes", "ensemble")
EVENTS = 150


def full_information(cfg: SimConfig, ridge: float | None = None) -> dict[str, float]:
    """The full-information learner on the simulation's own history and events (same streams as
    `run_simulation`: the world and history from Random(seed), the events from their own stream).
    `ridge` (default: a negligible 1e-3 per event, i.e. maximum likelihood) is the L2 penalty
    ridge * |theta|^2 / 2 on every weight."""
    rng = random.Random(cfg.seed)
    world = World(cfg, rng)
    rows: list[tuple[list[float], int]] = [world.draw(rng) for _ in range(cfg.train)]
    events_rng = random.Random(f"{cfg.seed}/events")
    n = cfg.outcomes
    zero = [0.0] * ((n - 1) * (cfg.features + 1))
    theta = fit_logit(rows, n, zero, zero, 1e-3 * len(rows) if ridge is None else ridge, 12)
    forecasts, truths, outcomes = [], [], []
    for _ in range(cfg.events):
        x, y = world.draw(events_rng)
        forecasts.append(softmax(_logits(theta, x, n)))
        truths.append(world.truth(x))
        outcomes.append(y)
        rows.append((x, y))
        theta = fit_logit(rows, n, theta, zero, 1e-3 * len(rows) if ridge is None else ridge, 2)
    return {
        "realised": brier(forecasts, outcomes) - brier(truths, outcomes),
        "expected": excess(forecasts, truths),
    }


def row(info: str, seed: int, train: int = 300) -> dict[str, Any]:
    cfg = SimConfig(events=EVENTS, rounds=6, seed=seed, info=info, train=train)
    rep = run_simulation(cfg)
    s = {k: v["brier"] for k, v in rep.scores.items()}
    best = min(AGENTS, key=lambda a: s[a])
    out: dict[str, Any] = {
        "world": info,
        "seed": seed,
        "past events": train,
        "market - truth": round(s["market"] - s["truth"], 4),
        "market expected gap": round(rep.extra["expected_excess"]["market"], 4),
        "market - best": round(s["market"] - s[best], 4),
        "best agent - truth": round(s[best] - s["truth"], 4),
    }
    if train == 300:
        ref = full_information(cfg)
        out["full-information - truth"] = round(ref["realised"], 4)
        out["full-information expected gap"] = round(ref["expected"], 4)
        out["full-information - best"] = round(ref["realised"] + s["truth"] - s[best], 4)
    return out


def main() -> None:
    started = time.time()
    rows = [row(info, seed) for info in ("dispersed", "shared") for seed in SEEDS]
    rows += [row("dispersed", seed, train) for train in (1000, 3000) for seed in SEEDS]
    summary: dict[str, Any] = {"seeds": list(SEEDS), "events": EVENTS}
    for info, train in (("dispersed", 300), ("shared", 300), ("dispersed", 1000), ("dispersed", 3000)):
        mine = [r for r in rows if r["world"] == info and r["past events"] == train]
        key = f"{info}, {train} past events"
        summary[f"{key}: market within 0.01 of truth"] = sum(r["market - truth"] <= 0.01 for r in mine)
        summary[f"{key}: market <= best"] = sum(r["market - best"] <= 0 for r in mine)
        summary[f"{key}: mean market expected gap"] = round(sum(r["market expected gap"] for r in mine) / len(mine), 4)
        if train == 300:
            ref = [r["full-information - truth"] for r in mine]
            summary[f"{key}: full-information within 0.01 of truth"] = sum(v <= 0.01 for v in ref)
            summary[f"{key}: max full-information - truth"] = max(ref)
            summary[f"{key}: full-information <= best"] = sum(r["full-information - best"] <= 0 for r in mine)
            exp = [r["full-information expected gap"] for r in mine]
            summary[f"{key}: mean full-information expected gap"] = round(sum(exp) / len(exp), 4)
    cols = list(dict.fromkeys(k for r in rows for k in r))
    rows = [{k: r.get(k, "") for k in cols} for r in rows]
    summary["seconds"] = round(time.time() - started, 1)
    report("markets_aggregation_bound", rows, summary)


if __name__ == "__main__":
    main()
